package io.milvusdm.pipeline;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scalar fields in a schema and scalar columns in a batch: defaults, checks, sizes. */
class ScalarColumnsTest {

    private static final Split SPLIT = new Split() {
        @Override
        public String id() {
            return "s1";
        }

        @Override
        public long rowCount() {
            return 2;
        }
    };

    @Test
    void the_compatibility_constructors_mean_no_scalar_columns() {
        SourceSchema schema = new SourceSchema(VectorType.FLOAT_VECTOR, 2, KeyKind.INT64, Optional.empty(), 2);
        VectorBatch batch = new VectorBatch(SPLIT, 0, null, new FloatVectors(2, new float[4]));

        assertThat(schema.scalarFields()).isEmpty();
        assertThat(batch.scalarColumns()).isEmpty();
        assertThat(batch.byteSize()).isEqualTo(16);
    }

    @Test
    void columns_must_be_as_long_as_the_vectors_and_named_once() {
        FloatVectors vectors = new FloatVectors(2, new float[4]);
        ScalarColumn one = new ScalarColumn.VarcharColumn("text", new String[] {"a"});
        ScalarColumn two = new ScalarColumn.VarcharColumn("text", new String[] {"a", "b"});

        assertThatThrownBy(() -> new VectorBatch(SPLIT, 0, null, vectors, List.of(one)))
                .hasMessage("column 'text' has 1 rows, the vectors 2, in split s1");
        assertThatThrownBy(() -> new VectorBatch(SPLIT, 0, null, vectors, List.of(two, two)))
                .hasMessage("column 'text' appears twice in split s1");
    }

    @Test
    void fields_are_checked_as_milvus_would() {
        assertThatThrownBy(() -> ScalarField.varchar("text", 0, false))
                .hasMessage("VARCHAR field 'text' needs a max length of 1..65535 bytes, got 0");
        assertThatThrownBy(() -> ScalarField.varchar("text", 65_536, false))
                .hasMessage("VARCHAR field 'text' needs a max length of 1..65535 bytes, got 65536");
        assertThatThrownBy(() -> new ScalarField("meta", ScalarType.JSON, 5, false))
                .hasMessage("JSON field 'meta' has no max length, got 5");
        assertThatThrownBy(() -> ScalarField.json("1meta", false))
                .hasMessageStartingWith("field name '1meta' is not a valid Milvus field name");
        assertThatThrownBy(() -> new SourceSchema(VectorType.FLOAT_VECTOR, 2, KeyKind.VARCHAR, Optional.empty(), 0,
                List.of(ScalarField.json("m", false), ScalarField.varchar("m", 4, false))))
                .hasMessage("scalar field 'm' is declared twice");
        assertThat(ScalarField.varchar("text", 512, true).describe()).isEqualTo("text VARCHAR(512) nullable");
    }

    @Test
    void nulls_are_counted_and_cost_only_their_row_overhead() {
        ScalarColumn.VarcharColumn texts = new ScalarColumn.VarcharColumn("t", new String[] {null, "中"});
        ScalarColumn.JsonColumn json = new ScalarColumn.JsonColumn("j", new byte[][] {{'1'}, null});

        assertThat(texts.nullCount()).isEqualTo(1);
        assertThat(texts.byteSize()).isEqualTo(8 + 3);
        assertThat(json.isNull(1)).isTrue();
        assertThat(json.byteSize()).isEqualTo(8 + 1);
    }
}
