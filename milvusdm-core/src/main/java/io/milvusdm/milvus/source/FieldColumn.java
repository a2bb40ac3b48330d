package io.milvusdm.milvus.source;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.FloatArray;
import io.milvus.grpc.ScalarField;
import io.milvus.grpc.SparseFloatArray;
import io.milvus.grpc.StructArrayField;
import io.milvus.grpc.VectorArray;
import io.milvus.grpc.VectorField;

import java.util.ArrayList;
import java.util.List;

/**
 * One column of a query result (a {@code FieldData}) over the page's rows, cut into the rows of a batch.
 *
 * <h2>Nulls</h2>
 * A nullable field has a {@code valid_data} flag per row. Query results hold its values in one of two forms: a
 * value for every row, with placeholders where the flag is false (Milvus 2.5+, Milvus Lite 3.x), or only the
 * values of valid rows (the compact form). Inserts take the compact form only (the Milvus proxy's
 * fillWithNullValue refuses anything else), so {@link #slice} always emits that, with the flags of the slice's
 * rows. The forms are told apart by the count of values: all rows, or the valid ones.
 *
 * <h2>Data</h2>
 * Scalars (bool, int, long, float, double, string, bytes, JSON, array, geometry WKT, timestamptz text) are one value
 * a row in the one repeated {@code data} field of their array message; dense vectors {@code dim} floats (or
 * {@code dim / 8} bytes binary, {@code 2 dim} bytes float16 / bfloat16, {@code dim} bytes int8) a row; sparse
 * vectors one {@code contents} entry a row; arrays of vectors (a struct's vector sub-field) one VectorField a row.
 * A struct array ({@code struct_arrays}) is a column per sub-field, each one entry a row with nulls of its own;
 * each is cut as a column of its own. GEOMETRY and TIMESTAMPTZ columns are first put into the form inserts take
 * ({@link InsertForms}). The floats of a FLOAT_VECTOR column may come beside its {@code FieldData}
 * ({@link QueryPage.Floats}, as {@link QueryPageDecoder} decodes them).
 */
final class FieldColumn {

    private final FieldData data;
    /** A FLOAT_VECTOR column's floats (decoded beside {@link #data}, or copied out of it), else null. */
    private final QueryPage.Floats floats;
    private final int rows;
    private final boolean nullable;
    /** For each row, the index of its value in the data, or -1 for a null row. */
    private final int[] valueIndex;
    /** A struct array's sub-fields, each a column over the same rows; empty for other columns. */
    private final List<FieldColumn> subFields;

    /**
     * @param returned the column as the server returned it
     * @param rows the rows of the page (the key column's length)
     * @throws IllegalStateException when the column's length fits neither form
     */
    FieldColumn(FieldData returned, int rows) {
        this(returned, null, rows);
    }

    /**
     * @param returned the column as the server returned it
     * @param floats a FLOAT_VECTOR column's floats, decoded beside {@code returned}, or null
     * @param rows the rows of the page (the key column's length)
     * @throws IllegalStateException when the column's length fits neither form
     */
    FieldColumn(FieldData returned, QueryPage.Floats floats, int rows) {
        this.data = InsertForms.of(returned);
        this.floats = floats != null ? floats : floatsOf(data);
        this.rows = rows;
        this.subFields = new ArrayList<>();
        data.getStructArrays().getFieldsList().forEach(sub -> subFields.add(new FieldColumn(sub, rows)));
        List<Boolean> valid = data.getValidDataList();
        this.nullable = !valid.isEmpty();
        this.valueIndex = new int[rows];
        long values = data.hasStructArrays() ? rows
                : this.floats != null ? this.floats.length() / Math.max(1, data.getVectors().getDim())
                : valueCount(data);
        if (!nullable) {
            check(values == rows, values);
            for (int row = 0; row < rows; row++) {
                valueIndex[row] = row;
            }
            return;
        }
        check(valid.size() == rows, valid.size());
        int validRows = 0;
        for (Boolean flag : valid) {
            validRows += flag ? 1 : 0;
        }
        check(values == rows || values == validRows, values);
        boolean compact = values != rows;
        int next = 0;
        for (int row = 0; row < rows; row++) {
            boolean isValid = valid.get(row);
            valueIndex[row] = !isValid ? -1 : compact ? next++ : row;
        }
    }

    private void check(boolean holds, long found) {
        if (!holds) {
            throw new IllegalStateException("field '" + data.getFieldName() + "': the server returned " + found
                    + " values or flags for " + rows + " rows");
        }
    }

    String name() {
        return data.getFieldName();
    }

    boolean isNull(int row) {
        return valueIndex[row] < 0;
    }

    /** The index in the data of row {@code row}'s value (not null). */
    int valueIndex(int row) {
        return valueIndex[row];
    }

    FieldData data() {
        return data;
    }

    /**
     * The floats of a FLOAT_VECTOR column, {@code dim} a value (the array may be longer than the column).
     */
    float[] floats() {
        return floats.values();
    }

    /** The bytes of a FLOAT_VECTOR column's floats (outside {@link #data()} when decoded beside it); else 0. */
    long floatBytes() {
        return floats == null ? 0 : 4L * floats.length();
    }

    /** The floats of a FLOAT_VECTOR column that holds them, copied; null for any other column. */
    private static QueryPage.Floats floatsOf(FieldData data) {
        if (!data.hasVectors() || !data.getVectors().hasFloatVector()) {
            return null;
        }
        List<Float> list = data.getVectors().getFloatVector().getDataList();
        float[] values = new float[list.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = list.get(i);
        }
        return new QueryPage.Floats(values, values.length);
    }

    /**
     * Rows {@code [from, to)} as the FieldData an insert takes (compact nullable form, no field id), serialized.
     */
    byte[] slice(int from, int to) {
        return sliceData(from, to).toByteArray();
    }

