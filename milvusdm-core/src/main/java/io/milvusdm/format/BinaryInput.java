package io.milvusdm.format;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Little-endian reads of one file through a {@link FileChannel}: a cursor for parsing headers (buffered, so
 * that many small fields cost few system calls) and positional bulk reads into caller arrays. Offsets are
 * {@code long} throughout; every read is checked against the file size and fails with a {@link FormatException}
 * naming the file, the offset and the current {@linkplain #context(String) context}, never with a buffer or
 * index exception. Counts read from the file are checked against the bytes left before anything is allocated
 * from them ({@link #readCount}).
 *
 * <p>Not thread-safe: one instance per thread. The channel is opened by {@link #open} and closed by
 * {@link #close}.
 */
public final class BinaryInput implements Closeable {

    private static final int WINDOW_BYTES = 1 << 13;
    private static final int STAGING_BYTES = 1 << 18;

    private final FileChannel channel;
    private final Path file;
    private final long size;
    private final ByteBuffer window = ByteBuffer.allocate(WINDOW_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private long windowStart;
    private long position;
    private ByteBuffer staging;
    private String context = "";

    private BinaryInput(FileChannel channel, Path file) throws IOException {
        this.channel = channel;
        this.file = file;
        this.size = channel.size();
        window.limit(0);
    }

    /** Opens {@code file} for reading; the size is taken once, now. */
    public static BinaryInput open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new BinaryInput(channel, file);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    public long size() {
        return size;
    }

    /** What is being read, named in error messages ("in IxMp>IwFl"); empty for none. */
    public void context(String context) {
        this.context = context == null ? "" : context;
    }

    public long position() {
        return position;
    }

    public long remaining() {
        return size - position;
    }

    /** Moves the cursor; the target must lie in the file (the end included). */
    public void seek(long offset) throws FormatException {
        if (offset < 0 || offset > size) {
            throw error("offset 0x" + Long.toHexString(offset) + " is outside the file (" + size + " bytes)",
                    position);
        }
        position = offset;
    }

    /** Moves the cursor {@code bytes} forward; fails when that passes the end of the file. */
    public void skip(long bytes, String what) throws FormatException {
        if (bytes < 0 || bytes > remaining()) {
            throw error("unexpected end of file: " + what + " needs " + Long.toUnsignedString(bytes)
                    + " bytes, " + remaining() + " left", position);
        }
        position += bytes;
    }

    public byte readByte() throws IOException {
        return fill(1).get();
    }

    public int readInt() throws IOException {
        return fill(Integer.BYTES).getInt();
    }

    public long readLong() throws IOException {
        return fill(Long.BYTES).getLong();
    }

    public float readFloat() throws IOException {
        return fill(Float.BYTES).getFloat();
    }

    /** Four bytes as ASCII text, in file order (a Faiss fourcc). */
    public String readFourcc() throws IOException {
        ByteBuffer buffer = fill(4);
        byte[] bytes = new byte[4];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads an unsigned 64-bit element count and checks that {@code count * elementBytes} bytes follow in the
     * file, so that the caller may size a buffer or skip by it.
     */
    public long readCount(long elementBytes, String what) throws IOException {
        long at = position;
        long count = readLong();
        if (count < 0 || count > remaining() / elementBytes) {
            throw error(what + " claims " + Long.toUnsignedString(count) + " elements of " + elementBytes
                    + " bytes, but only " + remaining() + " bytes follow", at);
        }
        return count;
    }

    private ByteBuffer fill(int bytes) throws IOException {
        if (bytes > remaining()) {
            throw error("unexpected end of file reading " + bytes + " bytes", position);
        }
        long windowEnd = windowStart + window.limit();
        if (position < windowStart || position + bytes > windowEnd) {
            window.clear();
            window.limit((int) Math.min(WINDOW_BYTES, size - position));
            windowStart = position;
            readFully(position, window);
            window.flip();
        }
        window.position((int) (position - windowStart));
        position += bytes;
        return window;
    }

    /** Fills {@code dst} from its position to its limit with the bytes at {@code offset}. */
    public void readFully(long offset, ByteBuffer dst) throws IOException {
        if (offset < 0 || dst.remaining() > size - offset) {
            throw error("unexpected end of file reading " + dst.remaining() + " bytes", offset);
        }
        long at = offset;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, at);
            if (n < 0) {
                throw error("unexpected end of file (the file shrank to " + channel.size() + " bytes) reading",
                        at, new EOFException());
            }
            at += n;
        }
    }

    /** Reads {@code n} little-endian floats at {@code offset} into {@code dst[off..off+n)}. */
    public void readFloats(long offset, float[] dst, int off, int n) throws IOException {
        readBulk(offset, Float.BYTES, n, (buffer, done, count) -> buffer.asFloatBuffer().get(dst, off + done, count));
    }

    /** Reads {@code n} little-endian int64s at {@code offset} into {@code dst[off..off+n)}. */
    public void readLongs(long offset, long[] dst, int off, int n) throws IOException {
        readBulk(offset, Long.BYTES, n, (buffer, done, count) -> buffer.asLongBuffer().get(dst, off + done, count));
    }

    /** Reads {@code n} bytes at {@code offset} into {@code dst[off..off+n)}. */
    public void readBytes(long offset, byte[] dst, int off, int n) throws IOException {
        readBulk(offset, 1, n, (buffer, done, count) -> buffer.get(dst, off + done, count));
    }

    private interface Sink {
        void take(ByteBuffer buffer, int done, int count);
    }

    private void readBulk(long offset, int width, int n, Sink sink) throws IOException {
        if (staging == null) {
            staging = ByteBuffer.allocateDirect(STAGING_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        }
        int perRound = STAGING_BYTES / width;
        for (int done = 0; done < n; done += perRound) {
            int count = Math.min(perRound, n - done);
            staging.clear().limit(count * width);
            readFully(offset + (long) done * width, staging);
            staging.flip();
            sink.take(staging, done, count);
        }
    }

    /** Maps {@code length} bytes at {@code offset} read-only, little-endian (for random access to ids). */
    public ByteBuffer map(long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || length > Integer.MAX_VALUE || length > size - offset) {
            throw error("cannot map " + length + " bytes", offset);
        }
        return channel.map(FileChannel.MapMode.READ_ONLY, offset, length).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A {@link FormatException} at {@code offset} naming this file and the current context. */
    public FormatException error(String message, long offset) {
        return error(message, offset, null);
    }

    private FormatException error(String message, long offset, Throwable cause) {
        return new FormatException(context.isEmpty() ? message : message + " in " + context, file, offset, cause);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
