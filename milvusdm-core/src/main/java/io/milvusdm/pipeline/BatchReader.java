package io.milvusdm.pipeline;

import java.io.IOException;

/** Reads one split, batch after batch. Not thread-safe: one reader per worker. */
public interface BatchReader extends AutoCloseable {

    /** The next batch, or {@code null} when the split is exhausted. */
    VectorBatch next() throws IOException;

    @Override
    void close() throws IOException;
}
