package io.milvusdm.milvus.source;

import io.milvusdm.milvus.source.KeyRange.Int64Range;
import io.milvusdm.milvus.source.KeyRange.VarcharRange;
import io.milvusdm.milvus.source.MilvusSplit.Page;
import io.milvusdm.pipeline.KeyKind;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A partition's keys, all of them, sorted in a temporary {@link KeyFile} (by a {@link KeySorter}), and cut into
 * pages by one pass over the file: {@code pageRows} keys at a time, a page never ending inside a run of equal
 * keys. The pages cover the whole key space, contiguous and disjoint (the first starts at the smallest key there
 * can be, the last ends at the largest), each with its exact row count, so the same data gives the same pages in
 * every run. Memory does not depend on the number of keys: the file stays on disk until {@link #close}, so that
 * cutting again (another split size) asks the server nothing; on Milvus Lite fetching the keys costs about as
 * much as reading every row.
 */
final class SortedKeys implements Closeable {

    private final KeyKind kind;
    private final Path file;
    private final long rows;
    private final long duplicates;

    /**
     * @param file the keys in order, or null when there are none
     * @param duplicates the keys equal to the key before them
     */
    SortedKeys(KeyKind kind, Path file, long rows, long duplicates) {
        this.kind = kind;
        this.file = file;
        this.rows = rows;
        this.duplicates = duplicates;
    }

    /** How many keys (rows) the partition has. */
    long rows() {
        return rows;
    }

    /** How many keys are equal to another key of the partition (a key held three times counts two). */
    long duplicates() {
        return duplicates;
    }

    /** The pages, in key order; none when there are no keys. */
    List<Page> cut(long pageRows) throws IOException {
        if (pageRows <= 0) {
            throw new IllegalArgumentException("pageRows must be positive, got " + pageRows);
        }
        if (file == null) {
            return List.of();
        }
        try (KeyFile.Reader keys = new KeyFile.Reader(kind, file)) {
            return kind == KeyKind.INT64 ? int64(keys, pageRows) : varchar(keys, pageRows);
        }
    }

    /** Pages {@code [lo, hi]}: a page ends at its last key, the next starts one above it. */
    private static List<Page> int64(KeyFile.Reader keys, long pageRows) throws IOException {
        List<Page> pages = new ArrayList<>();
        long lo = Long.MIN_VALUE;
        long last = 0;
        long count = 0;
        while (keys.next()) {
            long key = KeyFile.int64(keys.key());
            if (count >= pageRows && key != last) {
                pages.add(new Page(new Int64Range(lo, last), count));
                lo = last + 1;
                count = 0;
            }
            last = key;
            count++;
        }
        if (count > 0) {
            pages.add(new Page(new Int64Range(lo, Long.MAX_VALUE), count));
        }
        return pages;
    }

    /** Pages {@code [lo, hi)}: a page ends before the next page's first key, which starts it. */
    private static List<Page> varchar(KeyFile.Reader keys, long pageRows) throws IOException {
        List<Page> pages = new ArrayList<>();
        String lo = "";
        byte[] last = new byte[64];
        int lastLength = 0;
        long count = 0;
        while (keys.next()) {
            if (count >= pageRows && KeyFile.compare(keys.key(), keys.length(), last, lastLength) != 0) {
                String hi = KeyFile.varchar(keys.key(), keys.length());
                pages.add(new Page(new VarcharRange(lo, hi), count));
                lo = hi;
                count = 0;
            }
            if (keys.length() > last.length) {
                last = new byte[keys.length()];
            }
            System.arraycopy(keys.key(), 0, last, 0, keys.length());
            lastLength = keys.length();
            count++;
        }
        if (count > 0) {
            pages.add(new Page(new VarcharRange(lo, null), count));
        }
        return pages;
    }

    /** Deletes the file. */
    @Override
    public void close() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }

    @Override
    public String toString() {
        return rows + " " + kind + " keys" + (file == null ? "" : " in " + file);
    }

    /** For tests: the keys as the file holds them, decoded. */
    List<Object> keys() throws IOException {
        List<Object> keys = new ArrayList<>();
        if (file != null) {
            try (KeyFile.Reader reader = new KeyFile.Reader(kind, file)) {
                while (reader.next()) {
                    keys.add(kind == KeyKind.INT64 ? (Object) KeyFile.int64(reader.key())
                            : KeyFile.varchar(reader.key(), reader.length()));
                }
            }
        }
        return keys;
    }
}
