package io.milvusdm.format.npy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes a {@code .npy} file whose row count is known in advance to a stream (an object being uploaded): the
 * header first, byte for byte as {@link NpyWriter} and {@code np.save} write it, then the items. Nothing is
 * rewritten, so the stream need not seek. Closing checks that exactly the announced rows were written, and does
 * not close the stream: the caller commits it.
 *
 * <p>Items pass through one reused buffer of {@value #BUFFER_BYTES} bytes. Not thread-safe.
 */
public final class NpyStreamWriter {

    static final int BUFFER_BYTES = 1 << 18;

    private final OutputStream out;
    private final String name;
    private final NpyDtype dtype;
    private final long columns;
    private final long rows;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private long items;

    private NpyStreamWriter(OutputStream out, String name, NpyDtype dtype, long rows, long columns,
                            boolean oneDimensional) throws IOException {
        this.out = out;
        this.name = name;
        this.dtype = dtype;
        this.rows = rows;
        this.columns = columns;
        ByteBuffer header = NpyWriter.header(dtype, rows, columns, oneDimensional);
        out.write(header.array(), header.arrayOffset() + header.position(), header.remaining());
    }

    /** A {@code (rows, columns)} {@code <f4} array. */
    public static NpyStreamWriter float32(OutputStream out, String name, long rows, int columns) throws IOException {
        return new NpyStreamWriter(out, name, NpyDtype.FLOAT32, rows, columns, false);
    }

    /** A {@code (rows, columns)} {@code |u1} array (binary vectors of {@code 8 * columns} bits). */
    public static NpyStreamWriter uint8(OutputStream out, String name, long rows, int columns) throws IOException {
        return new NpyStreamWriter(out, name, NpyDtype.UINT8, rows, columns, false);
    }

    /** A {@code (rows,)} {@code <i8} array. */
    public static NpyStreamWriter int64(OutputStream out, String name, long rows) throws IOException {
        return new NpyStreamWriter(out, name, NpyDtype.INT64, rows, 1, true);
    }

    /**
     * A {@code (rows,)} array of {@code dtype}: a signed integer, float, bool or unicode type.
     */
    public static NpyStreamWriter column(OutputStream out, String name, NpyDtype dtype, long rows)
            throws IOException {
        return new NpyStreamWriter(out, name, dtype, rows, 1, true);
    }

    public void write(float[] values, int offset, int count) throws IOException {
        requireRoom(count, 'f');
        for (int i = 0; i < count; i++) {
            ensureRoom(Float.BYTES);
            buffer.putFloat(values[offset + i]);
        }
        items += count;
    }

    /** Float items: float64 as they are, float32 narrowed (exact for values that came from a float32). */
    public void write(double[] values, int offset, int count) throws IOException {
        requireRoom(count, 'f');
        for (int i = 0; i < count; i++) {
            ensureRoom(Double.BYTES);
            if (dtype.itemSize() == Float.BYTES) {
                buffer.putFloat((float) values[offset + i]);
            } else {
                buffer.putDouble(values[offset + i]);
            }
        }
        items += count;
    }

    public void write(byte[] values, int offset, int count) throws IOException {
        requireRoom(count, 'u');
        flush();
        out.write(values, offset, count);
        items += count;
    }

    /** Signed integer items of the dtype's width; the values are within its range (the caller checked). */
    public void write(long[] values, int offset, int count) throws IOException {
        requireRoom(count, 'i');
        for (int i = 0; i < count; i++) {
            ensureRoom(Long.BYTES);
            long value = values[offset + i];
            switch (dtype.itemSize()) {
                case 1 -> buffer.put((byte) value);
                case 2 -> buffer.putShort((short) value);
                case 4 -> buffer.putInt((int) value);
                default -> buffer.putLong(value);
            }
        }
        items += count;
    }

    /** Bool items: one byte each, 1 or 0. */
    public void write(boolean[] values, int offset, int count) throws IOException {
        requireRoom(count, 'b');
        for (int i = 0; i < count; i++) {
            ensureRoom(1);
            buffer.put((byte) (values[offset + i] ? 1 : 0));
        }
        items += count;
    }

    /**
     * One unicode item: its code points as UTF-32, then zeros up to the dtype's width.
     *
     * @throws IllegalArgumentException when it has more code points than the width
     */
    public void write(String value) throws IOException {
        requireRoom(1, 'U');
        int width = dtype.itemSize() / 4;
        if (value.codePointCount(0, value.length()) > width) {
            throw new IllegalArgumentException(name + ": a value longer than the " + width + " code points of "
                    + dtype);
        }
        int written = 0;
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            ensureRoom(4);
            buffer.putInt(codePoint);
            written++;
            i += Character.charCount(codePoint);
        }
        for (; written < width; written++) {
            ensureRoom(4);
            buffer.putInt(0);
        }
        items++;
    }

    private void requireRoom(int count, char kind) {
        if (dtype.kind() != kind) {
            throw new IllegalStateException(name + " holds " + dtype + " items");
        }
        if (items + count > rows * columns) {
            throw new IllegalStateException(name + ": more than the announced " + rows + " rows of " + columns);
        }
    }

    private void ensureRoom(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush();
        }
    }

    private void flush() throws IOException {
        if (buffer.position() > 0) {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
    }

    /**
     * Writes what is buffered.
     *
     * @throws IllegalStateException when fewer items were written than the header announced
     */
    public void finish() throws IOException {
        flush();
        if (items != rows * columns) {
            throw new IllegalStateException(name + ": " + items / columns + " rows written, the header announced "
                    + rows);
        }
    }
}
