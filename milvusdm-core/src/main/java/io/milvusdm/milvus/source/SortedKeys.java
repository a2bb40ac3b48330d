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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A partition's keys, all of them, sorted in a temporary {@link KeyFile} (by a {@link KeySorter}), and cut into
 * pages by one pass over the file: {@code pageRows} keys at a time, a page never ending inside a run of equal
 * keys. The pages cover the whole key space, contiguous and disjoint (the first starts at the smallest key there
 * can be, the last ends at the largest), each with its exact row count, so the same data gives the same pages in
 * every run. Memory does not depend on the number of keys: the file stays on disk until {@link #close}, so that
 * cutting again (another split size) asks the server nothing; on Milvus Lite fetching the keys costs about as
 * much as reading every row. Each page remembers where its keys start in the file, so that a reader can ask for
 * exactly its keys ({@link #filter}).
 */
final class SortedKeys implements Closeable {

    private final KeyKind kind;
    private final Path file;
    private final long rows;
    private final long duplicates;
    /** Where the first key of each page cut so far is in the file. */
    private final Map<KeyRange, Long> pageOffsets = new ConcurrentHashMap<>();

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
        requirePositive(pageRows);
        if (file == null) {
            return List.of();
        }
        try (KeyFile.Reader keys = new KeyFile.Reader(kind, file)) {
            return kind == KeyKind.INT64 ? int64(keys, Long.MAX_VALUE, new Int64Range(Long.MIN_VALUE, Long.MAX_VALUE),
                    pageRows) : varchar(keys, Long.MAX_VALUE, new VarcharRange("", null), pageRows);
        }
    }

    /**
     * {@code page}, one of the pages cut from these keys, cut again into pages of {@code pageRows} keys: the first
     * starts where it starts and the last ends where it ends, so that together they cover it exactly. Each can be
     * read by its keys ({@link #filter}) as the others. Used when a page's answer turns out too large to receive.
     *
     * @throws IllegalArgumentException for a page not cut from these keys
     */
    List<Page> cut(Page page, long pageRows) throws IOException {
        requirePositive(pageRows);
        long offset = offsetOf(page);
        try (KeyFile.Reader keys = new KeyFile.Reader(kind, file, offset)) {
            List<Page> pages = kind == KeyKind.INT64 ? int64(keys, page.count(), (Int64Range) page.range(), pageRows)
                    : varchar(keys, page.count(), (VarcharRange) page.range(), pageRows);
            long found = pages.stream().mapToLong(Page::count).sum();
            if (found != page.count()) {
                throw new IOException("key file " + file + " ends inside page " + page.range().describe());
            }
            return pages;
        }
    }

    private static void requirePositive(long pageRows) {
        if (pageRows <= 0) {
            throw new IllegalArgumentException("pageRows must be positive, got " + pageRows);
        }
    }

    /**
     * The next {@code limit} keys (or all that are left) cut into pages {@code [lo, hi]} within {@code bounds}: a
     * page ends at its last key, the next starts one above it; the first starts at the bounds' start, the last ends
     * at their end.
     */
    private List<Page> int64(KeyFile.Reader keys, long limit, Int64Range bounds, long pageRows) throws IOException {
        List<Page> pages = new ArrayList<>();
        long lo = bounds.lo();
        long last = 0;
        long count = 0;
        long start = 0;
        for (long read = 0; read < limit && keys.next(); read++) {
            long key = KeyFile.int64(keys.key());
            if (count >= pageRows && key != last) {
                pages.add(page(new Int64Range(lo, last), count, start));
                lo = last + 1;
                count = 0;
            }
            if (count == 0) {
                start = keys.keyOffset();
            }
            last = key;
            count++;
        }
        if (count > 0) {
            pages.add(page(new Int64Range(lo, bounds.hi()), count, start));
        }
        return pages;
    }

    /**
     * The next {@code limit} keys (or all that are left) cut into pages {@code [lo, hi)} within {@code bounds}: a
     * page ends before the next page's first key, which starts it; the first starts at the bounds' start, the last
     * ends at their end.
     */
    private List<Page> varchar(KeyFile.Reader keys, long limit, VarcharRange bounds, long pageRows)
            throws IOException {
        List<Page> pages = new ArrayList<>();
        String lo = bounds.lo();
        byte[] last = new byte[64];
        int lastLength = 0;
        long count = 0;
        long start = 0;
        for (long read = 0; read < limit && keys.next(); read++) {
            if (count >= pageRows && KeyFile.compare(keys.key(), keys.length(), last, lastLength) != 0) {
                String hi = KeyFile.varchar(keys.key(), keys.length());
                pages.add(page(new VarcharRange(lo, hi), count, start));
                lo = hi;
                count = 0;
            }
            if (count == 0) {
                start = keys.keyOffset();
            }
            if (keys.length() > last.length) {
                last = new byte[keys.length()];
            }
            System.arraycopy(keys.key(), 0, last, 0, keys.length());
            lastLength = keys.length();
            count++;
        }
        if (count > 0) {
            pages.add(page(new VarcharRange(lo, bounds.hi()), count, start));
        }
        return pages;
    }

    private Page page(KeyRange range, long count, long offset) {
        pageOffsets.put(range, offset);
        return new Page(range, count);
    }

    /**
     * {@code key in [...]} for the distinct keys of {@code page}, one of the pages {@link #cut} returned: on
     * Milvus Lite a query of this form looks the keys up instead of passing over the whole collection.
     *
     * @throws IllegalArgumentException for a page not cut from these keys
     */
    String filter(Page page, String keyField) throws IOException {
        return kind == KeyKind.INT64 ? FilterExpressions.int64In(keyField, int64Keys(page))
                : FilterExpressions.varcharIn(keyField, varcharKeys(page).toArray(new String[0]));
    }

    /**
     * The distinct keys of {@code page}, in order, as {@code Long} or {@code String}: what a read by its keys
     * should return.
     *
     * @throws IllegalArgumentException for a page not cut from these keys
     */
    List<Object> keys(Page page) throws IOException {
        if (kind == KeyKind.INT64) {
            List<Object> keys = new ArrayList<>();
            for (long key : int64Keys(page)) {
                keys.add(key);
            }
            return keys;
        }
        return new ArrayList<>(varcharKeys(page));
    }

    private long[] int64Keys(Page page) throws IOException {
        int count = Math.toIntExact(page.count());
        try (KeyFile.Reader keys = new KeyFile.Reader(kind, file, offsetOf(page))) {
            long[] values = new long[count];
            int distinct = 0;
            for (int i = 0; i < count; i++) {
                long key = KeyFile.int64(next(keys, page));
                if (distinct == 0 || key != values[distinct - 1]) {
                    values[distinct++] = key;
                }
            }
            return Arrays.copyOf(values, distinct);
        }
    }

    private List<String> varcharKeys(Page page) throws IOException {
        int count = Math.toIntExact(page.count());
        try (KeyFile.Reader keys = new KeyFile.Reader(kind, file, offsetOf(page))) {
            List<String> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String key = KeyFile.varchar(next(keys, page), keys.length());
                if (values.isEmpty() || !key.equals(values.get(values.size() - 1))) {
                    values.add(key);
                }
            }
            return values;
        }
    }

    private long offsetOf(Page page) {
        Long offset = pageOffsets.get(page.range());
        if (offset == null) {
            throw new IllegalArgumentException("page " + page.range().describe() + " was not cut from " + this);
        }
        return offset;
    }

    private byte[] next(KeyFile.Reader keys, Page page) throws IOException {
        if (!keys.next()) {
            throw new IOException("key file " + file + " ends inside page " + page.range().describe());
        }
        return keys.key();
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
