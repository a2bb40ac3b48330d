package io.milvusdm.format.parquet;

import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarType;
import io.milvusdm.pipeline.Timestamptz;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;

/**
 * Writes one row of a scalar column into its Parquet column writer, as {@link ParquetLayout} declares the column:
 * one case per {@link ScalarColumn} type.
 *
 * <h2>Levels</h2>
 * A scalar column has a definition level of 1 for a present value when it is optional (nullable), 0 when
 * required; a null is written at level 0. An ARRAY column ({@code group (LIST) {repeated group list {required
 * element}}}) defines its element at {@code 1 + optional}: a null row is written at level 0, an empty list at
 * level {@code optional} (0 or 1), and the elements at repetition level 0 for the first and 1 for the others.
 */
final class ScalarValues {

    /**
     * 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z: the instants RFC 3339 text (four-digit years) holds,
     * which is what Milvus's import parses TIMESTAMPTZ text as (Go's {@code time.RFC3339Nano}).
     */
    static final long FIRST_TIMESTAMPTZ = -62_135_596_800_000_000L;
    static final long LAST_TIMESTAMPTZ = 253_402_300_799_999_999L;

    private ScalarValues() {
    }

    /**
     * @param optional whether the column is optional (the field nullable)
     */
    static void write(ScalarColumn column, int row, ColumnWriter writer, boolean optional) {
        int defined = optional ? 1 : 0;
        if (column.isNull(row)) {
            writer.writeNull(0, 0);
        } else if (column instanceof ScalarColumn.ArrayColumn array) {
            writeArray(array, row, writer, defined);
        } else {
            writeValue(column, row, writer, 0, defined);
        }
    }

    private static void writeArray(ScalarColumn.ArrayColumn array, int row, ColumnWriter writer, int defined) {
        int from = array.offsets()[row];
        int to = array.offsets()[row + 1];
        if (from == to) {
            writer.writeNull(0, defined);
            return;
        }
        for (int i = from; i < to; i++) {
            writeValue(array.elements(), i, writer, i == from ? 0 : 1, defined + 1);
        }
    }

    private static void writeValue(ScalarColumn column, int row, ColumnWriter writer, int repetition, int defined) {
        if (column instanceof ScalarColumn.VarcharColumn varchar) {
            writer.write(Binary.fromString(varchar.values()[row]), repetition, defined);
        } else if (column instanceof ScalarColumn.JsonColumn json) {
            writer.write(Binary.fromConstantByteArray(json.values()[row]), repetition, defined);
        } else if (column instanceof ScalarColumn.BoolColumn bools) {
            writer.write(bools.values()[row], repetition, defined);
        } else if (column instanceof ScalarColumn.IntegerColumn ints) {
            long value = ints.values()[row];
            switch (ints.type()) {
                case INT64 -> writer.write(value, repetition, defined);
                case TIMESTAMPTZ -> writer.write(Binary.fromString(timestamptz(ints.name(), value)), repetition,
                        defined);
                default -> writer.write((int) value, repetition, defined);
            }
        } else if (column instanceof ScalarColumn.FloatingColumn floats) {
            if (floats.type() == ScalarType.FLOAT) {
                writer.write((float) floats.values()[row], repetition, defined);
            } else {
                writer.write(floats.values()[row], repetition, defined);
            }
        } else {
            throw new IllegalArgumentException("no Parquet encoding for " + column.type() + " column '"
                    + column.name() + "'" + (column instanceof ScalarColumn.WireColumn
                    ? " in Milvus's wire form, which only a Milvus target reads" : ""));
        }
    }

    private static String timestamptz(String column, long micros) {
        if (micros < FIRST_TIMESTAMPTZ || micros > LAST_TIMESTAMPTZ) {
            throw new IllegalArgumentException("TIMESTAMPTZ column '" + column + "': " + Timestamptz.isoUtc(micros)
                    + " is outside years 0001..9999, which Milvus's import reads (RFC 3339 text)");
        }
        return Timestamptz.isoUtc(micros);
    }
}
