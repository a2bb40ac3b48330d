package io.milvusdm.milvus.source;

import com.google.protobuf.ByteString;
import io.milvus.grpc.ArrayArray;
import io.milvus.grpc.DataType;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.FloatArray;
import io.milvus.grpc.LongArray;
import io.milvus.grpc.ScalarField;
import io.milvus.grpc.SparseFloatArray;
import io.milvus.grpc.StringArray;
import io.milvus.grpc.VectorField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cutting a query result's columns into the FieldData an insert takes, for every kind of column. */
class FieldColumnTest {

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void nullable_columns_come_out_compact_from_either_form(boolean compactInput) throws Exception {
        List<Long> values = compactInput ? List.of(10L, 30L, 40L) : List.of(10L, 0L, 30L, 40L, 0L);
        FieldData data = FieldData.newBuilder().setType(DataType.Int64).setFieldName("n").setFieldId(107)
                .setScalars(ScalarField.newBuilder().setLongData(LongArray.newBuilder().addAllData(values)))
                .addAllValidData(List.of(true, false, true, true, false)).build();
        FieldColumn column = new FieldColumn(data, 5);

        FieldData slice = FieldData.parseFrom(column.slice(1, 4));

        assertThat(slice.getScalars().getLongData().getDataList()).containsExactly(30L, 40L);
        assertThat(slice.getValidDataList()).containsExactly(false, true, true);
        assertThat(slice.getFieldId()).isZero();
        assertThat(column.isNull(4)).isTrue();
        assertThat(column.valueIndex(3)).isEqualTo(compactInput ? 2 : 3);
    }

    @Test
    void arrays_keep_their_element_type_and_strings_their_text() throws Exception {
        ScalarField row0 = ScalarField.newBuilder().setStringData(StringArray.newBuilder().addData("a\"b")).build();
        ScalarField row1 = ScalarField.newBuilder().setStringData(StringArray.newBuilder().addData("ü").addData("]")).build();
        FieldData data = FieldData.newBuilder().setType(DataType.Array).setFieldName("tags")
                .setScalars(ScalarField.newBuilder().setArrayData(ArrayArray.newBuilder()
                        .setElementType(DataType.VarChar).addData(row0).addData(row1))).build();

        FieldData slice = FieldData.parseFrom(new FieldColumn(data, 2).slice(1, 2));

        assertThat(slice.getScalars().getArrayData().getElementType()).isEqualTo(DataType.VarChar);
        assertThat(slice.getScalars().getArrayData().getDataList()).containsExactly(row1);
        assertThat(slice.getValidDataCount()).isZero();
    }

    @Test
    void dense_vectors_are_cut_by_row_width() throws Exception {
        FieldData floats = FieldData.newBuilder().setType(DataType.FloatVector).setFieldName("v")
                .setVectors(VectorField.newBuilder().setDim(2).setFloatVector(FloatArray.newBuilder()
                        .addAllData(List.of(1f, 2f, 3f, 4f, 5f, 6f)))).build();
        assertThat(FieldData.parseFrom(new FieldColumn(floats, 3).slice(1, 3)).getVectors().getFloatVector().getDataList())
                .containsExactly(3f, 4f, 5f, 6f);

        // float16 and bfloat16: two bytes a dimension (no server here has them: Milvus 2.4+ only)
        byte[] halfs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        FieldData f16 = FieldData.newBuilder().setType(DataType.Float16Vector).setFieldName("h")
                .setVectors(VectorField.newBuilder().setDim(2).setFloat16Vector(ByteString.copyFrom(halfs))).build();
        FieldData bf16 = FieldData.newBuilder().setType(DataType.BFloat16Vector).setFieldName("b")
                .setVectors(VectorField.newBuilder().setDim(2).setBfloat16Vector(ByteString.copyFrom(halfs))).build();
        assertThat(FieldData.parseFrom(new FieldColumn(f16, 3).slice(2, 3)).getVectors().getFloat16Vector().toByteArray())
                .containsExactly(9, 10, 11, 12);
        assertThat(FieldData.parseFrom(new FieldColumn(bf16, 3).slice(0, 1)).getVectors().getBfloat16Vector().toByteArray())
                .containsExactly(1, 2, 3, 4);

        FieldData binary = FieldData.newBuilder().setType(DataType.BinaryVector).setFieldName("bits")
                .setVectors(VectorField.newBuilder().setDim(16).setBinaryVector(ByteString.copyFrom(new byte[] {1, 2, 3, 4}))).build();
        assertThat(FieldData.parseFrom(new FieldColumn(binary, 2).slice(1, 2)).getVectors().getBinaryVector().toByteArray())
                .containsExactly(3, 4);
    }

    @Test
    void sparse_vectors_are_one_entry_a_row_and_dynamic_fields_stay_dynamic() throws Exception {
        FieldData sparse = FieldData.newBuilder().setType(DataType.SparseFloatVector).setFieldName("sp")
                .setVectors(VectorField.newBuilder().setDim(100).setSparseFloatVector(SparseFloatArray.newBuilder()
                        .setDim(100).addContents(ByteString.copyFromUtf8("r0")).addContents(ByteString.copyFromUtf8("r1")))).build();
        FieldData slice = FieldData.parseFrom(new FieldColumn(sparse, 2).slice(1, 2));
        assertThat(slice.getVectors().getSparseFloatVector().getContentsList()).containsExactly(ByteString.copyFromUtf8("r1"));
        assertThat(slice.getVectors().getSparseFloatVector().getDim()).isEqualTo(100);

        FieldData meta = FieldData.newBuilder().setType(DataType.JSON).setFieldName("$meta")
                .setScalars(ScalarField.newBuilder().setJsonData(io.milvus.grpc.JSONArray.newBuilder()
                        .addData(ByteString.copyFromUtf8("{\"k\":1}")))).build();
        assertThat(FieldData.parseFrom(new FieldColumn(meta, 1).slice(0, 1)).getIsDynamic()).isTrue();
    }

