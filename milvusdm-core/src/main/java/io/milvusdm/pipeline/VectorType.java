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
    BFLOAT16_VECTOR;

    /** Bytes one row of this type occupies at the given dimension. */
    public long bytesPerRow(int dimension) {
        return switch (this) {
            case FLOAT_VECTOR -> 4L * dimension;
            case BINARY_VECTOR -> dimension / 8;
            case FLOAT16_VECTOR, BFLOAT16_VECTOR -> 2L * dimension;
        };
    }

    /** Whether vectors of this type are stored as bytes (everything but float32). */
    public boolean isByteEncoded() {
        return this != FLOAT_VECTOR;
    }
}
