package io.milvusdm.milvus;

import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.ScalarType;
import io.milvusdm.pipeline.Utf8;

import static io.milvusdm.milvus.ProtoWire.delimitedSize;
import static io.milvusdm.milvus.ProtoWire.tagSize;
import static io.milvusdm.milvus.ProtoWire.varintSize;

/**
 * The {@code FieldData} of one scalar column, column-wise and without boxing, for {@link InsertRequestEncoder}.
 *
 * <h2>Layout (schema.proto, as in SDK 2.6.22)</h2>
 * <ul>
 *   <li>FieldData: [1] type (VarChar 21, JSON 23), [2] field_name, [3] scalars, [7] valid_data (nullable fields
 *       only: packed bools, one a row, false for a null)</li>
 *   <li>ScalarField: [6] string_data StringArray{[1] utf-8 strings} or [9] json_data JSONArray{[1] bytes}</li>
 * </ul>
 * A nullable field's data holds only the non-null values, in row order, with {@code valid_data} for every row:
 * the form the Milvus proxy expands (validate_util.go, fillWithNullValue), pymilvus and the Java SDK send, and
 * Milvus Lite reads (adapter/grpc/translators/records.py, "COMPACT form"). A non-nullable field has no
 * {@code valid_data}: Milvus refuses one whose length does not match a nullable field, so none is sent.
 *
 * <p>A {@link ScalarColumn.WireColumn} is a FieldData already: its bytes are copied in as they are. The other
 * typed columns (BOOL, integers, FLOAT, DOUBLE, ARRAY, GEOMETRY, TIMESTAMPTZ, the dynamic field, vector fields
 * besides the batch's own: {@link VectorFieldEncoder}) are encoded by {@link FieldDataEncoder} and copied in the
 * same way.
 */
final class ScalarColumnEncoder {

    static final int DATA_TYPE_VARCHAR = 21;
    static final int DATA_TYPE_JSON = 23;
    private static final int STRING_DATA = 6;
    private static final int JSON_DATA = 9;
    private static final int VALID_DATA = 7;

    private final ScalarField field;
    private final byte[] name;

    ScalarColumnEncoder(ScalarField field) {
        this.field = field;
        this.name = Utf8.encode(field.name());
    }

    ScalarField field() {
        return field;
    }

    /**
     * A column's encoded sizes: the whole FieldData, and its StringArray or JSONArray.
     *
     * @param encoded the FieldData already encoded, for a column {@link FieldDataEncoder} encodes; else null
     */
    record Sized(ScalarColumn column, int fieldData, int data, byte[] encoded) {
    }

    /**
     * Sizes a column, checking that it fits the field (name, type, nulls, VARCHAR max length).
     *
     * @param where "split s, rows a..b", for messages
     * @throws IllegalArgumentException when the column does not fit the field
     */
    Sized size(ScalarColumn column, String where) {
        if (column instanceof ScalarColumn.WireColumn wire) {
            if (!wire.name().equals(field.name()) || wire.type() != field.type() || wire.rowCount() != column.rowCount()) {
                throw new IllegalArgumentException("column '" + wire.name() + "' (" + wire.type() + ") of " + where
                        + " is not field " + field.describe());
            }
            return new Sized(column, wire.fieldData().length, 0, wire.fieldData());
        }
        if (field.type() == ScalarType.VECTOR && !field.isTypedVector()) {
            throw new IllegalArgumentException("column '" + column.name() + "' of " + where + " is " + column.type()
                    + "; field " + field.describe() + " takes a column in Milvus's wire form");
        }
        if (field.type() != ScalarType.VARCHAR && field.type() != ScalarType.JSON) {
            if (column.type() != field.type() || !column.name().equals(field.name())) {
                throw new IllegalArgumentException("column '" + column.name() + "' (" + column.type() + ") of "
                        + where + " is not field " + field.describe());
            }
            byte[] encoded = FieldDataEncoder.encode(field, column, where);
            return new Sized(column, encoded.length, 0, encoded);
        }
        int data = dataSize(column, where);
        int size = tagSize(1) + varintSize(type()) + delimitedSize(2, name.length)
                + delimitedSize(3, delimitedSize(dataField(), data));
        return new Sized(column, field.nullable() ? size + delimitedSize(VALID_DATA, column.rowCount()) : size, data,
                null);
    }

    /** Writes the FieldData as field [5] of the request. */
    void write(ProtoWire.Writer out, Sized sized) {
        ScalarColumn column = sized.column();
        if (sized.encoded() != null) {
            out.delimited(5, sized.fieldData()).raw(sized.encoded());
            return;
        }
        int data = sized.data();
        out.delimited(5, sized.fieldData()).fieldHeader(type(), name);
        out.delimited(3, delimitedSize(dataField(), data)).delimited(dataField(), data);
        if (column instanceof ScalarColumn.VarcharColumn strings) {
            for (String value : strings.values()) {
                if (value != null) {
                    out.delimited(1, Utf8.length(value));
                    out.pos = Utf8.write(value, out.buf, out.pos);
                }
            }
        } else {
            for (byte[] value : ((ScalarColumn.JsonColumn) column).values()) {
                if (value != null) {
                    out.delimited(1, value.length).raw(value);
                }
            }
        }
        if (field.nullable()) {
            out.delimited(VALID_DATA, column.rowCount());
            for (int row = 0; row < column.rowCount(); row++) {
                out.buf[out.pos++] = (byte) (column.isNull(row) ? 0 : 1);
            }
        }
    }

    private int type() {
        return switch (field.type()) {
            case VARCHAR -> DATA_TYPE_VARCHAR;
            case JSON -> DATA_TYPE_JSON;
            default -> throw new IllegalStateException(field.describe() + " is written in its wire form");
        };
    }

    private int dataField() {
        return switch (field.type()) {
            case VARCHAR -> STRING_DATA;
            case JSON -> JSON_DATA;
            default -> throw new IllegalStateException(field.describe() + " is written in its wire form");
        };
    }

    /** The StringArray's or JSONArray's size: a length-delimited [1] per non-null value. */
    private int dataSize(ScalarColumn column, String where) {
        if (column.type() != field.type() || !column.name().equals(field.name())) {
            throw new IllegalArgumentException("column '" + column.name() + "' (" + column.type() + ") of " + where
                    + " is not field " + field.describe());
        }
        long size = 0;
        for (int row = 0; row < column.rowCount(); row++) {
            if (column.isNull(row)) {
                if (!field.nullable()) {
                    throw new IllegalArgumentException("field '" + field.name() + "' is not nullable, but row " + row
                            + " of " + where + " has no value");
                }
                continue;
            }
            size += delimitedSize(1, valueLength(column, row, where));
        }
        if (size > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("column '" + field.name() + "' of " + where
                    + " is too large for one request (over 2 GB encoded)");
        }
        return (int) size;
    }

    private int valueLength(ScalarColumn column, int row, String where) {
        if (column instanceof ScalarColumn.VarcharColumn strings) {
            int length = Utf8.length(strings.values()[row]);
            if (length > field.maxLength()) {
                throw new IllegalArgumentException("value of field '" + field.name() + "' at row " + row + " of "
                        + where + " is " + length + " bytes of UTF-8, over its max length " + field.maxLength());
            }
            return length;
        }
        return ((ScalarColumn.JsonColumn) column).values()[row].length;
    }
}
