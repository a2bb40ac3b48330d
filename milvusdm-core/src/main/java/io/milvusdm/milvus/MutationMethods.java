package io.milvusdm.milvus;

import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.grpc.MutationResult;
import io.milvus.shaded.io.grpc.Drainable;
import io.milvus.shaded.io.grpc.KnownLength;
import io.milvus.shaded.io.grpc.MethodDescriptor;
import io.milvus.shaded.io.grpc.protobuf.ProtoUtils;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The Insert and Upsert RPCs of {@code milvus.proto.milvus.MilvusService}, with requests that are already
 * encoded ({@link InsertRequestEncoder}) and responses parsed by the generated {@link MutationResult}.
 * The wire is the same as the generated stub's: only the request object is skipped.
 */
final class MutationMethods {

    static final MethodDescriptor<byte[], MutationResult> INSERT = method(MilvusServiceGrpc.getInsertMethod().getFullMethodName());
    static final MethodDescriptor<byte[], MutationResult> UPSERT = method(MilvusServiceGrpc.getUpsertMethod().getFullMethodName());

    private MutationMethods() {
    }

    private static MethodDescriptor<byte[], MutationResult> method(String fullName) {
        return MethodDescriptor.<byte[], MutationResult>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(fullName)
                .setRequestMarshaller(new BytesMarshaller())
                .setResponseMarshaller(ProtoUtils.marshaller(MutationResult.getDefaultInstance()))
                .build();
    }

    /** Hands the encoded bytes to the transport without a copy: {@link Drainable} writes them straight out. */
    static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {

        @Override
        public InputStream stream(byte[] value) {
            return new BytesStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class BytesStream extends ByteArrayInputStream implements Drainable, KnownLength {

        BytesStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            int length = count - pos;
            target.write(buf, pos, length);
            pos = count;
            return length;
        }
    }
}
