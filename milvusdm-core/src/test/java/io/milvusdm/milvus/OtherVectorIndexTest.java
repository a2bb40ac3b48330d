package io.milvusdm.milvus;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.VectorFieldSpec;
import io.milvusdm.pipeline.VectorFieldType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The index a target collection gets on each vector field besides the job's own (Milvus loads no collection
 * without one on every vector field), and its metric: what the Lite IT cannot show for the types Lite lacks.
 */
class OtherVectorIndexTest {

    private static final IndexSpec HNSW = new IndexSpec("HNSW", Map.of("M", 16, "efConstruction", 64));

    private static ScalarField field(VectorFieldType type, int dim, String metric) {
        return ScalarField.vector("v", new VectorFieldSpec(type, dim, metric), false);
    }

    @Test
    void a_float_field_takes_the_main_fields_float_index_and_the_others_their_types_index() {
        assertThat(TargetPreparer.otherIndex(field(VectorFieldType.FLOAT_VECTOR, 4, null), HNSW, false)).isEqualTo(HNSW);
        assertThat(TargetPreparer.otherIndex(field(VectorFieldType.FLOAT_VECTOR, 4, null),
                new IndexSpec("BIN_IVF_FLAT", Map.of()), false).indexType()).isEqualTo("AUTOINDEX");
        assertThat(TargetPreparer.otherIndex(field(VectorFieldType.FLOAT_VECTOR, 4, null),
                new IndexSpec("BIN_FLAT", Map.of()), true).indexType()).isEqualTo("FLAT");
        assertThat(TargetPreparer.otherIndex(field(VectorFieldType.SPARSE_FLOAT_VECTOR, 0, null), HNSW, false)
                .indexType()).isEqualTo("SPARSE_INVERTED_INDEX");
        assertThat(TargetPreparer.otherIndex(field(VectorFieldType.BINARY_VECTOR, 8, null), HNSW, false)
                .indexType()).isEqualTo("BIN_FLAT");
        assertThat(TargetPreparer.otherIndex(field(VectorFieldType.BFLOAT16_VECTOR, 8, null), HNSW, false)
                .indexType()).isEqualTo("AUTOINDEX");
        assertThat(TargetPreparer.otherIndex(field(VectorFieldType.INT8_VECTOR, 8, null), HNSW, true)
                .indexType()).isEqualTo("FLAT");
    }

    @Test
    void the_metric_is_the_source_indexs_else_the_types_usual_one() {
        assertThat(TargetPreparer.otherMetric(field(VectorFieldType.FLOAT16_VECTOR, 2, "cosine"))).isEqualTo("COSINE");
        assertThat(TargetPreparer.otherMetric(field(VectorFieldType.FLOAT_VECTOR, 2, null))).isEqualTo("L2");
        assertThat(TargetPreparer.otherMetric(field(VectorFieldType.BINARY_VECTOR, 8, null))).isEqualTo("HAMMING");
        assertThat(TargetPreparer.otherMetric(field(VectorFieldType.SPARSE_FLOAT_VECTOR, 0, null))).isEqualTo("IP");
    }
}
