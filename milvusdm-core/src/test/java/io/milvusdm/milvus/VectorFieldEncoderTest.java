package io.milvusdm.milvus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.milvus.grpc.DataType;
import io.milvus.grpc.FieldData;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.VectorFieldSpec;
import io.milvusdm.pipeline.VectorFieldType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * Typed vector columns as an insert carries them (H2M of a file with several vector fields): parsed back with the
 * generated classes; nullable fields in the compact form the proxy expands; sparse rows as pymilvus sends them.
 */
class VectorFieldEncoderTest {

    private static ScalarField field(String name, VectorFieldType type, int dim, boolean nullable) {
        return ScalarField.vector(name, new VectorFieldSpec(type, dim, null), nullable);
    }

    private static FieldData encode(ScalarField field, ScalarColumn column) throws Exception {
        ScalarColumnEncoder encoder = new ScalarColumnEncoder(field);
        ScalarColumnEncoder.Sized sized = encoder.size(column, "split s (rows from 0)");
        return FieldData.parseFrom(sized.encoded());
    }

    @Test
    void a_nullable_float_field_sends_the_vectors_of_its_valid_rows_and_a_flag_for_every_row() throws Exception {
        ScalarColumn column = new ScalarColumn.FloatVectorColumn("title", 2, new float[] {1, 2, 0, 0, Float.NaN, -0f},
                new boolean[] {true, false, true});

        FieldData data = encode(field("title", VectorFieldType.FLOAT_VECTOR, 2, true), column);

        assertThat(data.getFieldName()).isEqualTo("title");
        assertThat(data.getType()).isEqualTo(DataType.FloatVector);
        assertThat(data.getValidDataList()).containsExactly(true, false, true);
        assertThat(data.getVectors().getDim()).isEqualTo(2);
        assertThat(data.getVectors().getFloatVector().getDataList()).containsExactly(1f, 2f, Float.NaN, -0f);
    }

    @Test
    void byte_vectors_keep_their_bytes_and_type() throws Exception {
        byte[] bytes = {1, 2, 3, 4, 5, 6};
        for (VectorFieldType type : new VectorFieldType[] {VectorFieldType.BINARY_VECTOR,
                VectorFieldType.FLOAT16_VECTOR, VectorFieldType.BFLOAT16_VECTOR, VectorFieldType.INT8_VECTOR}) {
            int dim = type == VectorFieldType.BINARY_VECTOR ? 16 : type == VectorFieldType.INT8_VECTOR ? 2 : 1;
            ScalarColumn column = new ScalarColumn.ByteVectorColumn("v", type, dim, bytes, null);

            FieldData data = encode(field("v", type, dim, false), column);

            assertThat(data.getType()).as("%s", type).isEqualTo(ScalarTypes.protoVector(type));
            assertThat(data.getValidDataCount()).isZero();
            ByteString sent = switch (type) {
                case BINARY_VECTOR -> data.getVectors().getBinaryVector();
                case FLOAT16_VECTOR -> data.getVectors().getFloat16Vector();
                case BFLOAT16_VECTOR -> data.getVectors().getBfloat16Vector();
                default -> data.getVectors().getInt8Vector();
            };
            assertThat(sent.toByteArray()).as("%s", type).containsExactly(bytes);
        }
    }

    @Test
    void sparse_rows_are_little_endian_pairs_with_dim_past_the_largest_index() throws Exception {
        ScalarColumn column = new ScalarColumn.SparseVectorColumn("sp", new int[] {0, 2, 2, 3},
                new int[] {5, 1, (int) 4_294_967_294L}, new float[] {0.5f, 2f, 3f}, new boolean[] {true, false, true});

        FieldData data = encode(field("sp", VectorFieldType.SPARSE_FLOAT_VECTOR, 0, true), column);

        assertThat(data.getType()).isEqualTo(DataType.SparseFloatVector);
        assertThat(data.getValidDataList()).containsExactly(true, false, true);
        assertThat(data.getVectors().getDim()).isEqualTo(4_294_967_295L);
        assertThat(data.getVectors().getSparseFloatVector().getContentsList()).hasSize(2);
        ByteBuffer first = data.getVectors().getSparseFloatVector().getContents(0).asReadOnlyByteBuffer()
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(first.getInt()).isEqualTo(5);
        assertThat(first.getFloat()).isEqualTo(0.5f);
        assertThat(first.getInt()).isEqualTo(1);
        assertThat(first.getFloat()).isEqualTo(2f);
    }

    @Test
    void a_null_in_a_field_that_is_not_nullable_or_vectors_of_another_shape_are_refused() {
        ScalarColumn nulls = new ScalarColumn.FloatVectorColumn("title", 2, new float[4], new boolean[] {true, false});
        ScalarColumn wide = new ScalarColumn.FloatVectorColumn("title", 4, new float[4], null);

        assertThatThrownBy(() -> encode(field("title", VectorFieldType.FLOAT_VECTOR, 2, false), nulls))
                .hasMessage("field 'title' is not nullable, but row 1 of split s (rows from 0) has no vector");
        assertThatThrownBy(() -> encode(field("title", VectorFieldType.FLOAT_VECTOR, 2, false), wide))
                .hasMessage("column 'title' of split s (rows from 0) (FloatVectorColumn) does not hold the vectors of"
                        + " field title FLOAT_VECTOR(2)");
    }
}
