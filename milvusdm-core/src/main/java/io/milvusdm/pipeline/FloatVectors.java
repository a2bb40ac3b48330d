package io.milvusdm.pipeline;

/**
 * Float32 vectors, row-major: row {@code r} is {@code values[r*dimension .. (r+1)*dimension)}.
 * The array is shared, not copied: the producer hands it over and does not touch it again.
 */
public record FloatVectors(int dimension, float[] values) implements VectorColumn {

    public FloatVectors {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        }
        if (values.length % dimension != 0) {
            throw new IllegalArgumentException(
                    "float count " + values.length + " is not a multiple of dimension " + dimension);
        }
    }

    @Override
    public VectorType type() {
        return VectorType.FLOAT_VECTOR;
    }

    @Override
    public int rowCount() {
        return values.length / dimension;
    }

    @Override
    public long byteSize() {
        return 4L * values.length;
    }
}
