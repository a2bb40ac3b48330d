package io.milvusdm.milvus.source;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.WireFormat;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.LongArray;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.grpc.QueryRequest;
import io.milvus.grpc.QueryResults;
import io.milvus.grpc.ScalarField;
import io.milvus.grpc.Status;
import io.milvus.grpc.StringArray;
import io.milvus.shaded.io.grpc.MethodDescriptor;
import io.milvus.shaded.io.grpc.protobuf.ProtoUtils;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes the answer of a query for keys ({@code QueryResults} holding the key column) into one array of INT64
 * keys that the decoder keeps from chunk to chunk, or a list of VARCHAR keys. Protobuf's own list starts at
 * 1,024 keys and grows by half again as it fills: for a chunk of 2M keys, 48 MiB of humongous arrays allocated
 * for 16 MiB of keys, each chunk again.
 *
 * <p>One decoder serves the calls of one {@link LiteKeyScan}, one after the other: gRPC parses a blocking call's
 * answer on the calling thread. A chunk's INT64 keys are valid until the next call.
 */
final class KeyChunkDecoder implements MethodDescriptor.Marshaller<KeyChunkDecoder.Chunk> {

    private static final int READ_BUFFER = 1 << 16;

    /**
     * The keys of one answer.
     *
     * @param int64 INT64 keys in {@code int64[0, count)}: the decoder's array, overwritten by the next call
     * @param varchar VARCHAR keys
     */
    record Chunk(Status status, long[] int64, int count, List<String> varchar) {
    }

    private final String keyField;
    private long[] int64 = new long[1024];

    KeyChunkDecoder(String keyField) {
        this.keyField = keyField;
    }

    /** The Query method of the Milvus service, answered through this decoder. */
    MethodDescriptor<QueryRequest, Chunk> method() {
        return MilvusServiceGrpc.getQueryMethod().toBuilder(ProtoUtils.marshaller(QueryRequest.getDefaultInstance()),
                this).build();
    }

    @Override
    public InputStream stream(Chunk value) {
        throw new UnsupportedOperationException("query answers are only decoded");
    }

    @Override
    public Chunk parse(InputStream stream) {
        try {
            return decode(CodedInputStream.newInstance(stream, READ_BUFFER));
        } catch (IOException e) {
            throw io.milvus.shaded.io.grpc.Status.INTERNAL.withDescription("Invalid protobuf byte sequence in a query"
                    + " answer: " + e.getMessage()).withCause(e).asRuntimeException();
        }
    }

    Chunk decode(CodedInputStream in) throws IOException {
        in.setSizeLimit(Integer.MAX_VALUE);
        Status status = Status.getDefaultInstance();
        Keys keys = new Keys();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == QueryResults.STATUS_FIELD_NUMBER && isMessage(tag)) {
                status = in.readMessage(Status.parser(), ExtensionRegistryLite.getEmptyRegistry());
            } else if (field == QueryResults.FIELDS_DATA_FIELD_NUMBER && isMessage(tag)) {
                int limit = in.pushLimit(in.readRawVarint32());
                fieldData(in, keys);
                in.popLimit(limit);
            } else {
                in.skipField(tag);
            }
        }
        return new Chunk(status, int64, keys.count, keys.varchar);
    }

    /** What the key column held so far. */
    private static final class Keys {
        int count;
        final List<String> varchar = new ArrayList<>();
    }

    /** One column: its values are kept only when it is the key column. */
    private void fieldData(CodedInputStream in, Keys keys) throws IOException {
        int countBefore = keys.count;
        int varcharBefore = keys.varchar.size();
        String name = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == FieldData.FIELD_NAME_FIELD_NUMBER && isMessage(tag)) {
                name = in.readStringRequireUtf8();
            } else if (field == FieldData.SCALARS_FIELD_NUMBER && isMessage(tag)) {
                int limit = in.pushLimit(in.readRawVarint32());
                scalars(in, keys);
                in.popLimit(limit);
            } else {
                in.skipField(tag);
            }
        }
        if (!keyField.equals(name)) {
            keys.count = countBefore;
            keys.varchar.subList(varcharBefore, keys.varchar.size()).clear();
        }
    }

    private void scalars(CodedInputStream in, Keys keys) throws IOException {
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int field = WireFormat.getTagFieldNumber(tag);
            if ((field == ScalarField.LONG_DATA_FIELD_NUMBER || field == ScalarField.STRING_DATA_FIELD_NUMBER)
                    && isMessage(tag)) {
                int limit = in.pushLimit(in.readRawVarint32());
                if (field == ScalarField.LONG_DATA_FIELD_NUMBER) {
                    longs(in, keys);
                } else {
                    strings(in, keys);
                }
                in.popLimit(limit);
            } else {
                in.skipField(tag);
            }
        }
    }

    /** LongArray: packed varints (what servers send) or one a tag. */
    private void longs(CodedInputStream in, Keys keys) throws IOException {
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) != LongArray.DATA_FIELD_NUMBER) {
                in.skipField(tag);
            } else if (isMessage(tag)) {
                int limit = in.pushLimit(in.readRawVarint32());
                while (in.getBytesUntilLimit() > 0) {
                    add(keys, in.readInt64());
                }
                in.popLimit(limit);
            } else if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_VARINT) {
                add(keys, in.readInt64());
            } else {
                in.skipField(tag);
            }
        }
    }

    private void add(Keys keys, long key) {
        if (keys.count == int64.length) {
            int64 = Arrays.copyOf(int64, Math.max(16, Math.min(Integer.MAX_VALUE - 8, 2 * int64.length)));
        }
        int64[keys.count++] = key;
    }

    private static void strings(CodedInputStream in, Keys keys) throws IOException {
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == StringArray.DATA_FIELD_NUMBER && isMessage(tag)) {
                keys.varchar.add(in.readStringRequireUtf8());
            } else {
                in.skipField(tag);
            }
        }
    }

    private static boolean isMessage(int tag) {
        return WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
    }
}
