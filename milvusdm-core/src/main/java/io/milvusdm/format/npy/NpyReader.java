package io.milvusdm.format.npy;

import io.milvusdm.format.FormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Positional reads of row ranges from a {@code .npy} file: row {@code r} of an array of shape {@code (n, c)}
 * is the {@code c * itemsize} bytes at {@code dataOffset + r * c * itemsize}. Nothing is read ahead and no
 * row is held: rows pass through one reused direct staging buffer of {@value #STAGING_BYTES} bytes straight
 * into the caller's array, so a file of any size reads in bounded memory.
 *
 * <p>Not thread-safe (the staging buffer is the reader's); open one reader per thread. Several readers may
 * read the same file at once.
 */
public final class NpyReader implements AutoCloseable {

    /** The staging buffer: a positional read into a direct buffer skips the JDK's hidden temporary copy. */
    static final int STAGING_BYTES = 1 << 18;

    private final Path file;
    private final FileChannel channel;
    private final NpyHeader header;
    private final ByteBuffer staging;

    private NpyReader(Path file, FileChannel channel, NpyHeader header) {
        this.file = file;
        this.channel = channel;
        this.header = header;
        int rowBytes = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(1, header.rowBytes()));
        this.staging = ByteBuffer.allocateDirect(Math.max(rowBytes, STAGING_BYTES)).order(header.dtype().order());
    }

    /** Opens {@code file} and checks its header and size ({@link NpyHeader#read}). */
    public static NpyReader open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new NpyReader(file, channel, NpyHeader.read(channel, file));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public NpyHeader header() {
        return header;
    }

    public Path file() {
        return file;
    }

    /**
     * Reads rows {@code firstRow .. firstRow+rows} of a float array into {@code dst} from {@code offset};
     * float64 is narrowed to float32 (round to nearest even, as {@code astype(np.float32)} does).
     */
    public void readFloats(long firstRow, int rows, float[] dst, int offset) throws IOException {
        require(header.dtype().isFloat(), "float");
        int itemSize = header.dtype().itemSize();
        long items = rows * header.columns();
        int perWindow = staging.capacity() / itemSize;
        long start = firstRow * header.columns();
        for (long done = 0; done < items; done += perWindow) {
            int n = (int) Math.min(perWindow, items - done);
            fill(header.dataOffset() + (start + done) * itemSize, n * itemSize);
            int at = (int) (offset + done);
            if (itemSize == Float.BYTES) {
                staging.asFloatBuffer().get(dst, at, n);
            } else {
                for (int i = 0; i < n; i++) {
                    dst[at + i] = (float) staging.getDouble(i * Double.BYTES);
                }
            }
        }
    }

    /**
     * Reads items {@code firstItem .. firstItem+count} of a 1-D float array, float32 widened (exactly) to
     * float64.
     */
    public void readDoubles(long firstItem, int count, double[] dst, int offset) throws IOException {
        require(header.dtype().isFloat(), "float");
        int itemSize = header.dtype().itemSize();
        int perWindow = staging.capacity() / itemSize;
        for (int done = 0; done < count; done += perWindow) {
            int n = Math.min(perWindow, count - done);
            fill(header.dataOffset() + (firstItem + done) * itemSize, n * itemSize);
            for (int i = 0; i < n; i++) {
                dst[offset + done + i] = itemSize == Float.BYTES ? staging.getFloat(i * Float.BYTES)
                        : staging.getDouble(i * Double.BYTES);
            }
        }
    }

    /** Reads items {@code firstItem .. firstItem+count} of a bool array: any non-zero byte is true, as numpy. */
    public void readBooleans(long firstItem, int count, boolean[] dst, int offset) throws IOException {
        require(header.dtype().isBool(), "bool");
        int perWindow = staging.capacity();
        for (int done = 0; done < count; done += perWindow) {
            int n = Math.min(perWindow, count - done);
            fill(header.dataOffset() + firstItem + done, n);
            for (int i = 0; i < n; i++) {
                dst[offset + done + i] = staging.get(i) != 0;
            }
        }
    }

    /**
     * Reads items {@code firstItem .. firstItem+count} of a unicode array: each item's UTF-32 code points, the
     * trailing zeros (numpy's padding) left out.
     *
     * @throws FormatException for a code point that is not a Unicode scalar value, naming the item
     */
    public void readStrings(long firstItem, int count, String[] dst, int offset) throws IOException {
        require(header.dtype().isUnicode(), "unicode");
        int itemSize = header.dtype().itemSize();
        int perWindow = Math.max(1, staging.capacity() / itemSize);
        for (int done = 0; done < count; done += perWindow) {
            int n = Math.min(perWindow, count - done);
            long position = header.dataOffset() + (firstItem + done) * itemSize;
            fill(position, n * itemSize);
            for (int i = 0; i < n; i++) {
                dst[offset + done + i] = string(i * itemSize, itemSize / 4, position + (long) i * itemSize);
            }
        }
    }

    private String string(int at, int width, long position) throws FormatException {
        int length = width;
        while (length > 0 && staging.getInt(at + 4 * (length - 1)) == 0) {
            length--;
        }
        StringBuilder text = new StringBuilder(length);
        for (int c = 0; c < length; c++) {
            int codePoint = staging.getInt(at + 4 * c);
            if (!Character.isValidCodePoint(codePoint) || Character.isSurrogate((char) codePoint)
                    && codePoint <= Character.MAX_VALUE) {
                throw new FormatException("unicode item holds 0x" + Integer.toHexString(codePoint) + ", which is not"
                        + " a Unicode character", file, position + 4L * c);
            }
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    /** Reads the raw bytes of rows {@code firstRow .. firstRow+rows} (for {@code uint8} packed bits). */
    public void readBytes(long firstRow, int rows, byte[] dst, int offset) throws IOException {
        long bytes = rows * header.rowBytes();
        long start = header.dataOffset() + firstRow * header.rowBytes();
        for (long done = 0; done < bytes; done += staging.capacity()) {
            int n = (int) Math.min(staging.capacity(), bytes - done);
            fill(start + done, n);
            staging.get(dst, (int) (offset + done), n);
        }
    }

    /**
     * Reads items {@code firstItem .. firstItem+count} of an integer array (1-D, or 2-D of one column), widened
     * to int64. A uint64 above {@link Long#MAX_VALUE} is an error naming the item.
     */
    public void readLongs(long firstItem, int count, long[] dst, int offset) throws IOException {
        require(header.dtype().isInteger(), "integer");
        NpyDtype dtype = header.dtype();
        int itemSize = dtype.itemSize();
        int perWindow = staging.capacity() / itemSize;
        for (int done = 0; done < count; done += perWindow) {
            int n = Math.min(perWindow, count - done);
            long position = header.dataOffset() + (firstItem + done) * itemSize;
            fill(position, n * itemSize);
            for (int i = 0; i < n; i++) {
                long value = item(dtype, i * itemSize);
                if (dtype.kind() == 'u' && itemSize == 8 && value < 0) {
                    throw new FormatException("uint64 id " + Long.toUnsignedString(value) + " at item "
                            + (firstItem + done + i) + " does not fit int64", file, position + (long) i * itemSize);
                }
                dst[offset + done + i] = value;
            }
        }
    }

    private long item(NpyDtype dtype, int at) {
        boolean signed = dtype.kind() == 'i';
        return switch (dtype.itemSize()) {
            case 1 -> signed ? staging.get(at) : staging.get(at) & 0xffL;
            case 2 -> signed ? staging.getShort(at) : staging.getShort(at) & 0xffffL;
            case 4 -> signed ? staging.getInt(at) : staging.getInt(at) & 0xffffffffL;
            default -> staging.getLong(at);
        };
    }

    private void require(boolean ok, String kind) {
        if (!ok) {
            throw new IllegalStateException("reading " + kind + " values from a " + header.dtype() + " array: " + file);
        }
    }

    /** Leaves {@code length} bytes from {@code position} in the staging buffer, from its position 0. */
    private void fill(long position, int length) throws IOException {
        staging.clear().limit(length);
        while (staging.hasRemaining()) {
            int read = channel.read(staging, position + staging.position());
            if (read < 0) {
                throw new FormatException("unexpected end of file reading " + length + " bytes from 0x"
                        + Long.toHexString(position) + " (the file changed after it was opened?)", file,
                        position + staging.position());
            }
        }
        staging.flip();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
