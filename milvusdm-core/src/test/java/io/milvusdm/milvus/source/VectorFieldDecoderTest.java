package io.milvusdm.milvus.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.milvus.grpc.DataType;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.FloatArray;
import io.milvus.grpc.SparseFloatArray;
import io.milvus.grpc.VectorField;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.VectorFieldSpec;
import io.milvusdm.pipeline.VectorFieldType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Vector fields besides a batch's own, as query results carry them (FieldData built here with the protobuf
 * builders: no local server has binary, float16, bfloat16 or int8 vectors beside a float one, nor returns null
 * vectors), decoded into typed columns: every dense type, sparse rows, nulls in both forms, rows cut from a page.
 */
class VectorFieldDecoderTest {

    private static ScalarField vector(String name, VectorFieldType type, int dim, boolean nullable) {
        return ScalarField.vector(name, new VectorFieldSpec(type, dim, null), nullable);
    }

    private static ScalarColumn decode(ScalarField field, FieldData data, int rows, int from, int to) {
        return FieldDataDecoder.decode(field, new FieldColumn(data, rows), from, to);
    }

    private static FieldData dense(String name, DataType type, VectorField vectors, Boolean... valid) {
        return FieldData.newBuilder().setFieldName(name).setType(type).setVectors(vectors)
                .addAllValidData(List.of(valid)).build();
    }

