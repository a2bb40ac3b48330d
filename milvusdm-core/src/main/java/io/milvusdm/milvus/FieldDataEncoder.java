package io.milvusdm.milvus;

import com.google.protobuf.ByteString;
import io.milvus.grpc.ArrayArray;
import io.milvus.grpc.BoolArray;
import io.milvus.grpc.DoubleArray;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.FloatArray;
import io.milvus.grpc.GeometryWktArray;
import io.milvus.grpc.IntArray;
import io.milvus.grpc.JSONArray;
import io.milvus.grpc.LongArray;
import io.milvus.grpc.StringArray;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.ScalarType;
import io.milvusdm.pipeline.Timestamptz;
import io.milvusdm.pipeline.Utf8;

/**
 * The {@code FieldData} (schema.proto) of a typed column that has no hand-written encoder in
 * {@link ScalarColumnEncoder}: BOOL, the integers, FLOAT, DOUBLE, ARRAY, the dynamic field, GEOMETRY (Well-Known
 * Text in {@code geometry_wkt_data}, the one form Milvus's proxy takes) and TIMESTAMPTZ (ISO 8601 UTC text in
 * {@code string_data}, likewise). Built with the
 * generated builders, whose repeated numbers are primitive lists (nothing boxed), and checked against the field
 * on the way: nulls only where the field is nullable, integers within range, arrays within capacity, VARCHAR
 * elements within max length.
 *
 * <p>Nullable fields are sent in the compact form, as {@link ScalarColumnEncoder} explains: the values of the
 * non-null rows only, and {@code valid_data} for every row. The dynamic field is JSON data flagged
 * {@code is_dynamic}.
 */
final class FieldDataEncoder {

    private FieldDataEncoder() {
    }

    /**
     * @param where "split s (rows from r)", for messages
     * @throws IllegalArgumentException when the column does not fit the field
     */
    static byte[] encode(ScalarField field, ScalarColumn column, String where) {
        if (field.isTypedVector()) {
            return VectorFieldEncoder.encode(field, column, where);
        }
        FieldData.Builder out = FieldData.newBuilder().setFieldName(field.name()).setType(ScalarTypes.proto(field.type()));
        io.milvus.grpc.ScalarField.Builder scalars = io.milvus.grpc.ScalarField.newBuilder();
        int rows = column.rowCount();
        for (int row = 0; row < rows; row++) {
            boolean isNull = column.isNull(row);
            if (isNull && !field.nullable()) {
                throw new IllegalArgumentException("field '" + field.name() + "' is not nullable, but row " + row
                        + " of " + where + " has no value");
            }
            if (field.nullable()) {
                out.addValidData(!isNull);
            }
        }
        if (column instanceof ScalarColumn.BoolColumn bools) {
            BoolArray.Builder data = BoolArray.newBuilder();
            for (int row = 0; row < rows; row++) {
                if (!bools.isNull(row)) {
                    data.addData(bools.values()[row]);
                }
            }
            scalars.setBoolData(data);
        } else if (column instanceof ScalarColumn.IntegerColumn ints && ints.type() == ScalarType.TIMESTAMPTZ) {
            StringArray.Builder data = StringArray.newBuilder();
            for (int row = 0; row < rows; row++) {
                if (!ints.isNull(row)) {
                    data.addData(Timestamptz.isoUtc(ints.values()[row]));
                }
            }
            scalars.setStringData(data);
        } else if (column instanceof ScalarColumn.IntegerColumn ints) {
            setIntegers(scalars, ints.type(), ints.values(), ints::isNull, 0, rows);
        } else if (column instanceof ScalarColumn.VarcharColumn strings && strings.type() == ScalarType.GEOMETRY) {
            GeometryWktArray.Builder data = GeometryWktArray.newBuilder();
            for (String value : strings.values()) {
                if (value != null) {
                    data.addData(value);
                }
            }
            scalars.setGeometryWktData(data);
        } else if (column instanceof ScalarColumn.FloatingColumn floats) {
            setFloating(scalars, floats.type(), floats.values(), floats::isNull, 0, rows);
        } else if (column instanceof ScalarColumn.JsonColumn json) {
            JSONArray.Builder data = JSONArray.newBuilder();
            for (byte[] value : json.values()) {
                if (value != null) {
                    data.addData(ByteString.copyFrom(value));
                }
            }
            scalars.setJsonData(data);
            out.setIsDynamic(json.type() == ScalarType.DYNAMIC);
        } else if (column instanceof ScalarColumn.ArrayColumn arrays) {
            scalars.setArrayData(arrays(field, arrays, where));
        } else {
            throw new IllegalArgumentException("column '" + column.name() + "' (" + column.type()
                    + ") has its own encoder");
        }
        return out.setScalars(scalars).build().toByteArray();
    }

