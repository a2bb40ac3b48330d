package io.milvusdm.milvus.source;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.milvus.grpc.DataType;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.FloatArray;
import io.milvus.grpc.LongArray;
import io.milvus.grpc.QueryResults;
import io.milvus.grpc.ScalarField;
import io.milvus.grpc.Status;
import io.milvus.grpc.StringArray;
import io.milvus.grpc.VectorField;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Query answers encoded by protobuf, decoded with the float vectors beside their columns. */
class QueryPageDecoderTest {

    private static final float[] FLOATS = {1.5f, -0.0f, Float.MIN_VALUE, Float.NaN, -Float.MAX_VALUE, 3f};

    @Test
    void each_answer_parsed_says_so_first_so_that_a_retry_reuses_the_arrays_of_the_attempt_before() throws Exception {
        byte[] answer = QueryResults.newBuilder().addFieldsData(floatColumn("embedding", 3, FLOATS)).build()
                .toByteArray();
        PageMemory memory = new PageMemory(1 << 20);
        try (PageMemory.Lease lease = memory.take(1 << 10)) {
            QueryPageDecoder decoder = new QueryPageDecoder(lease);
            float[] first = decoder.parse(new ByteArrayInputStream(answer)).floats().get("embedding").values();
            QueryPage again = decoder.parse(new ByteArrayInputStream(answer));

            assertThat(again.floats().get("embedding").values()).isSameAs(first);
            assertFloats(again.floats().get("embedding"), FLOATS);
        }
        assertThat(memory.spareBytes()).isEqualTo(4L * FLOATS.length);
    }

    @Test
    void every_column_but_the_floats_is_as_protobuf_parses_it() throws IOException {
        FieldData keys = FieldData.newBuilder().setType(DataType.Int64).setFieldName("id").setFieldId(100)
                .setScalars(ScalarField.newBuilder().setLongData(LongArray.newBuilder().addAllData(List.of(7L, -3L))))
                .build();
        FieldData vectors = floatColumn("embedding", 3, FLOATS).toBuilder().setFieldId(101).build();
        FieldData nullable = floatColumn("other", 3, Arrays.copyOf(FLOATS, 3)).toBuilder()
                .addAllValidData(List.of(false, true)).build();
        FieldData binary = FieldData.newBuilder().setType(DataType.BinaryVector).setFieldName("bits")
                .setVectors(VectorField.newBuilder().setDim(16).setBinaryVector(ByteString.copyFrom(new byte[] {1, 2, 3, 4})))
                .build();
        FieldData text = FieldData.newBuilder().setType(DataType.VarChar).setFieldName("t").setScalars(ScalarField
                .newBuilder().setStringData(StringArray.newBuilder().addData("a\"]").addData("😀"))).build();
        QueryResults answer = QueryResults.newBuilder().setStatus(Status.newBuilder().setReason("fine"))
                .addAllFieldsData(List.of(keys, vectors, nullable, binary, text)).setCollectionName("c")
                .addAllOutputFields(List.of("id", "embedding")).setPrimaryFieldName("id").build();
        List<Integer> asked = new ArrayList<>();

        QueryPage page = new QueryPageDecoder(length -> {
            asked.add(length);
            return new float[length + 5]; // arrays may be longer than the column
        }).parse(new ByteArrayInputStream(answer.toByteArray()));

        assertThat(page.status()).isEqualTo(answer.getStatus());
        assertThat(page.fields()).containsExactly(keys, withoutFloats(vectors), withoutFloats(nullable), binary, text);
        assertThat(page.fields().get(1).getVectors().hasFloatVector()).isTrue();
        assertThat(asked).containsExactly(6, 3);
        assertFloats(page.floats().get("embedding"), FLOATS);
        assertFloats(page.floats().get("other"), Arrays.copyOf(FLOATS, 3));
        assertThat(page.floats()).doesNotContainKeys("id", "bits", "t");
    }

    @Test
    void floats_one_a_tag_unpacked_are_read_too() throws IOException {
        ByteString.Output bytes = ByteString.newOutput();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        ByteString.Output floatArray = ByteString.newOutput();
        CodedOutputStream floatsOut = CodedOutputStream.newInstance(floatArray);
        for (float value : FLOATS) {
            floatsOut.writeFloat(FloatArray.DATA_FIELD_NUMBER, value);
        }
        floatsOut.flush();
        VectorField.Builder vector = VectorField.newBuilder().setDim(2);
        ByteString vectorBytes = vector.build().toByteString().concat(field(VectorField.FLOAT_VECTOR_FIELD_NUMBER,
                floatArray.toByteString()));
        ByteString column = FieldData.newBuilder().setFieldName("v").build().toByteString()
                .concat(field(FieldData.VECTORS_FIELD_NUMBER, vectorBytes));
        out.writeBytes(QueryResults.FIELDS_DATA_FIELD_NUMBER, column);
        out.flush();

        QueryPage page = new QueryPageDecoder(float[]::new).decode(CodedInputStream.newInstance(bytes.toByteString()
                .newInput()));

        assertFloats(page.floats().get("v"), FLOATS);
        assertThat(page.fields().get(0).getVectors().getDim()).isEqualTo(2);
    }

    @Test
    void packed_floats_of_a_length_no_float_has_are_refused() {
        ByteString floats = field(FloatArray.DATA_FIELD_NUMBER, ByteString.copyFrom(new byte[] {0, 0, 0, 0, 1}));
        ByteString column = field(FieldData.VECTORS_FIELD_NUMBER, field(VectorField.FLOAT_VECTOR_FIELD_NUMBER, floats));
        byte[] answer = field(QueryResults.FIELDS_DATA_FIELD_NUMBER, column).toByteArray();

        assertThatThrownBy(() -> new QueryPageDecoder(float[]::new).parse(new ByteArrayInputStream(answer)))
                .hasMessageContaining("packed floats of 5 bytes, not a multiple of 4");
    }

    private static FieldData floatColumn(String name, int dim, float[] values) {
        FloatArray.Builder floats = FloatArray.newBuilder();
        for (float value : values) {
            floats.addData(value);
        }
        return FieldData.newBuilder().setType(DataType.FloatVector).setFieldName(name)
                .setVectors(VectorField.newBuilder().setDim(dim).setFloatVector(floats)).build();
    }

    private static FieldData withoutFloats(FieldData column) {
        return column.toBuilder().setVectors(column.getVectors().toBuilder()
                .setFloatVector(FloatArray.getDefaultInstance())).build();
    }

    private static void assertFloats(QueryPage.Floats decoded, float[] expected) {
        assertThat(decoded.length()).isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Float.floatToRawIntBits(decoded.values()[i])).as("float %d", i)
                    .isEqualTo(Float.floatToRawIntBits(expected[i]));
        }
    }

    /** A length-delimited field: tag, length, bytes. */
    private static ByteString field(int number, ByteString value) {
        try {
            ByteString.Output bytes = ByteString.newOutput();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeTag(number, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeBytesNoTag(value);
            out.flush();
            return bytes.toByteString();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
