package io.milvusdm.pipeline;

/** The vector field types a batch can carry, named as Milvus names them. */
public enum VectorType {
    /** 32-bit floats, {@code dimension} per row. */
    FLOAT_VECTOR,
    /** Packed bits, {@code dimension} bits (a multiple of 8) per row. */
    BINARY_VECTOR,
    /** IEEE half floats, two bytes per dimension. */
    FLOAT16_VECTOR,
    /** bfloat16, two bytes per dimension. */
    BFLOAT16_VECTOR,
    /**
     * No vectors of the batch's own ({@link NoVectors}, dimension 0): a Milvus collection without a dense vector
     * field (only sparse or INT8 vectors, or a BM25 function's output) read for a Milvus target, which takes every
     * vector field as a column in Milvus's wire form ({@link ScalarType#VECTOR}). Sinks that store one vector a
     * row refuse it.
     */
    NONE;

    /** Bytes one row of this type occupies at the given dimension. */
    public long bytesPerRow(int dimension) {
        return switch (this) {
            case FLOAT_VECTOR -> 4L * dimension;
            case BINARY_VECTOR -> dimension / 8;
            case FLOAT16_VECTOR, BFLOAT16_VECTOR -> 2L * dimension;
            case NONE -> 0;
        };
    }

    /** Whether vectors of this type are stored as bytes (binary, float16, bfloat16). */
    public boolean isByteEncoded() {
        return this != FLOAT_VECTOR && this != NONE;
    }
}
