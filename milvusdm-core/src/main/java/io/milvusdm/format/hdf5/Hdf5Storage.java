package io.milvusdm.format.hdf5;

/** Where a dataset's bytes live in its file. */
sealed interface Hdf5Storage {

    /**
     * One run of row-major bytes.
     *
     * @param fileOffset the absolute file position of the first byte (user block included)
     */
    record Contiguous(long fileOffset) implements Hdf5Storage {
    }

    /**
     * Fixed-size chunks, each filtered on its own (gzip, shuffle, fletcher32, lzf, ...); jhdf finds them,
     * {@link ChunkDecoder} decodes deflate, shuffle and fletcher32, jhdf any other filter.
     *
     * @param chunkRows rows per chunk
     * @param chunkColumns elements per row per chunk (1 for a 1-D dataset)
     */
    record Chunked(int chunkRows, int chunkColumns) implements Hdf5Storage {
    }

    /** No bytes: the dataset has zero rows. */
    record NoData() implements Hdf5Storage {
    }
}
