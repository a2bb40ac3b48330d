package io.milvusdm.format.npy;

import io.milvusdm.format.FormatException;
import io.milvusdm.format.UnsupportedFormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The header of a NumPy {@code .npy} file, versions 1.0, 2.0 and 3.0
 * (<a href="https://numpy.org/devdocs/reference/generated/numpy.lib.format.html">numpy.lib.format</a>).
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li><b>[6 bytes]</b> magic {@code \x93NUMPY}</li>
 *   <li><b>[uint8]</b> major version (1, 2 or 3), <b>[uint8]</b> minor version (0)</li>
 *   <li><b>[uint16 LE]</b> header length (version 1), or <b>[uint32 LE]</b> (versions 2 and 3)</li>
 *   <li><b>[header length bytes]</b> a Python dict literal, latin-1 (UTF-8 in version 3):
 *       {@code {'descr': '<f4', 'fortran_order': False, 'shape': (1000, 128), }}, padded with spaces and ended
 *       by {@code '\n'} so that the data starts on a 64-byte boundary (16 in files of numpy before 1.9)</li>
 *   <li><b>[product(shape) * itemsize bytes]</b> the data, C order, nothing after it</li>
 * </ul>
 * Reading the header checks the whole file: a simple float, integer, bool or unicode dtype, C order (or at most one
 * dimension, where both orders are the same bytes), and a data size equal to {@code product(shape) * itemsize}.
 *
 * @param file the file, for messages
 * @param majorVersion the format version
 * @param dtype the item type
 * @param shape the array shape; empty for a scalar
 * @param dataOffset where the data starts
 */
public record NpyHeader(Path file, int majorVersion, NpyDtype dtype, long[] shape, long dataOffset) {

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Magic, two version bytes: the fixed prefix before the header length. */
    static final int PREFIX_BYTES = 8;
    /** A header dict longer than this is not a numpy header (numpy itself refuses over 10000 bytes). */
    private static final int MAX_HEADER_BYTES = 1 << 20;

    /** Reads and checks the header of {@code file}, open as {@code channel}. */
    public static NpyHeader read(FileChannel channel, Path file) throws IOException {
        return read((position, length) -> readFully(channel, file, position, length), channel.size(), file);
    }

    /**
     * Reads and checks the header of a file that is not at hand whole (an object in a bucket): {@code head} holds
     * its first bytes, at least the whole header; {@code size} is the whole file's size; {@code file} names it in
     * errors.
     */
    public static NpyHeader read(byte[] head, long size, Path file) throws IOException {
        return read((position, length) -> {
            if (position + length > head.length) {
                throw new FormatException("the header ends after the first " + head.length + " bytes read", file,
                        position);
            }
            return ByteBuffer.wrap(head, (int) position, length).slice().order(ByteOrder.LITTLE_ENDIAN);
        }, size, file);
    }

    /** Reads {@code length} bytes at {@code position}, or fails naming the offset. */
    private interface ByteSource {
        ByteBuffer read(long position, int length) throws IOException;
    }