    @Test
    void int8_vectors_are_dim_bytes_a_row() throws Exception {
        FieldData int8 = FieldData.newBuilder().setType(DataType.Int8Vector).setFieldName("q")
                .setVectors(VectorField.newBuilder().setDim(3).setInt8Vector(ByteString.copyFrom(
                        new byte[] {-128, 0, 127, 1, 2, 3, -1, -2, -3}))).build();

        FieldData slice = FieldData.parseFrom(new FieldColumn(int8, 3).slice(1, 3));

        assertThat(slice.getType()).isEqualTo(DataType.Int8Vector);
        assertThat(slice.getVectors().getDim()).isEqualTo(3);
        assertThat(slice.getVectors().getInt8Vector().toByteArray()).containsExactly(1, 2, 3, -1, -2, -3);
    }

    @Test
    void geometry_and_timestamptz_keep_their_text_and_nulls_in_the_slots_inserts_take() throws Exception {
        // Milvus Lite 3.2.2's full form: a placeholder ("") where valid_data is false
        FieldData geometry = FieldData.newBuilder().setType(DataType.Geometry).setFieldName("g")
                .setScalars(ScalarField.newBuilder().setGeometryWktData(io.milvus.grpc.GeometryWktArray.newBuilder()
                        .addData("POINT (1.5 2.25)").addData("").addData("POLYGON((0 0, 4 0, 4 4, 0 0))")))
                .addAllValidData(List.of(true, false, true)).build();
        FieldData stored = FieldData.newBuilder().setType(DataType.Timestamptz).setFieldName("t")
                .setScalars(ScalarField.newBuilder().setTimestamptzData(io.milvus.grpc.TimestamptzArray.newBuilder()
                        .addData(1_000_000L).addData(2_000_001L))).build();

        FieldData g = FieldData.parseFrom(new FieldColumn(geometry, 3).slice(1, 3));
        FieldData t = FieldData.parseFrom(new FieldColumn(stored, 2).slice(0, 2));

        assertThat(g.getScalars().getGeometryWktData().getDataList()).containsExactly("POLYGON((0 0, 4 0, 4 4, 0 0))");
        assertThat(g.getValidDataList()).containsExactly(false, true);
        assertThat(t.getScalars().getStringData().getDataList())
                .containsExactly("1970-01-01T00:00:01Z", "1970-01-01T00:00:02.000001Z");
    }

    @Test
    void struct_arrays_cut_every_sub_field_to_the_same_rows() throws Exception {
        FieldData texts = FieldData.newBuilder().setType(DataType.Array).setFieldName("text")
                .setScalars(ScalarField.newBuilder().setArrayData(ArrayArray.newBuilder().setElementType(DataType.VarChar)
                        .addData(strings("a")).addData(strings("b", "c")).addData(strings()))).build();
        FieldData clips = FieldData.newBuilder().setType(DataType.ArrayOfVector).setFieldName("clip")
                .setVectors(VectorField.newBuilder().setDim(2).setVectorArray(io.milvus.grpc.VectorArray.newBuilder()
                        .setDim(2).setElementType(DataType.FloatVector)
                        .addData(floats(1f, 2f)).addData(floats(3f, 4f, 5f, 6f)).addData(floats()))).build();
        FieldData struct = FieldData.newBuilder().setType(DataType.ArrayOfStruct).setFieldName("chunks").setFieldId(110)
                .setStructArrays(io.milvus.grpc.StructArrayField.newBuilder()
                        .addFields(texts.toBuilder().setFieldId(111)).addFields(clips.toBuilder().setFieldId(112))).build();

        FieldData slice = FieldData.parseFrom(new FieldColumn(struct, 3).slice(1, 3));

        FieldData expected = FieldData.newBuilder().setType(DataType.ArrayOfStruct).setFieldName("chunks")
                .setStructArrays(io.milvus.grpc.StructArrayField.newBuilder()
                        .addFields(texts.toBuilder().setScalars(ScalarField.newBuilder().setArrayData(ArrayArray.newBuilder()
                                .setElementType(DataType.VarChar).addData(strings("b", "c")).addData(strings()))))
                        .addFields(clips.toBuilder().setVectors(VectorField.newBuilder().setDim(2)
                                .setVectorArray(io.milvus.grpc.VectorArray.newBuilder().setDim(2)
                                        .setElementType(DataType.FloatVector)
                                        .addData(floats(3f, 4f, 5f, 6f)).addData(floats()))))).build();
        assertThat(slice).isEqualTo(expected);
        assertThatThrownBy(() -> new FieldColumn(struct, 4))
                .hasMessageContaining("field 'text': the server returned 3 values or flags for 4 rows");
    }

    private static ScalarField strings(String... values) {
        return ScalarField.newBuilder().setStringData(StringArray.newBuilder().addAllData(List.of(values))).build();
    }

    private static VectorField floats(Float... values) {
        return VectorField.newBuilder().setDim(2).setFloatVector(FloatArray.newBuilder().addAllData(List.of(values))).build();
    }

    @Test
    void a_column_whose_length_fits_no_form_is_refused() {
        FieldData short_ = FieldData.newBuilder().setType(DataType.Int64).setFieldName("n")
                .setScalars(ScalarField.newBuilder().setLongData(LongArray.newBuilder().addData(1))).build();
        assertThatThrownBy(() -> new FieldColumn(short_, 3))
                .hasMessageContaining("field 'n': the server returned 1 values or flags for 3 rows");
    }
}
