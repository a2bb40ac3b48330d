package io.milvusdm.format.parquet;

import io.milvusdm.pipeline.ScalarColumn;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/** Writes one non-null value of a scalar column: one case per {@link ScalarColumn} type. */
final class ScalarValues {

    private ScalarValues() {
    }

    static void write(ScalarColumn column, int row, RecordConsumer consumer) {
        if (column instanceof ScalarColumn.VarcharColumn varchar) {
            consumer.addBinary(Binary.fromString(varchar.values()[row]));
        } else if (column instanceof ScalarColumn.JsonColumn json) {
            consumer.addBinary(Binary.fromConstantByteArray(json.values()[row]));
        } else {
            throw new IllegalArgumentException("no Parquet encoding for " + column.type() + " column '"
                    + column.name() + "'");
        }
    }
}
