package io.milvusdm.format.hdf5.write;

import io.jhdf.dataset.chunked.Chunk;
import io.jhdf.dataset.chunked.indexing.ChunkImpl;
import io.jhdf.dataset.chunked.indexing.FixedArrayIndexWriter;
import io.jhdf.object.message.DataLayoutMessage;
import io.jhdf.object.message.DataLayoutMessage.ChunkedDataLayoutMessageV4;
import io.jhdf.object.message.FilterPipelineMessage.FilterInfo;
import io.milvusdm.format.StagingFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Writes a dataset's rows as chunks of whole rows, each through the shuffle and deflate filters, one after the
 * other from a start address, then the chunk index: for one chunk none (a filtered single-chunk layout), else a
 * fixed array, written by jhdf's {@link FixedArrayIndexWriter} as jhdf's own chunked writer does, with the
 * layout message version 4 HDF5 1.10+ and h5py read.
 *
 * <h2>Memory</h2>
 * One chunk's bytes (raw, shuffled, compressed: three buffers of about {@code chunkRows × rowBytes}) and one small
 * record per chunk for the index (some 60 bytes: 12 MB for the 200,000 chunks of a 200 GB dataset in 1 MiB
 * chunks), never the dataset.
 */
final class ChunkWriter implements StreamedDataset.ByteTarget {

    private static final int SHUFFLE_ID = 2;
    private static final int DEFLATE_ID = 1;
    /** Fixed arrays page at 2^10 entries (the HDF5 default) or more, so that the whole array is one page. */
    private static final int MIN_PAGE_BITS = 10;

    private final FileChannel out;
    private final int elementSize;
    private final long[] dimensions;
    private final int chunkRows;
    private final int rowBytes;
    private final int gzipLevel;
    private final byte[] raw;
    private final byte[] shuffled;
    private byte[] compressed;
    private final Deflater deflater;
    private final List<Chunk> chunks = new ArrayList<>();
    private int filled;
    private long address;
    private long rowsWritten;
    private DataLayoutMessage layout;

    ChunkWriter(FileChannel out, int elementSize, long[] dimensions, int chunkRows, int gzipLevel) {
        this.out = out;
        this.elementSize = elementSize;
        this.dimensions = dimensions.clone();
        long width = 1;
        for (int i = 1; i < dimensions.length; i++) {
            width *= dimensions[i];
        }
        this.rowBytes = Math.toIntExact(width * elementSize);
        this.chunkRows = (int) Math.min(chunkRows, dimensions[0]);
        this.gzipLevel = gzipLevel;
        int chunkBytes = Math.multiplyExact(this.chunkRows, rowBytes);
        this.raw = new byte[chunkBytes];
        this.shuffled = new byte[chunkBytes];
        this.compressed = new byte[chunkBytes + chunkBytes / 100 + 64];
        this.deflater = new Deflater(gzipLevel);
    }

    /** Shuffle then deflate, as h5py's {@code shuffle=True, compression="gzip"} sets them. */
    List<FilterInfo> filters() {
        return List.of(new FilterInfo(SHUFFLE_ID, "shuffle", false, new int[] {elementSize}),
                new FilterInfo(DEFLATE_ID, "deflate", false, new int[] {gzipLevel}));
    }

    private long totalChunks() {
        return (dimensions[0] + chunkRows - 1) / chunkRows;
    }

    /** The layout message, whose encoded length does not depend on {@code address} or {@code size}. */
    DataLayoutMessage layoutMessage(long address, int singleChunkSize) {
        int[] chunkDimensions = new int[dimensions.length + 1];
        chunkDimensions[0] = chunkRows;
        for (int i = 1; i < dimensions.length; i++) {
            chunkDimensions[i] = Math.toIntExact(dimensions[i]);
        }
        // The layout's chunk dimensions end with the element size.
        chunkDimensions[dimensions.length] = elementSize;
        if (totalChunks() == 1) {
            return ChunkedDataLayoutMessageV4.createFilteredSingleChunk(address, chunkDimensions, singleChunkSize);
        }
        return ChunkedDataLayoutMessageV4.createFixedArray(address, chunkDimensions, pageBits());
    }

    private int pageBits() {
        int needed = 64 - Long.numberOfLeadingZeros(totalChunks() - 1);
        return Math.max(MIN_PAGE_BITS, needed);
    }

    void start(long dataAddress) {
        address = dataAddress;
    }

    @Override
    public void copy(StagingFile staging, long position, long count) throws IOException {
        long done = 0;
        while (done < count) {
            int n = (int) Math.min(raw.length - filled, count - done);
            staging.read(position + done, ByteBuffer.wrap(raw, filled, n));
            filled += n;
            done += n;
            flushIfFull();
        }
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            int n = Math.min(raw.length - filled, bytes.remaining());
            bytes.get(raw, filled, n);
            filled += n;
            flushIfFull();
        }
    }

    private void flushIfFull() throws IOException {
        if (filled == raw.length) {
            flush();
        }
    }

    /** Compresses and writes the chunk; a last, partial chunk is padded with zeros to the full chunk size. */
    private void flush() throws IOException {
        if (filled % rowBytes != 0) {
            throw new IOException("a chunk ended inside a row: " + filled + " bytes of rows of " + rowBytes);
        }
        rowsWritten += filled / rowBytes;
        Arrays.fill(raw, filled, raw.length, (byte) 0);
        shuffle(raw, shuffled, elementSize);
        int size = deflate(shuffled);
        ByteBuffer buffer = ByteBuffer.wrap(compressed, 0, size);
        long at = address;
        while (buffer.hasRemaining()) {
            at += out.write(buffer, at);
        }
        long firstRow = (long) chunks.size() * chunkRows;
        long[] offset = new long[dimensions.length];
        offset[0] = firstRow;
        chunks.add(new ChunkImpl(address, size, offset));
        address += size;
        filled = 0;
    }

    private int deflate(byte[] input) {
        deflater.reset();
        deflater.setInput(input);
        deflater.finish();
        int size = 0;
        while (!deflater.finished()) {
            if (size == compressed.length) {
                compressed = Arrays.copyOf(compressed, compressed.length * 2);
            }
            size += deflater.deflate(compressed, size, compressed.length - size);
        }
        return size;
    }

    /** HDF5's shuffle filter: byte k of every element together, for k = 0 .. size-1. */
    static void shuffle(byte[] in, byte[] out, int elementSize) {
        if (elementSize == 1) {
            System.arraycopy(in, 0, out, 0, in.length);
            return;
        }
        int elements = in.length / elementSize;
        for (int e = 0; e < elements; e++) {
            int from = e * elementSize;
            for (int k = 0; k < elementSize; k++) {
                out[k * elements + e] = in[from + k];
            }
        }
    }

    long rowsWritten() {
        return rowsWritten;
    }

    /** Writes the last chunk and the index; returns the address after everything written. */
    long finish() throws IOException {
        if (filled > 0) {
            flush();
        }
        deflater.end();
        if (chunks.size() == 1) {
            Chunk only = chunks.get(0);
            layout = layoutMessage(only.getAddress(), only.getSize());
            return address;
        }
        ByteBuffer index = FixedArrayIndexWriter.createFixedArray(chunks, address, raw.length, true, pageBits());
        long indexAddress = address;
        long at = indexAddress;
        while (index.hasRemaining()) {
            at += out.write(index, at);
        }
        layout = layoutMessage(indexAddress, 0);
        return at;
    }

    DataLayoutMessage finalLayoutMessage() {
        if (layout == null) {
            throw new IllegalStateException("finish() first");
        }
        return layout;
    }
}
