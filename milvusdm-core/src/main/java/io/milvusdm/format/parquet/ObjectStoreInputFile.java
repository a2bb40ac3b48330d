package io.milvusdm.format.parquet;

import io.milvusdm.storage.ObjectStore;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * A parquet-java {@link InputFile} over one object of an {@link ObjectStore}: each stream reads forward from its
 * position with one ranged read ({@link ObjectStore#open(String, long, long)}), and a seek elsewhere starts a new
 * range, so a reader fetches the footer and the column chunks it needs, never the whole object.
 */
final class ObjectStoreInputFile implements InputFile {

    /** Seeking forward by at most this much reads through the open range instead of starting a new request. */
    private static final long SKIP_WITHIN = 256 << 10;

    private final ObjectStore store;
    private final String key;
    private final long length;

    ObjectStoreInputFile(ObjectStore store, String key, long length) {
        this.store = store;
        this.key = key;
        this.length = length;
    }

    @Override
    public long getLength() {
        return length;
    }

    @Override
    public SeekableInputStream newStream() {
        return new RangeReader();
    }

    @Override
    public String toString() {
        return store.describe() + "/" + key;
    }

    private final class RangeReader extends SeekableInputStream {
        private InputStream in;
        private long position;
        private final byte[] one = new byte[1];

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void seek(long newPosition) throws IOException {
            if (newPosition < 0 || newPosition > length) {
                throw new EOFException("seek to " + newPosition + " outside " + ObjectStoreInputFile.this
                        + " (" + length + " bytes)");
            }
            if (in != null && newPosition > position && newPosition - position <= SKIP_WITHIN) {
                in.skipNBytes(newPosition - position);
            } else if (newPosition != position) {
                closeRange();
            }
            position = newPosition;
        }

        @Override
        public int read() throws IOException {
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int count) throws IOException {
            if (count == 0) {
                return 0;
            }
            if (position >= length) {
                return -1;
            }
            if (in == null) {
                in = store.open(key, position, length - position);
            }
            int n = in.read(bytes, offset, (int) Math.min(count, length - position));
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public void readFully(byte[] bytes) throws IOException {
            readFully(bytes, 0, bytes.length);
        }

        @Override
        public void readFully(byte[] bytes, int offset, int count) throws IOException {
            while (count > 0) {
                int n = read(bytes, offset, count);
                if (n < 0) {
                    throw new EOFException(ObjectStoreInputFile.this + " ends at byte " + position + ", "
                            + count + " more bytes expected");
                }
                offset += n;
                count -= n;
            }
        }

        @Override
        public int read(ByteBuffer buffer) throws IOException {
            if (buffer.hasArray()) {
                int n = read(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
                if (n > 0) {
                    buffer.position(buffer.position() + n);
                }
                return n;
            }
            byte[] chunk = new byte[Math.min(buffer.remaining(), 64 << 10)];
            int n = read(chunk, 0, chunk.length);
            if (n > 0) {
                buffer.put(chunk, 0, n);
            }
            return n;
        }

        @Override
        public void readFully(ByteBuffer buffer) throws IOException {
            while (buffer.hasRemaining()) {
                if (read(buffer) < 0) {
                    throw new EOFException(ObjectStoreInputFile.this + " ends at byte " + position + ", "
                            + buffer.remaining() + " more bytes expected");
                }
            }
        }

        @Override
        public void close() throws IOException {
            closeRange();
        }

        private void closeRange() throws IOException {
            if (in != null) {
                InputStream open = in;
                in = null;
                open.close();
            }
        }
    }
}
