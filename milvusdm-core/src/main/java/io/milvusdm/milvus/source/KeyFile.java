package io.milvusdm.milvus.source;

import io.milvusdm.pipeline.KeyKind;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A temporary file of primary keys in their <em>byte form</em>, whose unsigned lexicographic order is the
 * server's key order, so that one comparison serves both key types: the runs of a {@link KeySorter} and the
 * sorted keys of a partition ({@link SortedKeys}). Written and read front to back through one buffer.
 *
 * <h2>Layout</h2>
 * No header; one record a key, in order:
 * <ul>
 *   <li>INT64 keys: [8 bytes] the key big-endian with its sign bit flipped, so that unsigned byte order is
 *       signed numeric order</li>
 *   <li>VARCHAR keys: [int32, little-endian] the byte length, then [bytes] the key's UTF-8, whose unsigned byte
 *       order is code point order: Milvus compares strings by their UTF-8 bytes, Milvus Lite by Python's code
 *       points or pyarrow's bytes, all the same order ({@link VarcharKeys})</li>
 * </ul>
 */
final class KeyFile {

    private static final int BUFFER_BYTES = 1 << 16;
    private static final int INT64_BYTES = 8;

    private KeyFile() {
    }

    /** Key byte form comparison: unsigned, lexicographic, a prefix first. */
    static int compare(byte[] a, int aLength, byte[] b, int bLength) {
        return Arrays.compareUnsigned(a, 0, aLength, b, 0, bLength);
    }

    /** The INT64 key of an 8-byte byte form. */
    static long int64(byte[] key) {
        long value = 0;
        for (int i = 0; i < INT64_BYTES; i++) {
            value = value << 8 | (key[i] & 0xff);
        }
        return value ^ Long.MIN_VALUE;
    }

    /** The VARCHAR key of a byte form. */
    static String varchar(byte[] key, int length) {
        return new String(key, 0, length, StandardCharsets.UTF_8);
    }

    /** Writes records in order. */
    static final class Writer implements Closeable {

        private final KeyKind kind;
        private final Path path;
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);

        Writer(KeyKind kind, Path path) throws IOException {
            this.kind = kind;
            this.path = path;
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }

        /** One key in byte form: 8 bytes for INT64, the UTF-8 of a VARCHAR. */
        void write(byte[] key, int length) throws IOException {
            if (kind == KeyKind.INT64) {
                if (length != INT64_BYTES) {
                    throw new IllegalArgumentException("an INT64 key is 8 bytes, got " + length);
                }
            } else {
                room(Integer.BYTES);
                buffer.order(ByteOrder.LITTLE_ENDIAN).putInt(length);
            }
            for (int at = 0; at < length; ) {
                room(1);
                int n = Math.min(length - at, buffer.remaining());
                buffer.put(key, at, n);
                at += n;
            }
        }

        private void room(int bytes) throws IOException {
            if (buffer.remaining() < bytes) {
                flush();
            }
        }

        private void flush() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }

        @Override
        public void close() throws IOException {
            try (channel) {
                flush();
            }
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    /** Reads records in order: {@link #next} moves to the next one, {@link #key} and {@link #length} show it. */
    static final class Reader implements Closeable {

        private final KeyKind kind;
        private final Path path;
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).flip();
        private byte[] key = new byte[INT64_BYTES];
        private int length;
        private long keyOffset;

        Reader(KeyKind kind, Path path) throws IOException {
            this(kind, path, 0);
        }

        /** Reads from {@code offset} on, which must be where a key starts ({@link #keyOffset}). */
        Reader(KeyKind kind, Path path, long offset) throws IOException {
            this.kind = kind;
            this.path = path;
            this.channel = FileChannel.open(path, StandardOpenOption.READ).position(offset);
        }

        /** Reads the next key; false at the end of the file. */
        boolean next() throws IOException {
            if (!buffer.hasRemaining() && !fill()) {
                return false;
            }
            keyOffset = offset();
            if (kind == KeyKind.INT64) {
                length = INT64_BYTES;
            } else {
                require(Integer.BYTES);
                length = buffer.order(ByteOrder.LITTLE_ENDIAN).getInt();
                if (length < 0) {
                    throw new IOException("key file " + path + " is corrupt: key length " + length + " before offset "
                            + offset());
                }
                if (length > key.length) {
                    key = new byte[Math.max(length, 2 * key.length)];
                }
            }
            for (int at = 0; at < length; ) {
                require(1);
                int n = Math.min(length - at, buffer.remaining());
                buffer.get(key, at, n);
                at += n;
            }
            return true;
        }

        /** The current key's byte form, in {@code key()[0, length())}; overwritten by {@link #next}. */
        byte[] key() {
            return key;
        }

        int length() {
            return length;
        }

        /** Where the current key starts in the file. */
        long keyOffset() {
            return keyOffset;
        }

        private void require(int bytes) throws IOException {
            while (buffer.remaining() < bytes) {
                if (!fill()) {
                    throw new EOFException("key file " + path + " ends inside a key at offset " + offset());
                }
            }
        }

        /** Keeps what is left in the buffer and reads more after it; false when nothing more was read. */
        private boolean fill() throws IOException {
            buffer.compact();
            int read = channel.read(buffer);
            buffer.flip();
            return read > 0;
        }

        private long offset() throws IOException {
            return channel.position() - buffer.remaining();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
