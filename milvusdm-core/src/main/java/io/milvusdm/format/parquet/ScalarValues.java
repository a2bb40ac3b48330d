package io.milvusdm.format.parquet;

import io.milvusdm.pipeline.ScalarColumn;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;

/** Writes one row of a scalar column into its Parquet column writer: one case per {@link ScalarColumn} type. */
final class ScalarValues {

    private ScalarValues() {
    }

    /**
     * @param definedLevel the definition level of a present value: 1 for an optional (nullable) column, 0 for a
     *     required one; a null is written at level 0
     */
    static void write(ScalarColumn column, int row, ColumnWriter writer, int definedLevel) {
        if (column.isNull(row)) {
            writer.writeNull(0, 0);
        } else if (column instanceof ScalarColumn.VarcharColumn varchar) {
            writer.write(Binary.fromString(varchar.values()[row]), 0, definedLevel);
        } else if (column instanceof ScalarColumn.JsonColumn json) {
            writer.write(Binary.fromConstantByteArray(json.values()[row]), 0, definedLevel);
        } else {
            throw new IllegalArgumentException("no Parquet encoding for " + column.type() + " column '"
                    + column.name() + "'");
        }
    }
}
