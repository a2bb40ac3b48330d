package io.milvusdm.milvus;

import com.google.protobuf.ByteString;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.FloatArray;
import io.milvus.grpc.SparseFloatArray;
import io.milvus.grpc.VectorField;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.VectorFieldSpec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The {@code FieldData} (schema.proto) of a typed vector column besides the batch's own vectors, for
 * {@link ScalarColumnEncoder}: {@code vectors} with the field's {@code dim}, dense rows in {@code float_vector}
 * (float32) or in the type's bytes ({@code binary_vector}, {@code float16_vector}, {@code bfloat16_vector},
 * {@code int8_vector}), sparse rows as {@code sparse_float_vector.contents} of (uint32 index, float32 value)
 * little-endian pairs with {@code dim} one past the largest index, as pymilvus sends them. A nullable field is sent
 * compact, as the scalars are: the non-null rows' vectors only, and {@code valid_data} for every row.
 */
final class VectorFieldEncoder {

    private VectorFieldEncoder() {
    }

    /**
     * @param where "split s (rows from r)", for messages
     * @throws IllegalArgumentException when the column does not hold the field's vectors, or a null where none may be
     */
    static byte[] encode(ScalarField field, ScalarColumn column, String where) {
        VectorFieldSpec spec = field.vector();
        FieldData.Builder out = FieldData.newBuilder().setFieldName(field.name())
                .setType(ScalarTypes.protoVector(spec.type()));
        int rows = column.rowCount();
        for (int row = 0; row < rows; row++) {
            boolean isNull = column.isNull(row);
            if (isNull && !field.nullable()) {
                throw new IllegalArgumentException("field '" + field.name() + "' is not nullable, but row " + row
                        + " of " + where + " has no vector");
            }
            if (field.nullable()) {
                out.addValidData(!isNull);
            }
        }
        VectorField.Builder vectors = VectorField.newBuilder();
        if (spec.type().isSparse() && column instanceof ScalarColumn.SparseVectorColumn sparse) {
            vectors.setSparseFloatVector(sparse(sparse, vectors));
        } else if (column instanceof ScalarColumn.FloatVectorColumn floats
                && spec.type() == io.milvusdm.pipeline.VectorFieldType.FLOAT_VECTOR
                && floats.dimension() == spec.dimension()) {
            FloatArray.Builder data = FloatArray.newBuilder();
            int dim = spec.dimension();
            for (int row = 0; row < rows; row++) {
                for (int d = 0; !floats.isNull(row) && d < dim; d++) {
                    data.addData(floats.values()[row * dim + d]);
                }
            }
            vectors.setDim(dim).setFloatVector(data);
        } else if (column instanceof ScalarColumn.ByteVectorColumn bytes && bytes.vectorType() == spec.type()
                && bytes.dimension() == spec.dimension()) {
            ByteString data = compactBytes(bytes);
            vectors.setDim(spec.dimension());
            switch (spec.type()) {
                case BINARY_VECTOR -> vectors.setBinaryVector(data);
                case FLOAT16_VECTOR -> vectors.setFloat16Vector(data);
                case BFLOAT16_VECTOR -> vectors.setBfloat16Vector(data);
                default -> vectors.setInt8Vector(data);
            }
        } else {
            throw new IllegalArgumentException("column '" + column.name() + "' of " + where + " ("
                    + column.getClass().getSimpleName() + ") does not hold the vectors of field " + field.describe());
        }
        return out.setVectors(vectors).build().toByteArray();
    }

    /** The bytes of the non-null rows, row after row. */
    private static ByteString compactBytes(ScalarColumn.ByteVectorColumn column) {
        int rowBytes = column.rowBytes();
        ByteString.Output out = ByteString.newOutput(column.values().length);
        for (int row = 0; row < column.rowCount(); row++) {
            if (!column.isNull(row)) {
                out.write(column.values(), row * rowBytes, rowBytes);
            }
        }
        return out.toByteString();
    }

    /** Each non-null row's pairs; sets {@code dim} one past the largest index (0 without entries). */
    private static SparseFloatArray sparse(ScalarColumn.SparseVectorColumn column, VectorField.Builder vectors) {
        SparseFloatArray.Builder data = SparseFloatArray.newBuilder();
        long dim = 0;
        int[] offsets = column.offsets();
        for (int row = 0; row < column.rowCount(); row++) {
            if (column.isNull(row)) {
                continue;
            }
            ByteBuffer pairs = ByteBuffer.allocate(8 * (offsets[row + 1] - offsets[row])).order(ByteOrder.LITTLE_ENDIAN);
            for (int at = offsets[row]; at < offsets[row + 1]; at++) {
                long index = Integer.toUnsignedLong(column.indices()[at]);
                pairs.putInt(column.indices()[at]).putFloat(column.values()[at]);
                dim = Math.max(dim, index + 1);
            }
            data.addContents(ByteString.copyFrom(pairs.array()));
        }
        vectors.setDim(dim);
        return data.setDim(dim).build();
    }
}
