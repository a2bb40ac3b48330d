package io.milvusdm.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A minimal folder-backed {@link ObjectStore} for unit tests of code that reads and writes through the contract
 * (the product's LocalObjectStore lives with dump/load). No atomic publish: tests do not need it.
 */
public final class FolderStore implements ObjectStore {

    private final Path root;

    public FolderStore(Path root) {
        this.root = root;
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public void check(boolean createIfMissing) throws IOException {
        Files.createDirectories(root);
    }

    @Override
    public OutputStream create(String key) throws IOException {
        Path file = root.resolve(key);
        Files.createDirectories(file.getParent());
        return Files.newOutputStream(file);
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        try {
            SeekableByteChannel channel = Files.newByteChannel(root.resolve(key));
            channel.position(offset);
            InputStream in = Channels.newInputStream(channel);
            return new java.io.FilterInputStream(in) {
                private long left = length;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int b = super.read();
                    left--;
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = super.read(b, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }
            };
        } catch (NoSuchFileException e) {
            throw new ObjectStoreException("no object '" + key + "' in " + describe());
        }
    }

    @Override
    public long size(String key) throws IOException {
        try {
            return Files.size(root.resolve(key));
        } catch (NoSuchFileException e) {
            throw new ObjectStoreException("no object '" + key + "' in " + describe());
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(root.resolve(key));
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        List<ObjectInfo> objects = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String key = root.relativize(file).toString().replace('\\', '/');
                if (key.startsWith(prefix)) {
                    objects.add(new ObjectInfo(key, Files.size(file)));
                }
            }
        }
        objects.sort(Comparator.comparing(ObjectInfo::key));
        return objects;
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(root.resolve(key));
    }

    @Override
    public void close() {
    }
}
