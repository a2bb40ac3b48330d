package io.milvusdm.format.hdf5;

import io.jhdf.HdfFile;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Open jhdf files that readers of chunked datasets share, counted so that a file closes when its last reader
 * does (a directory of thousands of files does not hold thousands of handles).
 *
 * <p>Sharing one {@link HdfFile} between threads is safe for what readers do, {@code getRawChunkBuffer} and
 * {@code getDecompressedChunk}: jhdf reads the backing file only with positional {@code FileChannel.read}/{@code
 * map}, builds its lazy state (children, chunk index, filter pipeline) with commons-lang3 {@code
 * LazyInitializer}, and itself decodes the chunks of one dataset from a parallel stream
 * ({@code ChunkedDatasetBase.getDataBuffer}). Sharing also builds a file's chunk index once rather than once
 * per split.
 */
final class SharedHdfFiles implements Closeable {

    private final Map<Path, Entry> open = new HashMap<>();

    private static final class Entry {
        final HdfFile hdf;
        int users;

        Entry(HdfFile hdf) {
            this.hdf = hdf;
        }
    }

    synchronized HdfFile acquire(Path file) throws IOException {
        Entry entry = open.get(file);
        if (entry == null) {
            entry = new Entry(Hdf5Files.open(file));
            open.put(file, entry);
        }
        entry.users++;
        return entry.hdf;
    }

    synchronized void release(Path file) {
        Entry entry = open.get(file);
        if (entry != null && --entry.users == 0) {
            open.remove(file);
            entry.hdf.close();
        }
    }

    @Override
    public synchronized void close() {
        List<Entry> entries = new ArrayList<>(open.values());
        open.clear();
        for (Entry entry : entries) {
            entry.hdf.close();
        }
    }
}
