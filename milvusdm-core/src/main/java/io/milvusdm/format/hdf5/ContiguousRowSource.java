package io.milvusdm.format.hdf5;

import io.milvusdm.format.FormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Rows of a contiguous dataset: {@code rows * rowBytes} bytes from the data address, row-major, with no
 * header or padding between rows. Row {@code r} starts at {@code dataAddress + r * rowBytes}; reads are
 * positional, so several readers can share nothing and still use one file.
 */
final class ContiguousRowSource implements RowSource {

    private final FileChannel channel;
    private final Path file;
    private final Hdf5Column column;
    private final long dataOffset;

    ContiguousRowSource(FileChannel channel, Path file, Hdf5Column column, Hdf5Storage.Contiguous storage) {
        this.channel = channel;
        this.file = file;
        this.column = column;
        this.dataOffset = storage.fileOffset();
    }

    @Override
    public void read(long firstRow, int rows, ByteBuffer dst) throws IOException {
        long start = dataOffset + firstRow * column.rowBytes();
        long position = start;
        int savedLimit = dst.limit();
        dst.limit(Math.toIntExact(dst.position() + rows * column.rowBytes()));
        try {
            while (dst.hasRemaining()) {
                int read = channel.read(dst, position);
                if (read < 0) {
                    throw new FormatException("unexpected end of file reading rows " + firstRow + ".." + (firstRow + rows)
                            + " of dataset '" + column.dataset() + "': expected " + rows * column.rowBytes()
                            + " bytes from 0x" + Long.toHexString(start) + ", the file ends after "
                            + (position - start), file, position);
                }
                position += read;
            }
        } finally {
            dst.limit(savedLimit);
        }
    }
}