    @FunctionalInterface
    private interface NullRows {
        boolean isNull(int row);
    }

    private static void setIntegers(io.milvus.grpc.ScalarField.Builder scalars, ScalarType type, long[] values,
                                    NullRows nulls, int from, int to) {
        if (type == ScalarType.INT64) {
            LongArray.Builder data = LongArray.newBuilder();
            for (int i = from; i < to; i++) {
                if (!nulls.isNull(i)) {
                    data.addData(values[i]);
                }
            }
            scalars.setLongData(data);
            return;
        }
        // INT8 and INT16 travel as int32 too (schema.proto has no narrower array); IntegerColumn checked the range
        IntArray.Builder data = IntArray.newBuilder();
        for (int i = from; i < to; i++) {
            if (!nulls.isNull(i)) {
                data.addData((int) values[i]);
            }
        }
        scalars.setIntData(data);
    }

    private static void setFloating(io.milvus.grpc.ScalarField.Builder scalars, ScalarType type, double[] values,
                                    NullRows nulls, int from, int to) {
        if (type == ScalarType.DOUBLE) {
            DoubleArray.Builder data = DoubleArray.newBuilder();
            for (int i = from; i < to; i++) {
                if (!nulls.isNull(i)) {
                    data.addData(values[i]);
                }
            }
            scalars.setDoubleData(data);
            return;
        }
        FloatArray.Builder data = FloatArray.newBuilder();
        for (int i = from; i < to; i++) {
            if (!nulls.isNull(i)) {
                data.addData((float) values[i]);
            }
        }
        scalars.setFloatData(data);
    }

    /** One ScalarField a non-null row, holding its elements. */
    private static ArrayArray arrays(ScalarField field, ScalarColumn.ArrayColumn arrays, String where) {
        if (arrays.elementType() != field.elementType()) {
            throw new IllegalArgumentException("column '" + arrays.name() + "' of " + where + " holds "
                    + arrays.elementType() + " elements; field " + field.describe() + " takes " + field.elementType());
        }
        ArrayArray.Builder out = ArrayArray.newBuilder().setElementType(ScalarTypes.proto(field.elementType()));
        int[] offsets = arrays.offsets();
        ScalarColumn elements = arrays.elements();
        for (int row = 0; row < arrays.rowCount(); row++) {
            if (arrays.isNull(row)) {
                continue;
            }
            int from = offsets[row];
            int to = offsets[row + 1];
            if (to - from > field.maxCapacity()) {
                throw new IllegalArgumentException("value of field '" + field.name() + "' at row " + row + " of "
                        + where + " has " + (to - from) + " elements, over its max capacity " + field.maxCapacity());
            }
            io.milvus.grpc.ScalarField.Builder value = io.milvus.grpc.ScalarField.newBuilder();
            if (elements instanceof ScalarColumn.BoolColumn bools) {
                BoolArray.Builder data = BoolArray.newBuilder();
                for (int i = from; i < to; i++) {
                    data.addData(bools.values()[i]);
                }
                value.setBoolData(data);
            } else if (elements instanceof ScalarColumn.IntegerColumn ints) {
                setIntegers(value, ints.type(), ints.values(), i -> false, from, to);
            } else if (elements instanceof ScalarColumn.FloatingColumn floats) {
                setFloating(value, floats.type(), floats.values(), i -> false, from, to);
            } else {
                StringArray.Builder data = StringArray.newBuilder();
                String[] strings = ((ScalarColumn.VarcharColumn) elements).values();
                for (int i = from; i < to; i++) {
                    int length = Utf8.length(strings[i]);
                    if (length > field.maxLength()) {
                        throw new IllegalArgumentException("an element of field '" + field.name() + "' at row "
                                + row + " of " + where + " is " + length + " bytes of UTF-8, over its max length "
                                + field.maxLength());
                    }
                    data.addData(strings[i]);
                }
                value.setStringData(data);
            }
            out.addData(value);
        }
        return out.build();
    }
}
