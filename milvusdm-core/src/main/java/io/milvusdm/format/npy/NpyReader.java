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
