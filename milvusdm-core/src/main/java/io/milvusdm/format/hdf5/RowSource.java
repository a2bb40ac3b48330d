package io.milvusdm.format.hdf5;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The rows of one dataset as stored: element bytes, row after row, in the dataset's byte order.
 * Not thread-safe: each batch reader has its own.
 */
interface RowSource {

    /**
     * Puts rows {@code [firstRow, firstRow + rows)} at {@code dst}'s position, advancing it by
     * {@code rows * rowBytes}; {@code dst} has room for them.
     */
    void read(long firstRow, int rows, ByteBuffer dst) throws IOException;
}
