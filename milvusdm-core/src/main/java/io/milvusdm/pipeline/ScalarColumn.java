package io.milvusdm.pipeline;

import java.util.Objects;

/**
 * One scalar column of a batch: a value per row, or none where the row is null (allowed only when the field
 * is {@link ScalarField#nullable()}; the sink checks). Arrays are shared, not copied: the producer hands them
 * over and does not touch them again. {@link #byteSize()} is the payload (UTF-8 bytes, or the width of the
 * primitive a value is held in) plus a few bytes a row for its framing on the wire, so that batches stay
 * bounded by bytes.
 *
 * <h2>Nulls</h2>
 * String columns hold null entries. Primitive columns hold a {@code valid} flag a row ({@code null} when every row
 * has a value, the common case), as Milvus's {@code valid_data} does; a null row's slot holds zero (false) and
 * means nothing.
 */
public sealed interface ScalarColumn permits ScalarColumn.VarcharColumn, ScalarColumn.JsonColumn,
        ScalarColumn.BoolColumn, ScalarColumn.IntegerColumn, ScalarColumn.FloatingColumn, ScalarColumn.ArrayColumn,
        ScalarColumn.FloatVectorColumn, ScalarColumn.ByteVectorColumn, ScalarColumn.SparseVectorColumn,
        ScalarColumn.WireColumn {

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

    /**
     * Strings, one a row: VARCHAR values, or GEOMETRY's Well-Known Text.
     *
     * @param type VARCHAR or GEOMETRY
     */
    record VarcharColumn(String name, ScalarType type, String[] values) implements ScalarColumn {
        public VarcharColumn {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(values, "values");
            if (type != ScalarType.VARCHAR && type != ScalarType.GEOMETRY) {
                throw new IllegalArgumentException("a string column is VARCHAR or GEOMETRY, not " + type);
            }
        }

        /** A VARCHAR field's column. */
        public VarcharColumn(String name, String[] values) {
            this(name, ScalarType.VARCHAR, values);
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
     *
     * @param type JSON, or DYNAMIC for the dynamic field ({@code $meta}: a JSON object a row)
     */
    record JsonColumn(String name, ScalarType type, byte[][] values) implements ScalarColumn {
        public JsonColumn {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(values, "values");
            if (type != ScalarType.JSON && type != ScalarType.DYNAMIC) {
                throw new IllegalArgumentException("a JSON column is JSON or DYNAMIC, not " + type);
            }
        }

        /** A JSON field's column. */
        public JsonColumn(String name, byte[][] values) {
            this(name, ScalarType.JSON, values);
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
     * BOOL values.
     *
     * @param valid a flag a row, false for a null row; null when no row is null
     */
    record BoolColumn(String name, boolean[] values, boolean[] valid) implements ScalarColumn {
        public BoolColumn {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(values, "values");
            checkValid(name, values.length, valid);
        }

        @Override
        public ScalarType type() {
            return ScalarType.BOOL;
        }

        @Override
        public int rowCount() {
            return values.length;
        }

        @Override
        public long byteSize() {
            return 2L * values.length;
        }

        @Override
        public boolean isNull(int row) {
            return valid != null && !valid[row];
        }
    }

    /**
     * INT8, INT16, INT32 or INT64 values, each within its type's range, held as {@code long}s; or TIMESTAMPTZ
     * values as microseconds since 1970-01-01T00:00:00Z.
     *
     * @param valid a flag a row, false for a null row; null when no row is null
     */
    record IntegerColumn(String name, ScalarType type, long[] values, boolean[] valid) implements ScalarColumn {
        public IntegerColumn {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(values, "values");
            if (type == null || !type.isInteger() && type != ScalarType.TIMESTAMPTZ) {
                throw new IllegalArgumentException("an integer column is INT8, INT16, INT32, INT64 or TIMESTAMPTZ, not "
                        + type);
            }
            checkValid(name, values.length, valid);
            if (type != ScalarType.INT64 && type != ScalarType.TIMESTAMPTZ) {
                for (int row = 0; row < values.length; row++) {
                    if (values[row] < type.minValue() || values[row] > type.maxValue()) {
                        throw new IllegalArgumentException("column '" + name + "' row " + row + ": " + values[row]
                                + " is outside the range of " + type);
                    }
                }
            }
        }

        @Override
        public int rowCount() {
            return values.length;
        }

        /** A varint of up to ten bytes a value on the wire, plus its flag. */
        @Override
        public long byteSize() {
            return 11L * values.length;
        }

        @Override
        public boolean isNull(int row) {
            return valid != null && !valid[row];
        }
    }

    /**
     * FLOAT or DOUBLE values, held as {@code double}s (a FLOAT's float32 value widened, which is exact).
     *
     * @param valid a flag a row, false for a null row; null when no row is null
     */
    record FloatingColumn(String name, ScalarType type, double[] values, boolean[] valid) implements ScalarColumn {
        public FloatingColumn {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(values, "values");
            if (type == null || !type.isFloating()) {
                throw new IllegalArgumentException("a floating-point column is FLOAT or DOUBLE, not " + type);
            }
            checkValid(name, values.length, valid);
        }

        @Override
        public int rowCount() {
            return values.length;
        }

        @Override
        public long byteSize() {
            return 9L * values.length;
        }

        @Override
        public boolean isNull(int row) {
            return valid != null && !valid[row];
        }
    }

    /**
     * ARRAY values: row {@code r}'s elements are elements {@code offsets[r] .. offsets[r + 1] - 1} of
     * {@code elements}, a column without nulls of the element type (BOOL, an integer, a floating-point type, or
     * VARCHAR). A null row has no elements.
     *
     * @param offsets rows + 1 ascending offsets, from 0 to the element count
     * @param valid a flag a row, false for a null row; null when no row is null
     */
    record ArrayColumn(String name, ScalarColumn elements, int[] offsets, boolean[] valid) implements ScalarColumn {
        public ArrayColumn {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(elements, "elements");
            Objects.requireNonNull(offsets, "offsets");
            if (!elements.type().isArrayElement() || elements instanceof WireColumn || elements.nullCount() > 0) {
                throw new IllegalArgumentException("array column '" + name + "' needs elements of a scalar type or"
                        + " VARCHAR, without nulls; got " + elements.type());
            }
            if (offsets.length == 0 || offsets[0] != 0 || offsets[offsets.length - 1] != elements.rowCount()) {
                throw new IllegalArgumentException("array column '" + name + "': offsets must run from 0 to the "
                        + elements.rowCount() + " elements");
            }
            for (int i = 1; i < offsets.length; i++) {
                if (offsets[i] < offsets[i - 1]) {
                    throw new IllegalArgumentException("array column '" + name + "': offset " + i + " decreases");
                }
            }
            checkValid(name, offsets.length - 1, valid);
        }

        @Override
        public ScalarType type() {
            return ScalarType.ARRAY;
        }

        public ScalarType elementType() {
            return elements.type();
        }

        @Override
        public int rowCount() {
            return offsets.length - 1;
        }

        /** The elements and a length prefix a row. */
        @Override
        public long byteSize() {
            return elements.byteSize() + 5L * rowCount();
        }

        @Override
        public boolean isNull(int row) {
            return valid != null && !valid[row];
        }
    }

    /**
     * A FLOAT_VECTOR field besides the batch's own vectors: {@code dimension} floats a row, row after row; a null
     * row's floats are zeros.
     *
     * @param valid a flag a row, false for a null row; null when no row is null
     */
    record FloatVectorColumn(String name, int dimension, float[] values, boolean[] valid) implements ScalarColumn {
        public FloatVectorColumn {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(values, "values");
            checkShape(name, dimension, values.length);
            checkValid(name, values.length / dimension, valid);
        }

        @Override
        public ScalarType type() {
            return ScalarType.VECTOR;
        }

        @Override
        public int rowCount() {
            return values.length / dimension;
        }

        @Override
        public long byteSize() {
            return 4L * values.length + rowCount();
        }

        @Override
        public boolean isNull(int row) {
            return valid != null && !valid[row];
        }
    }

    /**
     * A BINARY, FLOAT16, BFLOAT16 or INT8 vector field besides the batch's own vectors: its bytes as Milvus holds
     * them ({@link VectorFieldType#bytesPerRow} a row, 2-byte values little-endian), row after row; a null row's
     * bytes are zeros.
     *
     * @param valid a flag a row, false for a null row; null when no row is null
     */
    record ByteVectorColumn(String name, VectorFieldType vectorType, int dimension, byte[] values, boolean[] valid)
            implements ScalarColumn {
        public ByteVectorColumn {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(values, "values");
            if (vectorType == null || vectorType == VectorFieldType.FLOAT_VECTOR || vectorType.isSparse()) {
                throw new IllegalArgumentException("a byte vector column is BINARY, FLOAT16, BFLOAT16 or INT8, not "
                        + vectorType);
            }
            checkShape(name, (int) vectorType.bytesPerRow(dimension), values.length);
            checkValid(name, values.length / (int) vectorType.bytesPerRow(dimension), valid);
        }

        @Override
        public ScalarType type() {
            return ScalarType.VECTOR;
        }

        /** Bytes a row takes. */
        public int rowBytes() {
            return (int) vectorType.bytesPerRow(dimension);
        }

        @Override
        public int rowCount() {
            return values.length / rowBytes();
        }

        @Override
        public long byteSize() {
            return values.length + rowCount();
        }

        @Override
        public boolean isNull(int row) {
            return valid != null && !valid[row];
        }
    }

    /**
     * A SPARSE_FLOAT_VECTOR field: row {@code r}'s non-zeros are entries {@code offsets[r] .. offsets[r + 1] - 1}
     * of {@code indices} (uint32 held in an {@code int}) and {@code values}, in the order the source holds them
     * (scipy's CSR layout). A null row has none.
     *
     * @param offsets rows + 1 ascending offsets, from 0 to the entry count
     * @param valid a flag a row, false for a null row; null when no row is null
     */
    record SparseVectorColumn(String name, int[] offsets, int[] indices, float[] values, boolean[] valid)
            implements ScalarColumn {
        public SparseVectorColumn {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(offsets, "offsets");
            Objects.requireNonNull(indices, "indices");
            Objects.requireNonNull(values, "values");
            if (indices.length != values.length) {
                throw new IllegalArgumentException("sparse column '" + name + "' has " + indices.length
                        + " indices and " + values.length + " values");
            }
            if (offsets.length == 0 || offsets[0] != 0 || offsets[offsets.length - 1] != values.length) {
                throw new IllegalArgumentException("sparse column '" + name + "': offsets must run from 0 to the "
                        + values.length + " entries");
            }
            for (int i = 1; i < offsets.length; i++) {
                if (offsets[i] < offsets[i - 1]) {
                    throw new IllegalArgumentException("sparse column '" + name + "': offset " + i + " decreases");
                }
            }
            checkValid(name, offsets.length - 1, valid);
        }

        @Override
        public ScalarType type() {
            return ScalarType.VECTOR;
        }

        @Override
        public int rowCount() {
            return offsets.length - 1;
        }

        /** Eight bytes an entry (index and value), as on the wire, and a length a row. */
        @Override
        public long byteSize() {
            return 8L * values.length + 5L * rowCount();
        }

        @Override
        public boolean isNull(int row) {
            return valid != null && !valid[row];
        }
    }

    private static void checkShape(String name, int rowWidth, int length) {
        if (rowWidth <= 0 || length % rowWidth != 0) {
            throw new IllegalArgumentException("vector column '" + name + "' has " + length + " values, not a"
                    + " multiple of its row width " + rowWidth);
        }
    }

    private static void checkValid(String name, int rows, boolean[] valid) {
        if (valid != null && valid.length != rows) {
            throw new IllegalArgumentException("column '" + name + "' has " + rows + " values and " + valid.length
                    + " validity flags");
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
