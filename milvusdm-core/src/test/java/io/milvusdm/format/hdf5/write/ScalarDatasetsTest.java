package io.milvusdm.format.hdf5.write;

import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.ScalarType;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScalarDatasetsTest {

    private record OneSplit(String id, long rowCount) implements Split {
    }

    @Test
    void text_holding_u0000_is_refused_naming_the_field_split_and_row_instead_of_being_cut_short() {
        ScalarDatasets datasets = new ScalarDatasets(List.of(ScalarField.varchar("title", 16, false)));

        assertThat(datasets.sections(batch("ok", "a b", "é"))).hasDimensions(1, 4 * 3 + 2 + 3 + 2);
        assertThatThrownBy(() -> datasets.sections(batch("ok", "a\0b", "\0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("field 'title': row 41 of split s0 holds U+0000, which an HDF5 fixed-length"
                        + " string cannot carry");
    }

    /** Three rows starting at row 40 of split s0. */
    private static VectorBatch batch(String... titles) {
        return new VectorBatch(new OneSplit("s0", 100), 40, new PrimaryKeys.Int64Keys(new long[] {1, 2, 3}),
                new FloatVectors(1, new float[] {1, 2, 3}),
                List.of(new ScalarColumn.VarcharColumn("title", ScalarType.VARCHAR, titles)));
    }
}
