package io.milvusdm.pipeline;

/**
 * The vectors of a batch that has none of its own ({@link VectorType#NONE}): only the row count. The rows' vector
 * fields, if any, travel among the batch's columns.
 */
public record NoVectors(int rowCount) implements VectorColumn {

    public NoVectors {
        if (rowCount < 0) {
            throw new IllegalArgumentException("row count must not be negative, got " + rowCount);
        }
    }

    @Override
    public VectorType type() {
        return VectorType.NONE;
    }

    /** Always 0. */
    @Override
    public int dimension() {
        return 0;
    }

    @Override
    public long byteSize() {
        return 0;
    }
}
