package io.milvusdm.pipeline;

import java.util.Objects;

/**
 * One scalar column of a batch: a value per row, or null where the row has none (allowed only when the field
 * is {@link ScalarField#nullable()}; the sink checks). Arrays are shared, not copied: the producer hands them
 * over and does not touch them again. {@link #byteSize()} is the UTF-8 payload plus four bytes a row (the
 * protobuf tag and length a value costs at most on the wire), so that batches stay bounded by bytes.
 */
public sealed interface ScalarColumn permits ScalarColumn.VarcharColumn, ScalarColumn.JsonColumn, ScalarColumn.WireColumn {

    /** The field the column fills: {@link ScalarField#name()}. */
    String name();

    ScalarType type();

    int rowCount();

    long byteSize();

    /** Whether row {@code row} has no value. */
    boolean isNull(int row);

    /** Rows without a value. */
    default int nullCount() {
        int nulls = 0;
        for (int row = 0; row < rowCount(); row++) {
            if (isNull(row)) {
                nulls++;
            }
        }
        return nulls;
    }

    /** Strings, one a row. */
    record VarcharColumn(String name, String[] values) implements ScalarColumn {
        public VarcharColumn {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(values, "values");
        }

        @Override
        public ScalarType type() {
            return ScalarType.VARCHAR;
        }

        @Override
        public int rowCount() {
            return values.length;
        }

        @Override
        public long byteSize() {
            long bytes = 4L * values.length;
            for (String value : values) {
                bytes += value == null ? 0 : Utf8.length(value);
            }
            return bytes;
        }

        @Override
        public boolean isNull(int row) {
            return values[row] == null;
        }
    }

    /**
     * JSON documents, one a row, each as the UTF-8 bytes of its text (what Milvus's {@code json_data} carries);
     * the producer has serialised and checked them.
     */
    record JsonColumn(String name, byte[][] values) implements ScalarColumn {
        public JsonColumn {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(values, "values");
        }

        @Override
        public ScalarType type() {
            return ScalarType.JSON;
        }

        @Override
        public int rowCount() {
            return values.length;
        }

        @Override
        public long byteSize() {
            long bytes = 4L * values.length;
            for (byte[] value : values) {
                bytes += value == null ? 0 : value.length;
            }
            return bytes;
        }

        @Override
        public boolean isNull(int row) {
            return values[row] == null;
        }
    }

    /**
     * A column in Milvus's wire form: the serialized {@code FieldData} (schema.proto) of these rows, as a Milvus
     * 2.x source read it, nullable values in the compact form inserts take (values of the non-null rows only, and
     * {@code valid_data} for every row). Read by Milvus sinks only, which copy the bytes into the insert request
     * unchanged: every type the server has, with nothing decoded or re-encoded on the way.
     *
     * @param name the field's name, as inside {@code fieldData}
     * @param type what the field holds
     * @param rowCount the rows encoded
     * @param fieldData the FieldData message's bytes; shared, not copied
     */
    record WireColumn(String name, ScalarType type, int rowCount, byte[] fieldData) implements ScalarColumn {
        public WireColumn {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(fieldData, "fieldData");
        }

        @Override
        public long byteSize() {
            return fieldData.length;
        }

        /** Nulls are inside the encoded form ({@code valid_data}); this column answers false for every row. */
        @Override
        public boolean isNull(int row) {
            return false;
        }
    }
}
