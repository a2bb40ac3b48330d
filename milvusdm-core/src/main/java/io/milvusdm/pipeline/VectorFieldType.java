package io.milvusdm.pipeline;

/**
 * The types of a vector field that travels beside a batch's own vectors, typed ({@link ScalarColumn.FloatVectorColumn},
 * {@link ScalarColumn.ByteVectorColumn}, {@link ScalarColumn.SparseVectorColumn}), named as Milvus names them.
 */
public enum VectorFieldType {
    /** float32, {@code dimension} a row. */
    FLOAT_VECTOR,
    /** Packed bits, {@code dimension / 8} bytes a row (the dimension a multiple of 8). */
    BINARY_VECTOR,
    /** IEEE half floats, two little-endian bytes a dimension. */
    FLOAT16_VECTOR,
    /** bfloat16 (the top half of a float32), two little-endian bytes a dimension. */
    BFLOAT16_VECTOR,
    /** Signed bytes, one a dimension. */
    INT8_VECTOR,
    /** (uint32 index, float32 value) pairs, as many as a row has non-zeros; no dimension. */
    SPARSE_FLOAT_VECTOR;

    /** Whether rows have a variable number of values (no dimension). */
    public boolean isSparse() {
        return this == SPARSE_FLOAT_VECTOR;
    }

    /** Bytes a dense row takes at {@code dimension}; 0 for sparse vectors. */
    public long bytesPerRow(int dimension) {
        return switch (this) {
            case FLOAT_VECTOR -> 4L * dimension;
            case BINARY_VECTOR -> dimension / 8;
            case FLOAT16_VECTOR, BFLOAT16_VECTOR -> 2L * dimension;
            case INT8_VECTOR -> dimension;
            case SPARSE_FLOAT_VECTOR -> 0;
        };
    }
}
