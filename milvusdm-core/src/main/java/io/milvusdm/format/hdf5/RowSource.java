package io.milvusdm.format.hdf5;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The rows of one dataset as stored: element bytes, row after row, in the dataset's byte order.
 * Not thread-safe: each batch reader has its own, and closes it.
 */
interface RowSource extends Closeable {

    /**
     * Puts rows {@code [firstRow, firstRow + rows)} at {@code dst}'s position, advancing it by
     * {@code rows * rowBytes}; {@code dst} has room for them.
     */
    void read(long firstRow, int rows, ByteBuffer dst) throws IOException;

    /** Frees what the source holds beyond its file (native inflater memory); the file stays open. */
    @Override
    default void close() {
    }
}
