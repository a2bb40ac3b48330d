package io.milvusdm.format.hdf5;

import io.jhdf.api.dataset.ChunkedDataset;
import io.milvusdm.format.FormatException;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Rows of a chunked dataset. A chunk holds {@code chunkRows x chunkColumns} elements, row-major, compressed
 * on its own; chunks at the dataset's edges are stored whole (padded). The chunks with the same first row
 * form a band; this source decompresses one band at a time and keeps it until a row outside it is read,
 * so memory holds at most one band and consecutive batches do not decompress a chunk twice.
 */
final class ChunkedRowSource implements RowSource {

    private final ChunkedDataset dataset;
    private final Path file;
    private final Hdf5Column column;
    private final int chunkRows;
    private final int chunkColumns;
    private final byte[][] band;
    private long bandIndex = -1;

    ChunkedRowSource(ChunkedDataset dataset, Path file, Hdf5Column column, Hdf5Storage.Chunked storage) {
        this.dataset = dataset;
        this.file = file;
        this.column = column;
        this.chunkRows = storage.chunkRows();
        this.chunkColumns = storage.chunkColumns();
        this.band = new byte[(column.elementsPerRow() + chunkColumns - 1) / chunkColumns][];
    }

    @Override
    public void read(long firstRow, int rows, ByteBuffer dst) throws FormatException {
        long row = firstRow;
        long end = firstRow + rows;
        while (row < end) {
            long index = row / chunkRows;
            load(index);
            long bandStart = index * chunkRows;
            int from = (int) (row - bandStart);
            int to = (int) (Math.min(end, bandStart + chunkRows) - bandStart);
            copy(from, to, dst);
            row = bandStart + to;
        }
    }

    private void copy(int from, int to, ByteBuffer dst) {
        int elementSize = column.elementSize();
        if (band.length == 1 && chunkColumns == column.elementsPerRow()) {
            int rowBytes = chunkColumns * elementSize;
            dst.put(band[0], from * rowBytes, (to - from) * rowBytes);
            return;
        }
        for (int r = from; r < to; r++) {
            for (int c = 0; c < band.length; c++) {
                int columns = Math.min(chunkColumns, column.elementsPerRow() - c * chunkColumns);
                dst.put(band[c], r * chunkColumns * elementSize, columns * elementSize);
            }
        }
    }

    private void load(long index) throws FormatException {
        if (index == bandIndex) {
            return;
        }
        bandIndex = -1;
        int expected = chunkRows * chunkColumns * column.elementSize();
        for (int c = 0; c < band.length; c++) {
            int[] offset = column.rank() == 2
                    ? new int[] {Math.toIntExact(index * chunkRows), c * chunkColumns}
                    : new int[] {Math.toIntExact(index * chunkRows)};
            band[c] = decompress(offset, expected);
        }
        bandIndex = index;
    }

    private byte[] decompress(int[] offset, int expected) throws FormatException {
        byte[] chunk;
        try {
            chunk = dataset.getDecompressedChunk(offset);
        } catch (RuntimeException e) {
            throw Hdf5Files.wrap(file, "cannot read the chunk at " + Arrays.toString(offset)
                    + " of dataset '" + column.dataset() + "'", e);
        }
        if (chunk.length != expected) {
            throw new FormatException("the chunk at " + Arrays.toString(offset) + " of dataset '"
                    + column.dataset() + "' decompresses to " + chunk.length + " bytes, expected " + expected,
                    file, -1);
        }
        return chunk;
    }
}
