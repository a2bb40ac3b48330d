package io.milvusdm.format.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a {@code .npy} file (format 1.0) as a stream: a 2-D float32 or uint8 array of {@code columns} columns,
 * or a 1-D int64 array, whose row count need not be known in advance.
 *
 * <h2>Bytes written</h2>
 * <ul>
 *   <li><b>[6 bytes]</b> {@code \x93NUMPY}, <b>[2 bytes]</b> version {@code 01 00},
 *       <b>[uint16 LE]</b> header length</li>
 *   <li><b>[header]</b> {@code {'descr': '<f4', 'fortran_order': False, 'shape': (ROWS, COLUMNS), }}, then
 *       {@code 21 - len(str(ROWS))} spaces of room for the row count to grow, then spaces up to a 64-byte
 *       boundary less one, then {@code '\n'}</li>
 *   <li><b>[rows * columns * itemsize bytes]</b> the items, little-endian, row after row</li>
 * </ul>
 * This is exactly what {@code np.save} writes (numpy's {@code _write_array_header} adds the same growth room,
 * {@code GROWTH_AXIS_MAX_DIGITS = 21}), so the header has the same length whatever the row count: it is
 * written first with a row count of 0 and rewritten in place by {@link #close}, and the file is byte-identical
 * to {@code np.save} of the same array.
 *
 * <p>Items pass through one reused direct buffer of {@value #BUFFER_BYTES} bytes. Not thread-safe.
 */
public final class NpyWriter implements AutoCloseable {

    static final int BUFFER_BYTES = 1 << 18;
    /** numpy's {@code GROWTH_AXIS_MAX_DIGITS}: the longest row count a header leaves room for. */
    static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final int ARRAY_ALIGN = 64;

    private final Path file;
    private final FileChannel channel;
    private final NpyDtype dtype;
    private final long columns;
    private final boolean oneDimensional;
    private final int headerBytes;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private long items;
    private long position;

    private NpyWriter(Path file, NpyDtype dtype, long columns, boolean oneDimensional) throws IOException {
        this.file = file;
        this.dtype = dtype;
        this.columns = columns;
        this.oneDimensional = oneDimensional;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            ByteBuffer header = header(0);
            this.headerBytes = header.remaining();
            writeFully(header, 0);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        this.position = headerBytes;
    }

    /** A 2-D {@code <f4} array of {@code columns} columns (vectors of that dimension). */
    public static NpyWriter float32(Path file, int columns) throws IOException {
        return new NpyWriter(file, NpyDtype.FLOAT32, positive(columns), false);
    }

    /** A 2-D {@code |u1} array of {@code columns} columns (binary vectors of {@code 8 * columns} bits). */
    public static NpyWriter uint8(Path file, int columns) throws IOException {
        return new NpyWriter(file, NpyDtype.UINT8, positive(columns), false);
    }

    /** A 1-D {@code <i8} array (ids). */
    public static NpyWriter int64(Path file) throws IOException {
        return new NpyWriter(file, NpyDtype.INT64, 1, true);
    }

    private static int positive(int columns) {
        if (columns <= 0) {
            throw new IllegalArgumentException("columns must be positive, got " + columns);
        }
        return columns;
    }

    /** Appends {@code count} floats from {@code values[offset]}; whole rows by {@link #close}. */
    public void write(float[] values, int offset, int count) throws IOException {
        requireType('f');
        for (int i = 0; i < count; i++) {
            ensureRoom(Float.BYTES);
            buffer.putFloat(values[offset + i]);
        }
        items += count;
    }

    /** Appends {@code count} bytes from {@code values[offset]}. */
    public void write(byte[] values, int offset, int count) throws IOException {
        requireType('u');
        for (int done = 0; done < count; ) {
            ensureRoom(1);
            int n = Math.min(buffer.remaining(), count - done);
            buffer.put(values, offset + done, n);
            done += n;
        }
        items += count;
    }

    /** Appends {@code count} longs from {@code values[offset]}. */
    public void write(long[] values, int offset, int count) throws IOException {
        requireType('i');
        for (int i = 0; i < count; i++) {
            ensureRoom(Long.BYTES);
            buffer.putLong(values[offset + i]);
        }
        items += count;
    }

    /** Rows written so far. */
    public long rows() {
        return items / columns;
    }

    private void requireType(char kind) {
        if (dtype.kind() != kind) {
            throw new IllegalStateException("this writer writes " + dtype + " items: " + file);
        }
    }

    private void ensureRoom(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush();
        }
    }

    private void flush() throws IOException {
        buffer.flip();
        int length = buffer.remaining();
        writeFully(buffer, position);
        position += length;
        buffer.clear();
    }

    private void writeFully(ByteBuffer src, long at) throws IOException {
        long p = at;
        while (src.hasRemaining()) {
            p += channel.write(src, p);
        }
    }

    /** The whole header for {@code rows} rows, as numpy's {@code _write_array_header} lays it out. */
    private ByteBuffer header(long rows) {
        return header(dtype, rows, columns, oneDimensional);
    }

    /**
     * The header {@code np.save} writes for a {@code (rows, columns)} array, or a {@code (rows,)} one when
     * {@code oneDimensional}: the same bytes whatever the row count's length, so it can be rewritten in place.
     */
    static ByteBuffer header(NpyDtype dtype, long rows, long columns, boolean oneDimensional) {
        String shape = oneDimensional ? "(" + rows + ",)" : "(" + rows + ", " + columns + ")";
        String dict = "{'descr': '" + dtype.descr() + "', 'fortran_order': False, 'shape': " + shape + ", }"
                + " ".repeat(GROWTH_AXIS_MAX_DIGITS - Long.toString(rows).length());
        byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
        int withNewline = text.length + 1;
        int padding = ARRAY_ALIGN - (NpyHeader.PREFIX_BYTES + 2 + withNewline) % ARRAY_ALIGN;
        ByteBuffer header = ByteBuffer.allocate(NpyHeader.PREFIX_BYTES + 2 + withNewline + padding)
                .order(ByteOrder.LITTLE_ENDIAN);
        header.put(NpyHeader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) (withNewline + padding));
        header.put(text).put(" ".repeat(padding).getBytes(StandardCharsets.ISO_8859_1)).put((byte) '\n');
        return header.flip();
    }

    /**
     * Writes what is buffered, rewrites the header with the row count, and closes the file.
     *
     * @throws IllegalStateException when the items written are not whole rows (the file is closed anyway)
     */
    @Override
    public void close() throws IOException {
        try (FileChannel ignored = channel) {
            flush();
            if (items % columns != 0) {
                throw new IllegalStateException(items + " items are not whole rows of " + columns + ": " + file);
            }
            ByteBuffer header = header(rows());
            if (header.remaining() != headerBytes) {
                throw new IllegalStateException("header length changed from " + headerBytes + " to "
                        + header.remaining() + " bytes: " + file);
            }
            writeFully(header, 0);
        }
    }
}
