package io.milvusdm.milvus.source;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Milvus Lite: the sorted keys of each partition a source reads ({@link LiteKeyScan}), in a temporary directory
 * of their own that {@link #close} deletes, as does the JVM's shutdown when the source was not closed (a job
 * interrupted with Ctrl-C); only a killed process leaves it. Thread-safe for reading once the keys are read.
 */
final class LiteKeys implements Closeable {

    /** The collection's name in the directory's name is cut to this: a file name takes at most 255 bytes. */
    private static final int NAME_CHARS = 64;

    private final Path directory;
    private final Map<String, SortedKeys> partitions = new LinkedHashMap<>();
    private final Thread onShutdown;
    private boolean closed;

    private LiteKeys(Path directory) {
        this.directory = directory;
        this.onShutdown = new Thread(this::deleteQuietly, "milvusdm-keys-cleanup");
        Runtime.getRuntime().addShutdownHook(onShutdown);
    }

    /** A new directory {@code milvusdm-keys-*} in {@code parent}, or in the JVM's temporary directory when null. */
    static LiteKeys create(Path parent, String collection) throws IOException {
        String name = collection.replaceAll("[^A-Za-z0-9_-]", "_");
        String prefix = "milvusdm-keys-" + name.substring(0, Math.min(name.length(), NAME_CHARS)) + "-";
        return new LiteKeys(parent == null ? Files.createTempDirectory(prefix)
                : Files.createTempDirectory(parent, prefix));
    }

    /** Reads and sorts the keys of {@code partition}. */
    SortedKeys read(RangeQueries queries, SourceCollection collection, String partition, SourceMemory memory)
            throws IOException {
        try (KeySorter sorter = new KeySorter(collection.keyKind(), directory, "p" + partitions.size(),
                memory.keySortBytes())) {
            SortedKeys keys = LiteKeyScan.read(queries, collection, partition, sorter, memory.keyChunkBytes());
            partitions.put(partition, keys);
            return keys;
        }
    }

    SortedKeys get(String partition) {
        return partitions.get(partition);
    }

    /** Deletes every file and the directory; once. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        partitions.clear();
        try {
            Runtime.getRuntime().removeShutdownHook(onShutdown);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs, and finds the directory gone
        }
        delete();
    }

    private void delete() throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(directory);
    }

    private void deleteQuietly() {
        try {
            delete();
        } catch (IOException e) {
            System.err.println("milvusdm: could not delete the sorted keys in " + directory + ": " + e.getMessage());
        }
    }
}
