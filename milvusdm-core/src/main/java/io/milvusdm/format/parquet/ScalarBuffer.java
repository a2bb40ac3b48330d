package io.milvusdm.format.parquet;

import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;

import java.util.Arrays;

/**
 * Collects one scalar column of a batch as parquet-java hands its values over. One implementation per scalar type
 * ({@link #of}); a new type is one more case there and one more class here.
 */
abstract class ScalarBuffer extends PrimitiveConverter {

    final ScalarField field;
    int row;
    /** UTF-8 bytes collected in this batch, for the batch's byte bound. */
    long bytes;

    ScalarBuffer(ScalarField field) {
        this.field = field;
    }

    static ScalarBuffer of(ScalarField field) {
        return switch (field.type()) {
            case VARCHAR -> new VarcharBuffer(field);
            case JSON -> new JsonBuffer(field);
            default -> throw ParquetLayout.unsupported(field.name(), field.type());
        };
    }

    /** Starts a batch of at most {@code capacity} rows. */
    abstract void reset(int capacity);

    /** Whether the current row got no value. */
    abstract boolean isNull(int row);

    /** The column of the batch's first {@code rows} rows. */
    abstract ScalarColumn column(int rows);

    static final class VarcharBuffer extends ScalarBuffer {
        private String[] values;

        VarcharBuffer(ScalarField field) {
            super(field);
        }

        @Override
        void reset(int capacity) {
            values = new String[capacity];
            bytes = 0;
        }

        @Override
        public void addBinary(Binary value) {
            values[row] = value.toStringUsingUTF8();
            bytes += value.length();
        }

        @Override
        boolean isNull(int r) {
            return values[r] == null;
        }

        @Override
        ScalarColumn column(int rows) {
            return new ScalarColumn.VarcharColumn(field.name(), rows == values.length ? values
                    : Arrays.copyOf(values, rows));
        }
    }

    static final class JsonBuffer extends ScalarBuffer {
        private byte[][] values;

        JsonBuffer(ScalarField field) {
            super(field);
        }

        @Override
        void reset(int capacity) {
            values = new byte[capacity][];
            bytes = 0;
        }

        @Override
        public void addBinary(Binary value) {
            values[row] = value.getBytes();
            bytes += value.length();
        }

        @Override
        boolean isNull(int r) {
            return values[r] == null;
        }

        @Override
        ScalarColumn column(int rows) {
            return new ScalarColumn.JsonColumn(field.name(), rows == values.length ? values
                    : Arrays.copyOf(values, rows));
        }
    }
}
