package io.milvusdm.milvus.source;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Milvus Lite: the sorted keys of each partition a source reads ({@link LiteKeyScan}), in a temporary directory
 * of their own that {@link #close} deletes. Thread-safe for reading once the keys are read.
 */
final class LiteKeys implements Closeable {

    private final Path directory;
    private final Map<String, SortedKeys> partitions = new LinkedHashMap<>();

    private LiteKeys(Path directory) {
        this.directory = directory;
    }

    /** A new directory {@code milvusdm-keys-*} in {@code parent}, or in the JVM's temporary directory when null. */
    static LiteKeys create(Path parent, String collection) throws IOException {
        String prefix = "milvusdm-keys-" + collection.replaceAll("[^A-Za-z0-9_-]", "_") + "-";
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

    /** Deletes every file and the directory. */
    @Override
    public void close() throws IOException {
        partitions.clear();
        try (var files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(directory);
    }
}
