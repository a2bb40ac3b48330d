package io.milvusdm.format.hdf5;

/** Which datasets of an HDF5 file hold the vectors and the ids. */
public enum Hdf5Layout {
    /**
     * MilvusDM's layout: vectors in {@code embeddings} (float32/float64 2-D, uint8 2-D or fixed-length byte
     * strings for binary vectors), optional int64 {@code ids} of the same length.
     */
    MILVUSDM,
    /** ann-benchmarks' layout: {@code train}, {@code test} (and {@code neighbors}, {@code distances}); no ids. */
    ANN_BENCHMARKS
}
