package io.milvusdm.format.hdf5;

import io.jhdf.api.dataset.ChunkedDataset;
import io.milvusdm.format.FormatException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Rows of a chunked dataset. A chunk holds {@code chunkRows x chunkColumns} elements, row-major, filtered
 * on its own; chunks at the dataset's edges are stored whole (padded). The chunks with the same first row
 * form a band; this source decodes one band at a time and keeps it until a row outside it is read,
 * so memory holds at most one band and consecutive batches do not decode a chunk twice.
 *
 * <p>With a {@link ChunkDecoder} (pipelines of deflate, shuffle and fletcher32), the band's arrays are
 * allocated once and decoded into again for every band; a band left shuffled is unshuffled row range by row
 * range as it is copied out. Without one, jhdf decodes each chunk into a new array. Float32 rows can skip the
 * batch reader's staging buffer ({@link #readFloats}): they go from the band to the batch's array in one pass.
 */
final class ChunkedRowSource implements RowSource {

    private final ChunkedDataset dataset;
    private final Path file;
    private final Hdf5Column column;
    private final ChunkDecoder decoder;
    private final int shuffle;
    private final int chunkRows;
    private final int chunkColumns;
    private final byte[][] band;
    private final byte[][] viewed;
    private final FloatBuffer[] floatViews;
    private long bandIndex = -1;

    /** @param decoder the decoder of the dataset's filters, or {@code null} to let jhdf decode */
    ChunkedRowSource(ChunkedDataset dataset, Path file, Hdf5Column column, Hdf5Storage.Chunked storage,
                     ChunkDecoder decoder, int shuffle) {
        this.dataset = dataset;
        this.file = file;
        this.column = column;
        this.decoder = decoder;
        this.shuffle = shuffle;
        this.chunkRows = storage.chunkRows();
        this.chunkColumns = storage.chunkColumns();
        this.band = new byte[(column.elementsPerRow() + chunkColumns - 1) / chunkColumns][];
        this.viewed = new byte[band.length][];
        this.floatViews = new FloatBuffer[band.length];
    }

    @Override
    public void read(long firstRow, int rows, ByteBuffer dst) throws FormatException {
        forEachRun(firstRow, rows, (chunk, first, count) -> put(band[chunk], first, count, dst));
    }

    /**
     * Float32 columns only: rows {@code [firstRow, firstRow + rows)} as floats into {@code dst} from
     * {@code offset}, unshuffled or converted straight from the band (no staging buffer between).
     */
    void readFloats(long firstRow, int rows, float[] dst, int offset) throws FormatException {
        int[] at = {offset};
        forEachRun(firstRow, rows, (chunk, first, count) -> {
            if (shuffle == Float.BYTES) {
                ByteShuffle.unshuffleFloats(band[chunk], chunkRows * chunkColumns, first, count,
                        column.order() == ByteOrder.BIG_ENDIAN, dst, at[0]);
            } else {
                floatView(chunk).get(first, dst, at[0], count);
            }
            at[0] += count;
        });
    }

    /** A run of elements, in stored row order, of one chunk of the loaded band. */
    private interface Run {
        void take(int chunk, int firstElement, int elements);
    }

    /** Loads the bands of the rows in turn and gives their elements in row order, as runs within chunks. */
    private void forEachRun(long firstRow, int rows, Run run) throws FormatException {
        long row = firstRow;
        long end = firstRow + rows;
        while (row < end) {
            long index = row / chunkRows;
            load(index);
            long bandStart = index * chunkRows;
            int from = (int) (row - bandStart);
            int to = (int) (Math.min(end, bandStart + chunkRows) - bandStart);
            if (band.length == 1 && chunkColumns == column.elementsPerRow()) {
                run.take(0, from * chunkColumns, (to - from) * chunkColumns);
            } else {
                for (int r = from; r < to; r++) {
                    for (int c = 0; c < band.length; c++) {
                        int columns = Math.min(chunkColumns, column.elementsPerRow() - c * chunkColumns);
                        run.take(c, r * chunkColumns, columns);
                    }
                }
            }
            row = bandStart + to;
        }
    }

    private FloatBuffer floatView(int chunk) {
        if (viewed[chunk] != band[chunk]) {
            floatViews[chunk] = ByteBuffer.wrap(band[chunk]).order(column.order()).asFloatBuffer();
            viewed[chunk] = band[chunk];
        }
        return floatViews[chunk];
    }

    private void put(byte[] chunk, int firstElement, int elements, ByteBuffer dst) {
        if (shuffle == 0) {
            int elementSize = column.elementSize();
            dst.put(chunk, firstElement * elementSize, elements * elementSize);
        } else {
            ByteShuffle.unshuffle(chunk, chunkRows * chunkColumns, shuffle, firstElement, elements, dst);
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
            band[c] = decoder == null ? decompress(offset, expected) : decode(offset, band[c], expected);
        }
        bandIndex = index;
    }

    private byte[] decode(int[] offset, byte[] reuse, int expected) throws FormatException {
        ByteBuffer stored;
        try {
            stored = dataset.getRawChunkBuffer(offset);
        } catch (RuntimeException e) {
            throw Hdf5Files.wrap(file, "cannot read the chunk at " + Arrays.toString(offset)
                    + " of dataset '" + column.dataset() + "'", e);
        }
        byte[] chunk = reuse != null ? reuse : new byte[expected];
        decoder.decode(stored, chunk, offset);
        return chunk;
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

    @Override
    public void close() {
        if (decoder != null) {
            decoder.close();
        }
    }
}
