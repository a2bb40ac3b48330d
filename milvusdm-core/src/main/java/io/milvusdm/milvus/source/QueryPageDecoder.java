package io.milvusdm.milvus.source;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.WireFormat;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.FloatArray;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.grpc.QueryRequest;
import io.milvus.grpc.QueryResults;
import io.milvus.grpc.Status;
import io.milvus.grpc.VectorField;
import io.milvus.shaded.io.grpc.MethodDescriptor;
import io.milvus.shaded.io.grpc.protobuf.ProtoUtils;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a Query answer ({@code QueryResults}) as protobuf would, except the packed floats of FLOAT_VECTOR
 * columns: they go straight into an array of their exact size from {@code floats} (the reader's
 * {@link PageMemory.Lease}), rather than into protobuf's list, which starts at 1,024 floats and grows by half
 * again as it fills: three times the page allocated, up to one and a half times held, for a page of 64 MiB.
 * Every other part of the answer is copied as it is and parsed by protobuf.
 *
 * <p>A decoder serves one call: gRPC parses a blocking call's answer on the calling thread.
 */
final class QueryPageDecoder implements MethodDescriptor.Marshaller<QueryPage> {

    private static final int READ_BUFFER = 1 << 16;

    /** Where the floats of an answer's FLOAT_VECTOR columns go. */
    @FunctionalInterface
    interface FloatArrays {

        /** An array of at least {@code length} floats, to decode a column's floats into. */
        float[] floats(int length);

        /**
         * An answer starts: the arrays given for an earlier one, an attempt that failed before it was decoded
         * whole and is asked again, hold nothing that is read, and may be given again.
         */
        default void answerStarts() {
        }
    }

    private final FloatArrays floats;

    QueryPageDecoder(FloatArrays floats) {
        this.floats = floats;
    }

    /** The Query method of the Milvus service, answered through this decoder. */
    MethodDescriptor<QueryRequest, QueryPage> method() {
        return MilvusServiceGrpc.getQueryMethod().toBuilder(ProtoUtils.marshaller(QueryRequest.getDefaultInstance()),
                this).build();
    }

    @Override
    public InputStream stream(QueryPage value) {
        throw new UnsupportedOperationException("query answers are only decoded");
    }

    @Override
    public QueryPage parse(InputStream stream) {
        floats.answerStarts();
        try {
            return decode(CodedInputStream.newInstance(stream, READ_BUFFER));
        } catch (IOException e) {
            throw io.milvus.shaded.io.grpc.Status.INTERNAL.withDescription("Invalid protobuf byte sequence in a query"
                    + " answer: " + e.getMessage()).withCause(e).asRuntimeException();
        }
    }

    QueryPage decode(CodedInputStream in) throws IOException {
        in.setSizeLimit(Integer.MAX_VALUE);
        Status status = Status.getDefaultInstance();
        List<FieldData> fields = new ArrayList<>();
        Map<String, QueryPage.Floats> columns = new HashMap<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == QueryResults.STATUS_FIELD_NUMBER && isMessage(tag)) {
                status = in.readMessage(Status.parser(), ExtensionRegistryLite.getEmptyRegistry());
            } else if (field == QueryResults.FIELDS_DATA_FIELD_NUMBER && isMessage(tag)) {
                fieldData(in, fields, columns);
            } else {
                in.skipField(tag);
            }
        }
        return new QueryPage(status, fields, columns);
    }

    /** One column: the vectors part decoded here, the rest copied and parsed by protobuf. */
    private void fieldData(CodedInputStream in, List<FieldData> fields, Map<String, QueryPage.Floats> columns)
            throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        ByteString.Output rest = ByteString.newOutput();
        CodedOutputStream out = CodedOutputStream.newInstance(rest);
        QueryPage.Floats floatValues = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == FieldData.VECTORS_FIELD_NUMBER && isMessage(tag)) {
                int vectorsLimit = in.pushLimit(in.readRawVarint32());
                Vectors vectors = vectors(in);
                in.popLimit(vectorsLimit);
                out.writeMessage(FieldData.VECTORS_FIELD_NUMBER, vectors.field());
                floatValues = vectors.floats() != null ? vectors.floats() : floatValues;
            } else {
                in.skipField(tag, out);
            }
        }
        in.popLimit(limit);
        out.flush();
        FieldData data = FieldData.parseFrom(rest.toByteString());
        fields.add(data);
        if (floatValues != null) {
            columns.put(data.getFieldName(), floatValues);
        }
    }

    /** A VectorField; a FLOAT_VECTOR keeps its case with an empty float array, its floats returned beside it. */
    private record Vectors(VectorField field, QueryPage.Floats floats) {
    }

    private Vectors vectors(CodedInputStream in) throws IOException {
        ByteString.Output rest = ByteString.newOutput();
        CodedOutputStream out = CodedOutputStream.newInstance(rest);
        QueryPage.Floats values = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == VectorField.FLOAT_VECTOR_FIELD_NUMBER && isMessage(tag)) {
                int limit = in.pushLimit(in.readRawVarint32());
                values = floatArray(in, values);
                in.popLimit(limit);
            } else {
                in.skipField(tag, out);
            }
        }
        out.flush();
        VectorField field = VectorField.parseFrom(rest.toByteString());
        if (values != null) {
            field = field.toBuilder().setFloatVector(FloatArray.getDefaultInstance()).build();
        }
        return new Vectors(field, values);
    }

    /**
     * The {@code data} of a FloatArray appended to {@code values}: packed (what servers send: one length, then
     * the floats) or one float a tag.
     */
    private QueryPage.Floats floatArray(CodedInputStream in, QueryPage.Floats values) throws IOException {
        float[] array = values == null ? null : values.values();
        int count = values == null ? 0 : values.length();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) != FloatArray.DATA_FIELD_NUMBER) {
                in.skipField(tag);
            } else if (isMessage(tag)) {
                int bytes = in.readRawVarint32();
                if (bytes % Float.BYTES != 0) {
                    throw new IOException("packed floats of " + bytes + " bytes, not a multiple of 4");
                }
                int n = bytes / Float.BYTES;
                array = room(array, count, n);
                for (int i = 0; i < n; i++) {
                    array[count++] = in.readFloat();
                }
            } else if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_FIXED32) {
                array = room(array, count, 1);
                array[count++] = in.readFloat();
            } else {
                in.skipField(tag);
            }
        }
        return new QueryPage.Floats(array == null ? new float[0] : array, count);
    }

    /** {@code array}, or a larger one holding its first {@code count} floats, with room for {@code more}. */
    private float[] room(float[] array, int count, int more) {
        long needed = (long) count + more;
        if (array != null && array.length >= needed) {
            return array;
        }
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("a query answer holds more than 2^31 floats in one column");
        }
        long grown = array == null || more > 1 ? needed : Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * count));
        float[] larger = floats.floats((int) grown);
        if (array != null) {
            System.arraycopy(array, 0, larger, 0, count);
        }
        return larger;
    }

    private static boolean isMessage(int tag) {
        return WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
    }
}
