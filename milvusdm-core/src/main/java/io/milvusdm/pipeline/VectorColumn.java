package io.milvusdm.pipeline;

/**
 * The vectors of a batch: one flat primitive array, row after row, and the dimension; or, for a source without
 * dense vectors, only the row count ({@link NoVectors}). Implementations never copy or box on construction.
 */
public sealed interface VectorColumn permits FloatVectors, ByteVectors, NoVectors {

    VectorType type();

    /** Dimension in Milvus's terms: floats for float vectors, bits for binary vectors; 0 without vectors. */
    int dimension();

    int rowCount();

    /** Payload size in bytes. */
    long byteSize();
}
