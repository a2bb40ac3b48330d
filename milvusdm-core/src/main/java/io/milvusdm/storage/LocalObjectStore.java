package io.milvusdm.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An {@link ObjectStore} on a local folder: key {@code a/b/c.npy} is the file {@code root/a/b/c.npy}. An object is
 * written to a hidden temp file beside its final name, forced to disk and renamed over it on close, so a reader
 * never sees half an object and a crash leaves only a temp file (ignored by {@link #list}).
 */
public final class LocalObjectStore implements ObjectStore {

    static final String TEMP_PREFIX = ".tmp-";

    private final Path root;

    public LocalObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The folder holding the objects. */
    public Path root() {
        return root;
    }

    /** The file of {@code key}: for callers that can read a local file directly. */
    public Path file(String key) throws ObjectStoreException {
        Path file = root.resolve(key).normalize();
        if (key.isEmpty() || key.startsWith("/") || !file.startsWith(root)) {
            throw new ObjectStoreException("key '" + key + "' is not a relative path inside " + root);
        }
        return file;
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public void check(boolean createIfMissing) throws IOException {
        if (!Files.isDirectory(root)) {
            if (!createIfMissing) {
                throw new ObjectStoreException("folder " + root + " does not exist");
            }
            Files.createDirectories(root);
        }
        if (!Files.isWritable(root)) {
            throw new ObjectStoreException("folder " + root + " is not writable");
        }
    }

    @Override
    public OutputStream create(String key) throws IOException {
        Path target = file(key);
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(TEMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        OutputStream file = Channels.newOutputStream(channel);
        return new AbortableOutputStream() {
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                file.write(b);
            }

            @Override
            public void abort() {
                if (closed) {
                    return;
                }
                closed = true;
                try {
                    channel.close();
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // a temp file left behind is ignored by list() and replaced by the next run
                }
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                file.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                try {
                    channel.force(true);
                    channel.close();
                    move(temp, target);
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    Files.deleteIfExists(temp);
                    throw e;
                }
            }
        };
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        Path file = file(key);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new ObjectStoreException("no object '" + key + "' in " + root);
        }
        long size = channel.size();
        if (offset < 0 || length < 0 || offset + length > size) {
            channel.close();
            throw new ObjectStoreException("range " + offset + "+" + length + " is outside object '" + key + "' of "
                    + size + " bytes in " + root);
        }
        channel.position(offset);
        InputStream whole = Channels.newInputStream(channel);
        return new InputStream() {
            private long left = length;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = whole.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = whole.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                whole.close();
            }
        };
    }

    @Override
    public long size(String key) throws IOException {
        try {
            return Files.size(file(key));
        } catch (NoSuchFileException e) {
            throw new ObjectStoreException("no object '" + key + "' in " + root);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        return Files.isRegularFile(file(key));
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        List<ObjectInfo> result = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return result;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                if (file.getFileName().toString().startsWith(TEMP_PREFIX)) {
                    continue;
                }
                String key = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (key.startsWith(prefix)) {
                    result.add(new ObjectInfo(key, Files.size(file)));
                }
            }
        }
        result.sort(java.util.Comparator.comparing(ObjectInfo::key));
        return result;
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(file(key));
    }

    @Override
    public void close() {
    }
}
