package io.milvusdm.format.langchain;

import io.milvusdm.format.FormatException;
import io.milvusdm.format.UnsupportedFormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the {@code index.faiss} of a LangChain store: a Faiss IndexFlat only, which is what LangChain's FAISS
 * writes by default (IndexFlatL2, or IndexFlatIP for MAX_INNER_PRODUCT / COSINE). A stand-in kept private to this
 * package so that the LangChain source does not wait for the general Faiss reader
 * ({@code io.milvusdm.format.faiss}); it is meant to be replaced by that reader, which also reads the IndexIDMap
 * and other types LangChain can be configured with.
 *
 * <h2>Layout (faiss index_write.cpp write_index_header and IndexFlat; little-endian)</h2>
 * <ul>
 *   <li>[4 bytes] fourcc {@code IxF2} (IndexFlatL2) or {@code IxFI} (IndexFlatIP)</li>
 *   <li>[int32] d, [int64] ntotal, [int64] dummy, [int64] dummy, [uint8] is_trained, [int32] metric_type
 *       (1 = L2, 0 = inner product; no metric_arg follows for these)</li>
 *   <li>[uint64] nfloats = ntotal * d, then nfloats float32, row after row; nothing after them</li>
 * </ul>
 *
 * @param file the index file
 * @param dimension d
 * @param rows ntotal
 * @param metric "L2" or "IP"
 */
record FlatIndexReader(Path file, int dimension, int rows, String metric) {

    static final String IXF2 = "IxF2";
    static final String IXFI = "IxFI";
    /** fourcc, header (33 bytes), nfloats. */
    static final long VECTORS_OFFSET = 4 + 33 + 8;
    private static final int MAX_DIMENSION = 1 << 20;

    /** Reads and checks the header; reads no vector. */
    static FlatIndexReader open(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer header = ByteBuffer.allocate((int) Math.min(size, VECTORS_OFFSET)).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, header, 0, file);
            if (size < 4) {
                throw new FormatException("not a Faiss index: " + size + " bytes", file, 0);
            }
            String fourcc = new String(header.array(), 0, 4, StandardCharsets.ISO_8859_1);
            int expectedMetric = checkFourcc(fourcc, file);
            if (size < VECTORS_OFFSET) {
                throw new FormatException("truncated " + fourcc + " header: " + size + " bytes, expected at least "
                        + VECTORS_OFFSET, file, size);
            }
            return parse(header, fourcc, expectedMetric, size, file);
        }
    }

    private static FlatIndexReader parse(ByteBuffer header, String fourcc, int expectedMetric, long size, Path file)
            throws FormatException {
        int d = header.getInt(4);
        long ntotal = header.getLong(8);
        int metricType = header.getInt(33);
        long nfloats = header.getLong(37);
        if (d <= 0 || d > MAX_DIMENSION) {
            throw new FormatException("dimension " + d + " out of range 1.." + MAX_DIMENSION, file, 4);
        }
        if (ntotal < 0 || ntotal > Integer.MAX_VALUE) {
            throw new FormatException("ntotal " + ntotal + " out of range 0.." + Integer.MAX_VALUE, file, 8);
        }
        if (metricType != expectedMetric) {
            throw new FormatException(fourcc + " with metric_type " + metricType + ", expected " + expectedMetric,
                    file, 33);
        }
        if (nfloats != ntotal * d) {
            throw new FormatException("codes hold " + nfloats + " floats, expected ntotal " + ntotal + " * d " + d
                    + " = " + ntotal * d, file, 37);
        }
        long expectedSize = VECTORS_OFFSET + 4 * nfloats;
        if (size != expectedSize) {
            throw new FormatException("file is " + size + " bytes, expected " + expectedSize + " for " + ntotal
                    + " vectors of dimension " + d + (size < expectedSize ? " (truncated?)" : " (trailing bytes)"),
                    file, Math.min(size, expectedSize));
        }
        return new FlatIndexReader(file, d, (int) ntotal, expectedMetric == 1 ? "L2" : "IP");
    }

    /** The metric_type the fourcc implies, or an exception saying what the file holds instead. */
    private static int checkFourcc(String fourcc, Path file) throws FormatException {
        switch (fourcc) {
            case IXF2:
                return 1;
            case IXFI:
                return 0;
            case "2FxI", "IFxI":
                throw new UnsupportedFormatException("a big-endian Faiss index (fourcc '" + fourcc
                        + "' reversed); only little-endian files are read", file, 0);
            default:
                if (fourcc.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
                    throw new UnsupportedFormatException("a Faiss index of type '" + fourcc + "'; the LangChain"
                            + " source reads IndexFlatL2 (" + IXF2 + ") and IndexFlatIP (" + IXFI + ") only", file, 0);
                }
                throw new FormatException("not a Faiss index (no fourcc at the start)", file, 0);
        }
    }

    /** Rows {@code [first, first + count)} as one new array; the channel is the caller's. */
    float[] read(FileChannel channel, long first, int count) throws IOException {
        float[] values = new float[Math.multiplyExact(count, dimension)];
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, buffer, VECTORS_OFFSET + 4L * dimension * first, file);
        buffer.asFloatBuffer().get(values);
        return values;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long offset, Path file) throws IOException {
        long position = offset;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position);
            if (read < 0) {
                throw new FormatException("file ends at 0x" + Long.toHexString(position) + ", " + buffer.remaining()
                        + " bytes short (changed since the pre-scan?)", file, position);
            }
            position += read;
        }
        buffer.flip();
    }
}
