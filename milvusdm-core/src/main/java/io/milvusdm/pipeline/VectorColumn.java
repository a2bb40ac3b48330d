package io.milvusdm.pipeline;

/**
 * The vectors of a batch: one flat primitive array, row after row, and the dimension.
 * Implementations never copy or box on construction.
 */
public sealed interface VectorColumn permits FloatVectors, ByteVectors {

    VectorType type();

    /** Dimension in Milvus's terms: floats for float vectors, bits for binary vectors. */
    int dimension();

    int rowCount();

    /** Payload size in bytes. */
    long byteSize();
}
