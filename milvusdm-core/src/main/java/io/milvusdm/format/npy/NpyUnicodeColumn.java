package io.milvusdm.format.npy;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@code (rows,)} unicode array ({@code '<U<n>'}, as {@code np.array(list_of_str)} saves it) built from strings
 * that arrive one by one: a fixed-width array needs its longest value before its first byte, so the values are
 * staged in a temporary file ({@code [int32 length][UTF-8 bytes]} each) until {@link #writeTo}. Memory is one
 * buffer whatever the count.
 *
 * <p>A value holding U+0000 is refused: numpy drops trailing zeros, and Milvus's NumPy import drops every zero code
 * point, so it could not come back as it was. Not thread-safe.
 */
public final class NpyUnicodeColumn implements Closeable {

    private static final int BUFFER_BYTES = 1 << 16;

    private final String name;
    private final Path staging;
    private final OutputStream out;
    private long rows;
    private int width = 1;

    private NpyUnicodeColumn(String name, Path staging) throws IOException {
        this.name = name;
        this.staging = staging;
        this.out = new BufferedOutputStream(Files.newOutputStream(staging), BUFFER_BYTES);
    }

    /**
     * @param name the array's file, for messages
     * @param folder where to stage the values, or null for the system's temporary folder
     */
    public static NpyUnicodeColumn create(String name, Path folder) throws IOException {
        Path staging = folder == null ? Files.createTempFile("milvusdm-npy-", ".strings")
                : Files.createTempFile(folder, "milvusdm-npy-", ".strings");
        try {
            return new NpyUnicodeColumn(name, staging);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(staging);
            throw e;
        }
    }

    /**
     * Appends a value.
     *
     * @throws IllegalArgumentException when it holds U+0000, naming the array and the value's row
     */
    public void add(String value) throws IOException {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(name + ": row " + rows + " holds U+0000, which a NumPy string cannot"
                    + " carry (numpy and Milvus's import cut it)");
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.write(ByteBuffer.allocate(4).putInt(utf8.length).array());
        out.write(utf8);
        width = Math.max(width, value.codePointCount(0, value.length()));
        rows++;
    }

    public long rows() {
        return rows;
    }

    /** The most code points of a value so far (at least 1: numpy has no {@code '<U0'} arrays to read). */
    public int width() {
        return width;
    }

    /** Writes the whole array: header, then every value padded to the longest. */
    public void writeTo(OutputStream target) throws IOException {
        out.flush();
        NpyStreamWriter array = NpyStreamWriter.column(target, name, NpyDtype.unicode(width), rows);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(staging), BUFFER_BYTES)) {
            byte[] length = new byte[4];
            for (long row = 0; row < rows; row++) {
                readFully(in, length);
                byte[] utf8 = new byte[ByteBuffer.wrap(length).getInt()];
                readFully(in, utf8);
                array.write(new String(utf8, StandardCharsets.UTF_8));
            }
        }
        array.finish();
    }

    private void readFully(InputStream in, byte[] into) throws IOException {
        if (in.readNBytes(into, 0, into.length) != into.length) {
            throw new EOFException("staged values of " + name + " end early in " + staging);
        }
    }

    /** Deletes the staged values. */
    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            Files.deleteIfExists(staging);
        }
    }
}