    private FieldData sliceData(int from, int to) {
        FieldData.Builder out = data.toBuilder().clearFieldId().clearValidData();
        if (nullable) {
            for (int row = from; row < to; row++) {
                out.addValidData(valueIndex[row] >= 0);
            }
        }
        if (data.hasScalars()) {
            out.setScalars(sliceScalars(data.getScalars(), from, to));
        } else if (data.hasVectors()) {
            out.setVectors(sliceVectors(data.getVectors(), from, to));
        } else if (data.hasStructArrays()) {
            StructArrayField.Builder struct = StructArrayField.newBuilder();
            subFields.forEach(sub -> struct.addFields(sub.sliceData(from, to)));
            out.setStructArrays(struct);
        }
        if (data.getFieldName().equals(io.milvusdm.pipeline.ScalarField.DYNAMIC_FIELD)) {
            out.setIsDynamic(true);
        }
        return out.build();
    }

    /** The {@code data} of the set array message, one value a row: copied value by value, for the rows' values. */
    private ScalarField sliceScalars(ScalarField scalars, int from, int to) {
        FieldDescriptor which = scalars.getDescriptorForType().findFieldByNumber(scalars.getDataCase().getNumber());
        if (which == null) {
            return scalars;
        }
        Message array = (Message) scalars.getField(which);
        return scalars.toBuilder().setField(which, sliceRepeated(array, "data", from, to)).build();
    }

    /** {@code message} with its repeated field {@code name}, one entry a row, cut to the values of rows [from, to). */
    private Message sliceRepeated(Message message, String name, int from, int to) {
        FieldDescriptor values = message.getDescriptorForType().findFieldByName(name);
        Message.Builder sliced = message.toBuilder().clearField(values);
        for (int row = from; row < to; row++) {
            if (valueIndex[row] >= 0) {
                sliced.addRepeatedField(values, message.getRepeatedField(values, valueIndex[row]));
            }
        }
        return sliced.build();
    }

    private VectorField sliceVectors(VectorField vectors, int from, int to) {
        VectorField.Builder out = vectors.toBuilder();
        int dim = (int) vectors.getDim();
        switch (vectors.getDataCase()) {
            case FLOAT_VECTOR -> {
                float[] values = floats();
                FloatArray.Builder sliced = FloatArray.newBuilder();
                for (int row = from; row < to; row++) {
                    for (int d = 0, at = valueIndex[row] * dim; valueIndex[row] >= 0 && d < dim; d++) {
                        sliced.addData(values[at + d]);
                    }
                }
                out.setFloatVector(sliced);
            }
            case BINARY_VECTOR -> out.setBinaryVector(sliceBytes(vectors.getBinaryVector(), dim / 8, from, to));
            case FLOAT16_VECTOR -> out.setFloat16Vector(sliceBytes(vectors.getFloat16Vector(), 2 * dim, from, to));
            case BFLOAT16_VECTOR -> out.setBfloat16Vector(sliceBytes(vectors.getBfloat16Vector(), 2 * dim, from, to));
            case INT8_VECTOR -> out.setInt8Vector(sliceBytes(vectors.getInt8Vector(), dim, from, to));
            case SPARSE_FLOAT_VECTOR -> out.setSparseFloatVector(
                    (SparseFloatArray) sliceRepeated(vectors.getSparseFloatVector(), "contents", from, to));
            case VECTOR_ARRAY -> out.setVectorArray(
                    (VectorArray) sliceRepeated(vectors.getVectorArray(), "data", from, to));
            default -> throw new IllegalStateException("field '" + data.getFieldName() + "': vectors of kind "
                    + vectors.getDataCase() + " cannot be copied by this version of milvusdm");
        }
        return out.build();
    }

    private ByteString sliceBytes(ByteString bytes, int rowBytes, int from, int to) {
        int valid = 0;
        for (int row = from; row < to; row++) {
            valid += valueIndex[row] >= 0 ? 1 : 0;
        }
        byte[] out = new byte[valid * rowBytes];
        int at = 0;
        for (int row = from; row < to; row++) {
            if (valueIndex[row] >= 0) {
                bytes.copyTo(out, valueIndex[row] * rowBytes, at, rowBytes);
                at += rowBytes;
            }
        }
        return ByteString.copyFrom(out);
    }

    /** The values (rows of data) the column holds: repeated entries, or vector bytes / floats over a row's width. */
    private static long valueCount(FieldData data) {
        if (data.hasScalars()) {
            ScalarField scalars = data.getScalars();
            FieldDescriptor which = scalars.getDescriptorForType().findFieldByNumber(scalars.getDataCase().getNumber());
            if (which == null) {
                return 0;
            }
            Message array = (Message) scalars.getField(which);
            return array.getRepeatedFieldCount(array.getDescriptorForType().findFieldByName("data"));
        }
        VectorField vectors = data.getVectors();
        long dim = Math.max(1, vectors.getDim());
        return switch (vectors.getDataCase()) {
            case FLOAT_VECTOR -> vectors.getFloatVector().getDataCount() / dim;
            case BINARY_VECTOR -> vectors.getBinaryVector().size() / Math.max(1, dim / 8);
            case FLOAT16_VECTOR -> vectors.getFloat16Vector().size() / (2 * dim);
            case BFLOAT16_VECTOR -> vectors.getBfloat16Vector().size() / (2 * dim);
            case INT8_VECTOR -> vectors.getInt8Vector().size() / dim;
            case SPARSE_FLOAT_VECTOR -> vectors.getSparseFloatVector().getContentsCount();
            case VECTOR_ARRAY -> vectors.getVectorArray().getDataCount();
            default -> 0;
        };
    }
}