    private static NpyHeader read(ByteSource source, long size, Path file) throws IOException {
        ByteBuffer prefix = source.read(0, (int) Math.min(size, PREFIX_BYTES + 4L));
        if (prefix.remaining() < PREFIX_BYTES + 2 || !hasMagic(prefix)) {
            throw new FormatException("not a NumPy .npy file: expected the magic \\x93NUMPY, found "
                    + describeStart(prefix), file, 0);
        }
        int major = prefix.get(6) & 0xff;
        int minor = prefix.get(7) & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw new UnsupportedFormatException(".npy format version " + major + "." + minor
                    + " is not supported; expected 1.0, 2.0 or 3.0", file, 6);
        }
        int lengthBytes = major == 1 ? 2 : 4;
        if (prefix.remaining() < PREFIX_BYTES + lengthBytes) {
            throw new FormatException("truncated header: the file ends at " + size + " bytes", file, size);
        }
        long headerLength = major == 1 ? prefix.getShort(PREFIX_BYTES) & 0xffff
                : prefix.getInt(PREFIX_BYTES) & 0xffffffffL;
        long headerStart = PREFIX_BYTES + lengthBytes;
        long dataOffset = headerStart + headerLength;
        if (headerLength > MAX_HEADER_BYTES || dataOffset > size) {
            throw new FormatException("truncated header: header length " + headerLength + " ends at " + dataOffset
                    + ", the file has " + size + " bytes", file, PREFIX_BYTES);
        }
        Charset charset = major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        String text = charset.decode(source.read(headerStart, (int) headerLength)).toString();
        return fromDict(file, major, text, headerStart, dataOffset, size);
    }

    private static NpyHeader fromDict(Path file, int major, String text, long headerStart, long dataOffset,
                                      long size) throws FormatException {
        Map<String, Object> dict;
        try {
            dict = PythonLiteral.parseDict(text);
        } catch (PythonLiteral.SyntaxError e) {
            throw new FormatException("the header is not a Python dict literal: " + e.getMessage(), file,
                    headerStart);
        }
        NpyDtype dtype = dtype(file, dict.get("descr"), headerStart);
        long[] shape = shape(file, dict.get("shape"), headerStart);
        Object fortran = dict.get("fortran_order");
        if (!(fortran instanceof Boolean)) {
            throw new FormatException("the header lacks a True/False 'fortran_order'; found " + fortran, file,
                    headerStart);
        }
        if ((Boolean) fortran && shape.length > 1) {
            throw new UnsupportedFormatException("a Fortran-order (column-major) array of shape " + shapeText(shape)
                    + " is not supported; save it with np.save(f, np.ascontiguousarray(a))", file, headerStart);
        }
        long expected = dataBytes(file, shape, dtype, headerStart);
        if (size - dataOffset != expected) {
            throw new FormatException("data holds " + (size - dataOffset) + " bytes; expected shape "
                    + shapeText(shape) + " x " + dtype.itemSize() + " bytes (" + dtype + ") = " + expected + " bytes"
                    + (size - dataOffset < expected ? " (truncated?)" : ""), file, dataOffset);
        }
        return new NpyHeader(file, major, dtype, shape, dataOffset);
    }

    private static NpyDtype dtype(Path file, Object descr, long offset) throws FormatException {
        if (descr instanceof List<?>) {
            throw new UnsupportedFormatException("a structured dtype " + descr + " is not supported; expected a "
                    + "plain float or integer array", file, offset);
        }
        if (!(descr instanceof String text)) {
            throw new FormatException("the header lacks a string 'descr'; found " + descr, file, offset);
        }
        if (text.length() >= 2 && text.charAt(1) == 'O') {
            throw new UnsupportedFormatException("an object array (dtype " + text + ", pickled Python objects) cannot "
                    + "be read; save a numeric array, e.g. np.asarray(a, dtype=np.float32)", file, offset);
        }
        NpyDtype dtype = NpyDtype.parse(text);
        if (dtype == null) {
            throw new UnsupportedFormatException("dtype '" + text + "' is not supported; expected float32 or "
                    + "float64 (either byte order), an integer type of 1 to 8 bytes, bool or unicode", file, offset);
        }
        return dtype;
    }

    private static long[] shape(Path file, Object value, long offset) throws FormatException {
        if (!(value instanceof List<?> items)) {
            throw new FormatException("the header lacks a tuple 'shape'; found " + value, file, offset);
        }
        long[] shape = new long[items.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(items.get(i) instanceof Long n) || n < 0) {
                throw new FormatException("the shape " + value + " holds something else than sizes >= 0", file,
                        offset);
            }
            shape[i] = n;
        }
        return shape;
    }

    private static long dataBytes(Path file, long[] shape, NpyDtype dtype, long offset) throws FormatException {
        try {
            long bytes = dtype.itemSize();
            for (long n : shape) {
                bytes = Math.multiplyExact(bytes, n);
            }
            return bytes;
        } catch (ArithmeticException e) {
            throw new FormatException("the shape " + shapeText(shape) + " overflows 64 bits", file, offset);
        }
    }

    static ByteBuffer readFully(FileChannel channel, Path file, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new FormatException("unexpected end of file reading " + length + " bytes at 0x"
                        + Long.toHexString(position), file, position + buffer.position());
            }
        }
        return buffer.flip();
    }

    private static boolean hasMagic(ByteBuffer prefix) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (prefix.get(i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static String describeStart(ByteBuffer prefix) {
        if (prefix.remaining() == 0) {
            return "an empty file";
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(8, prefix.remaining()); i++) {
            hex.append(String.format("%02x", prefix.get(i) & 0xff));
        }
        return "0x" + hex + (prefix.remaining() < PREFIX_BYTES + 2 ? " (" + prefix.remaining() + " bytes)" : "");
    }

    /** The shape as Python prints it: {@code (3,)}, {@code (3, 4)}, {@code ()}. */
    static String shapeText(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    /** Rows: the first dimension (1 for a scalar). */
    public long rows() {
        return shape.length == 0 ? 1 : shape[0];
    }

    /** Items per row: the product of the other dimensions (1 for 0-D and 1-D arrays). */
    public long columns() {
        long columns = 1;
        for (int i = 1; i < shape.length; i++) {
            columns *= shape[i];
        }
        return columns;
    }

    public long rowBytes() {
        return columns() * dtype.itemSize();
    }

    @Override
    public String toString() {
        return "npy v" + majorVersion + " " + dtype + " " + shapeText(shape);
    }
}
