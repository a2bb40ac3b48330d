package io.milvusdm.milvus.source;

import com.google.protobuf.ByteString;
import io.milvus.grpc.ArrayArray;
import io.milvus.grpc.ScalarField.DataCase;
import io.milvus.grpc.SparseFloatArray;
import io.milvus.grpc.VectorField;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.ScalarType;
import io.milvusdm.pipeline.Timestamptz;
import io.milvusdm.pipeline.VectorFieldSpec;
import io.milvusdm.pipeline.VectorFieldType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes rows of a query result's column ({@link FieldColumn}, a {@code FieldData}) into the typed column of its
 * field, so that sinks other than Milvus never see protobuf. One case per type; the value of row {@code r} is at
 * {@link FieldColumn#valueIndex} in the one repeated {@code data} of its array message (schema.proto):
 * <ul>
 *   <li>BOOL: {@code bool_data}; INT8, INT16, INT32: {@code int_data} (int32 on the wire, checked against the
 *       field's range); INT64: {@code long_data}; FLOAT: {@code float_data}; DOUBLE: {@code double_data}</li>
 *   <li>VARCHAR: {@code string_data}; JSON and the dynamic field: {@code json_data}, the text's UTF-8 bytes</li>
 *   <li>GEOMETRY: {@code geometry_wkt_data}, Well-Known Text; TIMESTAMPTZ: {@code string_data}, ISO 8601 text with
 *       an offset, parsed into microseconds since the epoch (UTC). {@link FieldColumn} has put both into these
 *       forms ({@link InsertForms}) whatever the server sent.</li>
 *   <li>ARRAY: {@code array_data}, a ScalarField a row holding that row's elements in the element type's array
 *       message, as above</li>
 *   <li>a vector field ({@link ScalarField#vector()}): {@code vectors}, dense rows of {@code dim} floats
 *       ({@code float_vector}, or decoded beside it, {@link QueryPage}) or of the type's bytes
 *       ({@code binary_vector}, {@code float16_vector}, {@code bfloat16_vector}, {@code int8_vector}); sparse rows
 *       one {@code sparse_float_vector.contents} entry each, (uint32 index, float32 value) pairs, little-endian</li>
 * </ul>
 * A null row (its {@code valid_data} flag false) has no value; see {@link FieldColumn} for the two forms the
 * server sends nullable columns in.
 */
final class FieldDataDecoder {

    /** A sparse row's entry: a uint32 index and a float32 value. */
    private static final int SPARSE_ENTRY_BYTES = 8;

    private FieldDataDecoder() {
    }

    /**
     * Rows {@code [from, to)} of {@code column} as the typed column of {@code field}.
     *
     * @throws IllegalStateException when the server sent another kind of data than the field's type holds, or an
     *     integer outside the field's range
     */
    static ScalarColumn decode(ScalarField field, FieldColumn column, int from, int to) {
        int count = to - from;
        io.milvus.grpc.ScalarField data = column.data().getScalars();
        boolean[] valid = validity(column, from, count);
        String name = field.name();
        return switch (field.type()) {
            case BOOL -> {
                expect(field, data, DataCase.BOOL_DATA);
                boolean[] values = new boolean[count];
                for (int i = 0; i < count; i++) {
                    values[i] = !column.isNull(from + i) && data.getBoolData().getData(column.valueIndex(from + i));
                }
                yield new ScalarColumn.BoolColumn(name, values, valid);
            }
            case INT8, INT16, INT32, INT64 -> {
                boolean wide = field.type() == ScalarType.INT64;
                expect(field, data, wide ? DataCase.LONG_DATA : DataCase.INT_DATA);
                long[] values = new long[count];
                for (int i = 0; i < count; i++) {
                    if (!column.isNull(from + i)) {
                        int index = column.valueIndex(from + i);
                        values[i] = wide ? data.getLongData().getData(index) : data.getIntData().getData(index);
                    }
                }
                yield integers(field, values, valid, from);
            }
            case FLOAT, DOUBLE -> {
                boolean wide = field.type() == ScalarType.DOUBLE;
                expect(field, data, wide ? DataCase.DOUBLE_DATA : DataCase.FLOAT_DATA);
                double[] values = new double[count];
                for (int i = 0; i < count; i++) {
                    if (!column.isNull(from + i)) {
                        int index = column.valueIndex(from + i);
                        values[i] = wide ? data.getDoubleData().getData(index) : data.getFloatData().getData(index);
                    }
                }
                yield new ScalarColumn.FloatingColumn(name, field.type(), values, valid);
            }
            case VARCHAR -> {
                expect(field, data, DataCase.STRING_DATA);
                String[] values = new String[count];
                for (int i = 0; i < count; i++) {
                    values[i] = column.isNull(from + i) ? null
                            : data.getStringData().getData(column.valueIndex(from + i));
                }
                yield new ScalarColumn.VarcharColumn(name, values);
            }
            case GEOMETRY -> {
                expect(field, data, DataCase.GEOMETRY_WKT_DATA);
                String[] values = new String[count];
                for (int i = 0; i < count; i++) {
                    values[i] = column.isNull(from + i) ? null
                            : data.getGeometryWktData().getData(column.valueIndex(from + i));
                }
                yield new ScalarColumn.VarcharColumn(name, ScalarType.GEOMETRY, values);
            }
            case TIMESTAMPTZ -> {
                expect(field, data, DataCase.STRING_DATA);
                long[] values = new long[count];
                for (int i = 0; i < count; i++) {
                    if (!column.isNull(from + i)) {
                        values[i] = micros(field, data.getStringData().getData(column.valueIndex(from + i)));
                    }
                }
                yield new ScalarColumn.IntegerColumn(name, ScalarType.TIMESTAMPTZ, values, valid);
            }
            case JSON, DYNAMIC -> {
                expect(field, data, DataCase.JSON_DATA);
                byte[][] values = new byte[count][];
                for (int i = 0; i < count; i++) {
                    values[i] = column.isNull(from + i) ? null
                            : data.getJsonData().getData(column.valueIndex(from + i)).toByteArray();
                }
                yield new ScalarColumn.JsonColumn(name, field.type(), values);
            }
            case ARRAY -> arrays(field, column, from, count, valid);
            case VECTOR -> {
                if (field.vector() == null) {
                    throw new IllegalStateException("field '" + name + "' is a vector field of no known type, which"
                            + " travels in Milvus's wire form only");
                }
                yield vectors(field, column, from, count, valid);
            }
            case STRUCT_ARRAY -> throw new IllegalStateException("field '" + name + "' is a " + field.type()
                    + " field, which travels in Milvus's wire form only");
        };
    }

    /**
     * A vector field's rows: dense rows copied out of the page ({@code dim} floats, or the type's bytes, a row;
     * zeros for a null row), sparse rows' (index, value) pairs split into CSR arrays.
     */
    private static ScalarColumn vectors(ScalarField field, FieldColumn column, int from, int count, boolean[] valid) {
        VectorFieldSpec spec = field.vector();
        VectorField data = column.data().getVectors();
        boolean anyValue = false;
        for (int i = 0; i < count && !anyValue; i++) {
            anyValue = !column.isNull(from + i);
        }
        if (anyValue) {
            expect(field, data, expectedCase(spec.type()));
            if (!spec.type().isSparse() && data.getDim() != spec.dimension()) {
                throw new IllegalStateException("field " + field.describe() + ": the server returned vectors of"
                        + " dimension " + data.getDim());
            }
        }
        String name = field.name();
        return switch (spec.type()) {
            case FLOAT_VECTOR -> {
                int dim = spec.dimension();
                float[] values = new float[count * dim];
                float[] source = anyValue ? column.floats() : null;
                for (int i = 0; i < count; i++) {
                    if (!column.isNull(from + i)) {
                        System.arraycopy(source, column.valueIndex(from + i) * dim, values, i * dim, dim);
                    }
                }
                yield new ScalarColumn.FloatVectorColumn(name, dim, values, valid);
            }
            case BINARY_VECTOR, FLOAT16_VECTOR, BFLOAT16_VECTOR, INT8_VECTOR -> {
                int rowBytes = (int) spec.bytesPerRow();
                ByteString source = switch (spec.type()) {
                    case BINARY_VECTOR -> data.getBinaryVector();
                    case FLOAT16_VECTOR -> data.getFloat16Vector();
                    case BFLOAT16_VECTOR -> data.getBfloat16Vector();
                    default -> data.getInt8Vector();
                };
                byte[] values = new byte[count * rowBytes];
                for (int i = 0; i < count; i++) {
                    if (!column.isNull(from + i)) {
                        source.copyTo(values, column.valueIndex(from + i) * rowBytes, i * rowBytes, rowBytes);
                    }
                }
                yield new ScalarColumn.ByteVectorColumn(name, spec.type(), spec.dimension(), values, valid);
            }
            case SPARSE_FLOAT_VECTOR -> sparse(field, column, data.getSparseFloatVector(), from, count, valid);
        };
    }

    /** Each row's contents, (uint32 index, float32 value) little-endian pairs, into CSR arrays. */
    private static ScalarColumn sparse(ScalarField field, FieldColumn column, SparseFloatArray rows, int from,
                                       int count, boolean[] valid) {
        int[] offsets = new int[count + 1];
        for (int i = 0; i < count; i++) {
            int entries = 0;
            if (!column.isNull(from + i)) {
                int bytes = rows.getContents(column.valueIndex(from + i)).size();
                if (bytes % SPARSE_ENTRY_BYTES != 0) {
                    throw new IllegalStateException("field " + field.describe() + ": the server returned a sparse"
                            + " row of " + bytes + " bytes, not a multiple of " + SPARSE_ENTRY_BYTES);
                }
                entries = bytes / SPARSE_ENTRY_BYTES;
            }
            offsets[i + 1] = Math.addExact(offsets[i], entries);
        }
        int[] indices = new int[offsets[count]];
        float[] values = new float[offsets[count]];
        for (int i = 0; i < count; i++) {
            if (!column.isNull(from + i)) {
                ByteBuffer row = rows.getContents(column.valueIndex(from + i)).asReadOnlyByteBuffer()
                        .order(ByteOrder.LITTLE_ENDIAN);
                for (int at = offsets[i]; at < offsets[i + 1]; at++) {
                    indices[at] = row.getInt();
                    values[at] = row.getFloat();
                }
            }
        }
        return new ScalarColumn.SparseVectorColumn(field.name(), offsets, indices, values, valid);
    }

    private static VectorField.DataCase expectedCase(VectorFieldType type) {
        return switch (type) {
            case FLOAT_VECTOR -> VectorField.DataCase.FLOAT_VECTOR;
            case BINARY_VECTOR -> VectorField.DataCase.BINARY_VECTOR;
            case FLOAT16_VECTOR -> VectorField.DataCase.FLOAT16_VECTOR;
            case BFLOAT16_VECTOR -> VectorField.DataCase.BFLOAT16_VECTOR;
            case INT8_VECTOR -> VectorField.DataCase.INT8_VECTOR;
            case SPARSE_FLOAT_VECTOR -> VectorField.DataCase.SPARSE_FLOAT_VECTOR;
        };
    }

    /**
     * Vectors must be the field's kind. A FLOAT_VECTOR column's floats may have been decoded beside it
     * ({@link QueryPageDecoder}), leaving it without a kind set.
     */
    private static void expect(ScalarField field, VectorField data, VectorField.DataCase expected) {
        if (data.getDataCase() != expected && data.getDataCase() != VectorField.DataCase.DATA_NOT_SET) {
            throw new IllegalStateException("field " + field.describe() + ": the server returned "
                    + data.getDataCase().name().toLowerCase(java.util.Locale.ROOT) + " values, expected "
                    + expected.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static long micros(ScalarField field, String iso) {
        try {
            return Timestamptz.micros(iso);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("field " + field.describe() + ": the server returned " + e.getMessage(), e);
        }
    }

    /** The rows' valid flags, or null for a column without nulls. */
    private static boolean[] validity(FieldColumn column, int from, int count) {
        if (column.data().getValidDataCount() == 0) {
            return null;
        }
        boolean[] valid = new boolean[count];
        for (int i = 0; i < count; i++) {
            valid[i] = !column.isNull(from + i);
        }
        return valid;
    }

    private static ScalarColumn.IntegerColumn integers(ScalarField field, long[] values, boolean[] valid, int from) {
        try {
            return new ScalarColumn.IntegerColumn(field.name(), field.type(), values, valid);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the server returned a value outside " + field.describe() + " (rows from "
                    + from + "): " + e.getMessage(), e);
        }
    }

    /** Each row's ScalarField flattened into one element column, with the offsets of the rows. */
    private static ScalarColumn arrays(ScalarField field, FieldColumn column, int from, int count, boolean[] valid) {
        io.milvus.grpc.ScalarField data = column.data().getScalars();
        expect(field, data, DataCase.ARRAY_DATA);
        ArrayArray rows = data.getArrayData();
        ScalarType elementType = field.elementType();
        DataCase elementCase = elementCase(elementType);
        int[] offsets = new int[count + 1];
        for (int i = 0; i < count; i++) {
            int length = 0;
            if (!column.isNull(from + i)) {
                io.milvus.grpc.ScalarField row = rows.getData(column.valueIndex(from + i));
                if (row.getDataCase() != elementCase && row.getDataCase() != DataCase.DATA_NOT_SET) {
                    throw mismatch(field, elementCase, row.getDataCase());
                }
                length = elementCount(row, elementType);
            }
            offsets[i + 1] = Math.addExact(offsets[i], length);
        }
        ElementSink elements = new ElementSink(field, offsets[count]);
        for (int i = 0; i < count; i++) {
            if (!column.isNull(from + i)) {
                elements.add(rows.getData(column.valueIndex(from + i)));
            }
        }
        return new ScalarColumn.ArrayColumn(field.name(), elements.column(), offsets, valid);
    }

    private static DataCase elementCase(ScalarType elementType) {
        return switch (elementType) {
            case BOOL -> DataCase.BOOL_DATA;
            case INT8, INT16, INT32 -> DataCase.INT_DATA;
            case INT64 -> DataCase.LONG_DATA;
            case FLOAT -> DataCase.FLOAT_DATA;
            case DOUBLE -> DataCase.DOUBLE_DATA;
            case VARCHAR -> DataCase.STRING_DATA;
            default -> throw new IllegalStateException(elementType + " is no array element type");
        };
    }

    private static int elementCount(io.milvus.grpc.ScalarField row, ScalarType elementType) {
        return switch (elementType) {
            case BOOL -> row.getBoolData().getDataCount();
            case INT8, INT16, INT32 -> row.getIntData().getDataCount();
            case INT64 -> row.getLongData().getDataCount();
            case FLOAT -> row.getFloatData().getDataCount();
            case DOUBLE -> row.getDoubleData().getDataCount();
            case VARCHAR -> row.getStringData().getDataCount();
            default -> throw new IllegalStateException(elementType + " is no array element type");
        };
    }

    /** The elements of an ARRAY column's rows, appended row after row into one primitive array. */
    private static final class ElementSink {
        private final ScalarField field;
        private final ScalarType type;
        private final boolean[] bools;
        private final long[] longs;
        private final double[] doubles;
        private final String[] strings;
        private int size;

        ElementSink(ScalarField field, int total) {
            this.field = field;
            this.type = field.elementType();
            this.bools = type == ScalarType.BOOL ? new boolean[total] : null;
            this.longs = type.isInteger() ? new long[total] : null;
            this.doubles = type.isFloating() ? new double[total] : null;
            this.strings = type == ScalarType.VARCHAR ? new String[total] : null;
        }

        void add(io.milvus.grpc.ScalarField row) {
            switch (type) {
                case BOOL -> {
                    for (int i = 0; i < row.getBoolData().getDataCount(); i++) {
                        bools[size++] = row.getBoolData().getData(i);
                    }
                }
                case INT8, INT16, INT32 -> {
                    for (int i = 0; i < row.getIntData().getDataCount(); i++) {
                        longs[size++] = row.getIntData().getData(i);
                    }
                }
                case INT64 -> {
                    for (int i = 0; i < row.getLongData().getDataCount(); i++) {
                        longs[size++] = row.getLongData().getData(i);
                    }
                }
                case FLOAT -> {
                    for (int i = 0; i < row.getFloatData().getDataCount(); i++) {
                        doubles[size++] = row.getFloatData().getData(i);
                    }
                }
                case DOUBLE -> {
                    for (int i = 0; i < row.getDoubleData().getDataCount(); i++) {
                        doubles[size++] = row.getDoubleData().getData(i);
                    }
                }
                case VARCHAR -> row.getStringData().getDataList().forEach(v -> strings[size++] = v);
                default -> throw new IllegalStateException(type + " is no array element type");
            }
        }

        ScalarColumn column() {
            String name = field.name();
            return switch (type) {
                case BOOL -> new ScalarColumn.BoolColumn(name, bools, null);
                case INT8, INT16, INT32, INT64 -> integers(ScalarField.number(name, type, false), longs, null, 0);
                case FLOAT, DOUBLE -> new ScalarColumn.FloatingColumn(name, type, doubles, null);
                case VARCHAR -> new ScalarColumn.VarcharColumn(name, strings);
                default -> throw new IllegalStateException(type + " is no array element type");
            };
        }
    }

    /** The data must be the field's kind; a column without values (every row null) may have none set. */
    private static void expect(ScalarField field, io.milvus.grpc.ScalarField data, DataCase expected) {
        if (data.getDataCase() != expected && data.getDataCase() != DataCase.DATA_NOT_SET) {
            throw mismatch(field, expected, data.getDataCase());
        }
    }

    private static IllegalStateException mismatch(ScalarField field, DataCase expected, DataCase found) {
        return new IllegalStateException("field " + field.describe() + ": the server returned "
                + found.name().toLowerCase(java.util.Locale.ROOT) + " values, expected "
                + expected.name().toLowerCase(java.util.Locale.ROOT));
    }
}