    /** Four rows of {@code rowBytes} bytes each, row r's bytes r*16 + 0, 1, ... */
    private static byte[] rowsOfBytes(int rows, int rowBytes) {
        byte[] bytes = new byte[rows * rowBytes];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ((i / rowBytes) * 16 + i % rowBytes - 40);
        }
        return bytes;
    }

    @Test
    void float_vectors_are_copied_out_of_the_page_for_the_rows_asked() {
        FieldData data = dense("title", DataType.FloatVector, VectorField.newBuilder().setDim(2)
                .setFloatVector(FloatArray.newBuilder().addAllData(List.of(1f, 2f, Float.NaN, -0f, 5f, 6f))).build());

        ScalarColumn.FloatVectorColumn column = (ScalarColumn.FloatVectorColumn) decode(
                vector("title", VectorFieldType.FLOAT_VECTOR, 2, false), data, 3, 1, 3);

        assertThat(column.dimension()).isEqualTo(2);
        assertThat(column.rowCount()).isEqualTo(2);
        assertThat(column.values()).usingElementComparator((a, b) -> Integer.compare(Float.floatToRawIntBits(a),
                Float.floatToRawIntBits(b))).containsExactly(Float.NaN, -0f, 5f, 6f);
        assertThat(column.valid()).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = VectorFieldType.class, names = {"BINARY_VECTOR", "FLOAT16_VECTOR", "BFLOAT16_VECTOR",
            "INT8_VECTOR"})
    void byte_vectors_keep_their_bytes_as_milvus_holds_them(VectorFieldType type) {
        int dim = type == VectorFieldType.BINARY_VECTOR ? 24 : 3;
        int rowBytes = (int) type.bytesPerRow(dim);
        ByteString bytes = ByteString.copyFrom(rowsOfBytes(4, rowBytes));
        VectorField.Builder vectors = VectorField.newBuilder().setDim(dim);
        DataType dataType = switch (type) {
            case BINARY_VECTOR -> {
                vectors.setBinaryVector(bytes);
                yield DataType.BinaryVector;
            }
            case FLOAT16_VECTOR -> {
                vectors.setFloat16Vector(bytes);
                yield DataType.Float16Vector;
            }
            case BFLOAT16_VECTOR -> {
                vectors.setBfloat16Vector(bytes);
                yield DataType.BFloat16Vector;
            }
            default -> {
                vectors.setInt8Vector(bytes);
                yield DataType.Int8Vector;
            }
        };

        ScalarColumn.ByteVectorColumn column = (ScalarColumn.ByteVectorColumn) decode(
                vector("v", type, dim, false), dense("v", dataType, vectors.build()), 4, 1, 4);

        assertThat(column.vectorType()).isEqualTo(type);
        assertThat(column.rowCount()).isEqualTo(3);
        assertThat(column.values()).containsExactly(bytes.substring(rowBytes).toByteArray());
    }

    @Test
    void null_vectors_read_in_the_compact_form_and_with_placeholders_alike() {
        VectorField compact = VectorField.newBuilder().setDim(2).setFloatVector(FloatArray.newBuilder()
                .addAllData(List.of(1f, 2f, 5f, 6f))).build();
        VectorField full = VectorField.newBuilder().setDim(2).setFloatVector(FloatArray.newBuilder()
                .addAllData(List.of(1f, 2f, 0f, 0f, 5f, 6f))).build();
        ScalarField field = vector("title", VectorFieldType.FLOAT_VECTOR, 2, true);

        for (VectorField vectors : List.of(compact, full)) {
            ScalarColumn.FloatVectorColumn column = (ScalarColumn.FloatVectorColumn) decode(field,
                    dense("title", DataType.FloatVector, vectors, true, false, true), 3, 0, 3);

            assertThat(column.valid()).containsExactly(true, false, true);
            assertThat(column.isNull(1)).isTrue();
            assertThat(column.values()).containsExactly(1f, 2f, 0f, 0f, 5f, 6f);
        }
    }

    @Test
    void a_page_whose_every_row_is_null_has_no_vectors_to_read() {
        ScalarField field = vector("bits", VectorFieldType.BINARY_VECTOR, 16, true);
        FieldData data = dense("bits", DataType.BinaryVector, VectorField.newBuilder().setDim(16).build(), false, false);

        ScalarColumn.ByteVectorColumn column = (ScalarColumn.ByteVectorColumn) decode(field, data, 2, 0, 2);

        assertThat(column.values()).containsExactly(new byte[4]);
        assertThat(column.nullCount()).isEqualTo(2);
    }

    private static ByteString pairs(long[] indices, float[] values) {
        ByteBuffer row = ByteBuffer.allocate(8 * indices.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < indices.length; i++) {
            row.putInt((int) indices[i]).putFloat(values[i]);
        }
        return ByteString.copyFrom(row.array());
    }

    @Test
    void sparse_rows_become_csr_arrays_with_uint32_indices_in_their_order() {
        SparseFloatArray rows = SparseFloatArray.newBuilder().setDim(4_294_967_295L)
                .addContents(pairs(new long[] {3, 1}, new float[] {0.5f, 2f}))
                .addContents(pairs(new long[] {4_294_967_294L}, new float[] {Float.MAX_VALUE}))
                .addContents(pairs(new long[] {7, 8, 9}, new float[] {1f, 1e-45f, 3f})).build();
        FieldData data = dense("sp", DataType.SparseFloatVector, VectorField.newBuilder().setDim(rows.getDim())
                .setSparseFloatVector(rows).build(), true, false, true, true);
        ScalarField field = vector("sp", VectorFieldType.SPARSE_FLOAT_VECTOR, 0, true);

        ScalarColumn.SparseVectorColumn column = (ScalarColumn.SparseVectorColumn) decode(field, data, 4, 1, 4);

        assertThat(column.rowCount()).isEqualTo(3);
        assertThat(column.valid()).containsExactly(false, true, true);
        assertThat(column.offsets()).containsExactly(0, 0, 1, 4);
        assertThat(Integer.toUnsignedLong(column.indices()[0])).isEqualTo(4_294_967_294L);
        assertThat(column.indices()).containsExactly((int) 4_294_967_294L, 7, 8, 9);
        assertThat(column.values()).containsExactly(Float.MAX_VALUE, 1f, 1e-45f, 3f);
    }

    @Test
    void vectors_of_another_kind_or_dimension_are_refused_naming_the_field() {
        FieldData floats = dense("v", DataType.FloatVector, VectorField.newBuilder().setDim(2)
                .setFloatVector(FloatArray.newBuilder().addAllData(List.of(1f, 2f))).build());
        FieldData bits = dense("v", DataType.BinaryVector, VectorField.newBuilder().setDim(8)
                .setBinaryVector(ByteString.copyFrom(new byte[] {1})).build());

        assertThatThrownBy(() -> decode(vector("v", VectorFieldType.FLOAT_VECTOR, 3, false), floats, 1, 0, 1))
                .hasMessage("field v FLOAT_VECTOR(3): the server returned vectors of dimension 2");
        assertThatThrownBy(() -> decode(vector("v", VectorFieldType.FLOAT16_VECTOR, 8, false), bits, 1, 0, 1))
                .hasMessage("field v FLOAT16_VECTOR(8): the server returned binary_vector values, expected "
                        + "float16_vector");
    }
}
