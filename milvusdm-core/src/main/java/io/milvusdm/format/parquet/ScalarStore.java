package io.milvusdm.format.parquet;

import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarType;
import io.milvusdm.pipeline.Timestamptz;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;

import java.util.Arrays;

/**
 * Values of one scalar type, appended in the order parquet-java decodes them (the rows of a column, or the
 * elements of an ARRAY column's lists), grown as needed. One implementation per kind of value; the column they
 * make is the pipeline's typed column of that type.
 */
abstract class ScalarStore extends PrimitiveConverter {

    int size;

    static ScalarStore of(ScalarType type) {
        return switch (type) {
            case BOOL -> new Bools();
            case INT8, INT16, INT32, INT64 -> new Longs(type);
            case TIMESTAMPTZ -> new Timestamps();
            case FLOAT, DOUBLE -> new Doubles();
            case VARCHAR, GEOMETRY -> new Strings();
            case JSON, DYNAMIC -> new Documents();
            case ARRAY, VECTOR, STRUCT_ARRAY -> throw ParquetLayout.unsupported("element", type);
        };
    }

    int size() {
        return size;
    }

    /** Empties the store, sized for about {@code capacity} values. */
    abstract void reset(int capacity);

    /** Appends the slot of a null row: zero, false, or a null string. */
    abstract void addPlaceholder();

    /** Variable-size bytes held: string bytes, or eight a list element. */
    abstract long bytes();

    /**
     * The values as a column.
     *
     * @param valid a flag a row, or null when every row has a value
     */
    abstract ScalarColumn column(String name, ScalarType type, boolean[] valid);

    private static final class Bools extends ScalarStore {
        private boolean[] values = new boolean[16];

        @Override
        void reset(int capacity) {
            values = new boolean[Math.max(16, capacity)];
            size = 0;
        }

        @Override
        public void addBoolean(boolean value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        @Override
        void addPlaceholder() {
            addBoolean(false);
        }

        @Override
        long bytes() {
            return size;
        }

        @Override
        ScalarColumn column(String name, ScalarType type, boolean[] valid) {
            return new ScalarColumn.BoolColumn(name, Arrays.copyOf(values, size), valid);
        }
    }

    /** Integers of one type, range-checked as they arrive (a wider column may hold a value the field cannot). */
    private static class Longs extends ScalarStore {
        private final ScalarType type;
        long[] values = new long[16];

        Longs(ScalarType type) {
            this.type = type;
        }

        @Override
        void reset(int capacity) {
            values = new long[Math.max(16, capacity)];
            size = 0;
        }

        @Override
        public void addInt(int value) {
            addLong(value);
        }

        @Override
        public void addLong(long value) {
            if (type.isInteger() && (value < type.minValue() || value > type.maxValue())) {
                throw new RowAssembler.BadRowException("value " + value + " is outside the range of " + type);
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        @Override
        void addPlaceholder() {
            addLong(0);
        }

        @Override
        long bytes() {
            return 8L * size;
        }

        @Override
        ScalarColumn column(String name, ScalarType columnType, boolean[] valid) {
            return new ScalarColumn.IntegerColumn(name, columnType, Arrays.copyOf(values, size), valid);
        }
    }

    /** TIMESTAMPTZ: ISO 8601 text with an offset, held as microseconds since the epoch. */
    private static final class Timestamps extends Longs {
        Timestamps() {
            super(ScalarType.TIMESTAMPTZ);
        }

        @Override
        public void addBinary(Binary value) {
            String text = value.toStringUsingUTF8();
            long micros;
            try {
                micros = Timestamptz.micros(text);
            } catch (IllegalArgumentException e) {
                throw new RowAssembler.BadRowException("TIMESTAMPTZ value " + e.getMessage());
            }
            addLong(micros);
        }
    }

    private static final class Doubles extends ScalarStore {
        private double[] values = new double[16];

        @Override
        void reset(int capacity) {
            values = new double[Math.max(16, capacity)];
            size = 0;
        }

        @Override
        public void addFloat(float value) {
            addDouble(value);
        }

        @Override
        public void addDouble(double value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        @Override
        void addPlaceholder() {
            addDouble(0);
        }

        @Override
        long bytes() {
            return 8L * size;
        }

        @Override
        ScalarColumn column(String name, ScalarType type, boolean[] valid) {
            return new ScalarColumn.FloatingColumn(name, type, Arrays.copyOf(values, size), valid);
        }
    }

    /** VARCHAR and GEOMETRY (Well-Known Text) values. */
    private static final class Strings extends ScalarStore {
        private String[] values = new String[16];
        private long bytes;

        @Override
        void reset(int capacity) {
            values = new String[Math.max(16, capacity)];
            size = 0;
            bytes = 0;
        }

        @Override
        public void addBinary(Binary value) {
            add(value.toStringUsingUTF8());
            bytes += value.length();
        }

        private void add(String value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        @Override
        void addPlaceholder() {
            add(null);
        }

        @Override
        long bytes() {
            return bytes;
        }

        @Override
        ScalarColumn column(String name, ScalarType type, boolean[] valid) {
            return new ScalarColumn.VarcharColumn(name, type, Arrays.copyOf(values, size));
        }
    }

    /** JSON documents and the dynamic field's objects, as their text's UTF-8 bytes. */
    private static final class Documents extends ScalarStore {
        private byte[][] values = new byte[16][];
        private long bytes;

        @Override
        void reset(int capacity) {
            values = new byte[Math.max(16, capacity)][];
            size = 0;
            bytes = 0;
        }

        @Override
        public void addBinary(Binary value) {
            add(value.getBytes());
            bytes += value.length();
        }

        private void add(byte[] value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        @Override
        void addPlaceholder() {
            add(null);
        }

        @Override
        long bytes() {
            return bytes;
        }

        @Override
        ScalarColumn column(String name, ScalarType type, boolean[] valid) {
            return new ScalarColumn.JsonColumn(name, type, Arrays.copyOf(values, size));
        }
    }
}
