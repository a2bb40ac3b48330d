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
    void a_column_whose_length_fits_no_form_is_refused() {
        FieldData short_ = FieldData.newBuilder().setType(DataType.Int64).setFieldName("n")
                .setScalars(ScalarField.newBuilder().setLongData(LongArray.newBuilder().addData(1))).build();
        assertThatThrownBy(() -> new FieldColumn(short_, 3))
                .hasMessageContaining("field 'n': the server returned 1 values or flags for 3 rows");
    }
}
