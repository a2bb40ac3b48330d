package io.milvusdm.milvus.source;

import io.milvusdm.pipeline.KeyKind;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Sorts the keys of one partition in bounded memory, whatever their number: an external merge sort. Keys are
 * gathered until they take {@code memoryBytes}, sorted and written to a run ({@link KeyFile}); {@link #finish}
 * merges the runs, at most {@link #FAN_IN} at a time, into one sorted file, counting equal keys on the way.
 * Keys that fit in memory go to the sorted file at once. Disk: the keys' byte form (8 bytes an INT64 key,
 * 4 + its UTF-8 a VARCHAR key), twice while runs are merged.
 *
 * <p>Not thread-safe. {@link #close} deletes the runs left behind by a sort that did not finish.
 */
final class KeySorter implements Closeable {

    /** Runs merged at once: each costs one read buffer. */
    static final int FAN_IN = 64;
    /** What a VARCHAR key held in memory costs besides its UTF-8: the array's header, padding, the list's reference. */
    private static final int VARCHAR_OVERHEAD = 32;
    private static final int FIRST_CAPACITY = 1024;

    private final KeyKind kind;
    private final Path directory;
    private final String name;
    private final long memoryBytes;
    private long[] int64 = new long[0];
    private int int64Count;
    private final List<byte[]> varchar = new ArrayList<>();
    private long varcharBytes;
    private final Deque<Path> runs = new ArrayDeque<>();
    private int files;
    private int spills;
    private long rows;

    /**
     * @param directory where the runs and the sorted file go
     * @param name what the files are named after, unique in {@code directory}
     * @param memoryBytes the most bytes the keys gathered before a run is written may take
     */
    KeySorter(KeyKind kind, Path directory, String name, long memoryBytes) {
        if (memoryBytes < Long.BYTES) {
            throw new IllegalArgumentException("a key sort needs room for one key, got " + memoryBytes + " bytes");
        }
        this.kind = kind;
        this.directory = directory;
        this.name = name;
        this.memoryBytes = memoryBytes;
    }

    /** Adds an INT64 key. */
    void add(long key) throws IOException {
        if (int64Count == int64.length) {
            long capacity = memoryBytes / Long.BYTES;
            if (int64.length >= capacity) {
                spill();
            } else {
                int64 = Arrays.copyOf(int64, (int) Math.min(capacity, Math.max(FIRST_CAPACITY, 2L * int64.length)));
            }
        }
        int64[int64Count++] = key;
        rows++;
    }

    /** Adds a VARCHAR key. */
    void add(String key) throws IOException {
        byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
        long cost = utf8.length + VARCHAR_OVERHEAD;
        if (!varchar.isEmpty() && varcharBytes + cost > memoryBytes) {
            spill();
        }
        varchar.add(utf8);
        varcharBytes += cost;
        rows++;
    }

    /** The keys added so far. */
    long rows() {
        return rows;
    }

    /** Runs written so far: for tests, to show that a sort spilled. */
    int runsWritten() {
        return spills;
    }

    /** Sorts what was added into one file; the sorter holds nothing afterwards. */
    SortedKeys finish() throws IOException {
        if (rows == 0) {
            return new SortedKeys(kind, null, 0, 0);
        }
        Path sorted = file("sorted");
        Counting out = new Counting(new KeyFile.Writer(kind, sorted));
        try (out) {
            if (runs.isEmpty()) {
                writeSorted(out);
            } else {
                spill();
                while (runs.size() > FAN_IN) {
                    Path merged = file("run");
                    try (KeyFile.Writer writer = new KeyFile.Writer(kind, merged)) {
                        runs.addLast(merged);
                        merge(FAN_IN, writer::write);
                    }
                }
                merge(runs.size(), out::write);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(sorted);
            throw e;
        }
        if (out.rows != rows) {
            throw new IOException("sorting the keys in " + directory + " lost keys: " + rows + " added, "
                    + out.rows + " sorted");
        }
        return new SortedKeys(kind, sorted, out.rows, out.duplicates);
    }

    /** Sorts the keys in memory and writes them to a new run. */
    private void spill() throws IOException {
        Path run = file("run");
        try (KeyFile.Writer writer = new KeyFile.Writer(kind, run)) {
            runs.addLast(run);
            spills++;
            writeSorted(writer::write);
        }
    }

    private void writeSorted(Sink out) throws IOException {
        if (kind == KeyKind.INT64) {
            Arrays.sort(int64, 0, int64Count);
            byte[] key = new byte[Long.BYTES];
            for (int i = 0; i < int64Count; i++) {
                long flipped = int64[i] ^ Long.MIN_VALUE;
                for (int b = 0; b < Long.BYTES; b++) {
                    key[b] = (byte) (flipped >>> (56 - 8 * b));
                }
                out.write(key, Long.BYTES);
            }
            int64Count = 0;
        } else {
            varchar.sort(Arrays::compareUnsigned);
            for (byte[] key : varchar) {
                out.write(key, key.length);
            }
            varchar.clear();
            varcharBytes = 0;
        }
    }

    /** Merges the first {@code count} runs into {@code out} and deletes them. */
    private void merge(int count, Sink out) throws IOException {
        PriorityQueue<KeyFile.Reader> heads = new PriorityQueue<>(count,
                (a, b) -> KeyFile.compare(a.key(), a.length(), b.key(), b.length()));
        List<KeyFile.Reader> open = new ArrayList<>(count);
        List<Path> merged = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                Path run = runs.removeFirst();
                merged.add(run);
                KeyFile.Reader reader = new KeyFile.Reader(kind, run);
                open.add(reader);
                if (reader.next()) {
                    heads.add(reader);
                }
            }
            while (!heads.isEmpty()) {
                KeyFile.Reader head = heads.poll();
                out.write(head.key(), head.length());
                if (head.next()) {
                    heads.add(head);
                }
            }
        } finally {
            for (KeyFile.Reader reader : open) {
                reader.close();
            }
            for (Path run : merged) {
                Files.deleteIfExists(run);
            }
        }
    }

    private Path file(String kindOfFile) {
        return directory.resolve(name + "-" + kindOfFile + "-" + files++ + ".keys");
    }

    /** Deletes the runs not merged yet, and forgets the keys held. */
    @Override
    public void close() throws IOException {
        int64 = new long[0];
        int64Count = 0;
        varchar.clear();
        while (!runs.isEmpty()) {
            Files.deleteIfExists(runs.removeFirst());
        }
    }

    /** Where sorted keys go. */
    @FunctionalInterface
    private interface Sink {
        void write(byte[] key, int length) throws IOException;
    }

    /** The sorted file's writer, counting keys and keys equal to the one before. */
    private static final class Counting implements Sink, Closeable {
        private final KeyFile.Writer writer;
        private byte[] last = new byte[64];
        private int lastLength = -1;
        private long rows;
        private long duplicates;

        Counting(KeyFile.Writer writer) {
            this.writer = writer;
        }

        @Override
        public void write(byte[] key, int length) throws IOException {
            if (lastLength >= 0 && KeyFile.compare(key, length, last, lastLength) == 0) {
                duplicates++;
            } else {
                if (length > last.length) {
                    last = new byte[length];
                }
                System.arraycopy(key, 0, last, 0, length);
                lastLength = length;
            }
            writer.write(key, length);
            rows++;
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }
}
