package io.milvusdm.milvus.source;

import com.google.protobuf.Internal;
import io.milvus.grpc.FieldData;
import io.milvusdm.milvus.source.KeyRange.Int64Range;
import io.milvusdm.milvus.source.KeyRange.VarcharRange;
import io.milvusdm.milvus.source.MilvusSplit.Page;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A partition's keys, all of them, sorted once, and cut into pages: taken {@code pageRows} at a time, a page never
 * ending inside a run of equal keys. The pages cover the whole key space, contiguous and disjoint (the first starts
 * at the smallest key there can be, the last ends at the largest), each with its exact row count, so the same data
 * gives the same pages in every run. Held for the source's life (8 bytes a row for INT64 keys), so that counting
 * the partition and cutting it again (another split size) ask the server nothing more: on Milvus Lite fetching the
 * keys costs about as much as reading every row.
 */
final class KeyPages {

    private final long[] int64;
    private final String[] varchar;

    private KeyPages(long[] int64, String[] varchar) {
        this.int64 = int64;
        this.varchar = varchar;
    }

    /** The keys as a query returned them, in any order. */
    static KeyPages of(FieldData keys) {
        if (keys.getScalars().hasStringData()) {
            String[] values = keys.getScalars().getStringData().getDataList().toArray(new String[0]);
            Arrays.sort(values, VarcharKeys::compare);
            return new KeyPages(null, values);
        }
        Internal.LongList list = (Internal.LongList) keys.getScalars().getLongData().getDataList();
        long[] values = new long[list.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = list.getLong(i);
        }
        Arrays.sort(values);
        return new KeyPages(values, null);
    }

    /** How many keys (rows) the partition has. */
    long rows() {
        return int64 != null ? int64.length : varchar.length;
    }

    List<Page> cut(long pageRows) {
        return int64 != null ? int64(int64, pageRows) : varchar(varchar, pageRows);
    }

    /**
     * The keys within {@code range} cut into pages of {@code pageRows} as {@link #cut(long)} does, the first
     * starting where the range starts and the last ending where it ends: a page of {@link #cut(long)} read in
     * smaller parts, counted by the keys, with no query.
     */
    List<Page> cut(KeyRange range, long pageRows) {
        List<Page> pages;
        if (range instanceof Int64Range longs) {
            int from = lowerBound(longs.lo());
            int to = longs.hi() == Long.MAX_VALUE ? int64.length : lowerBound(longs.hi() + 1);
            pages = new ArrayList<>(int64(Arrays.copyOfRange(int64, from, to), pageRows));
            if (!pages.isEmpty()) {
                Page first = pages.get(0);
                pages.set(0, new Page(new Int64Range(longs.lo(), ((Int64Range) first.range()).hi()), first.count()));
                Page last = pages.get(pages.size() - 1);
                pages.set(pages.size() - 1, new Page(new Int64Range(((Int64Range) last.range()).lo(), longs.hi()),
                        last.count()));
            }
        } else {
            VarcharRange strings = (VarcharRange) range;
            int from = lowerBound(strings.lo());
            int to = strings.hi() == null ? varchar.length : lowerBound(strings.hi());
            pages = new ArrayList<>(varchar(Arrays.copyOfRange(varchar, from, to), pageRows));
            if (!pages.isEmpty()) {
                Page first = pages.get(0);
                pages.set(0, new Page(new VarcharRange(strings.lo(), ((VarcharRange) first.range()).hi()),
                        first.count()));
                Page last = pages.get(pages.size() - 1);
                pages.set(pages.size() - 1, new Page(new VarcharRange(((VarcharRange) last.range()).lo(),
                        strings.hi()), last.count()));
            }
        }
        return pages;
    }

    /** The index of the first INT64 key at least {@code key}. */
    private int lowerBound(long key) {
        int lo = 0;
        int hi = int64.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (int64[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The index of the first VARCHAR key at least {@code key}, in code point order. */
    private int lowerBound(String key) {
        int lo = 0;
        int hi = varchar.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (VarcharKeys.compare(varchar[mid], key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static List<Page> int64(long[] sorted, long pageRows) {
        List<Page> pages = new ArrayList<>();
        int n = sorted.length;
        long lo = Long.MIN_VALUE;
        for (int from = 0; from < n; ) {
            int to = (int) Math.min(n, from + pageRows);
            while (to < n && sorted[to] == sorted[to - 1]) {
                to++;
            }
            long hi = to == n ? Long.MAX_VALUE : sorted[to - 1];
            pages.add(new Page(new Int64Range(lo, hi), to - from));
            if (to < n) {
                lo = hi + 1;
            }
            from = to;
        }
        return pages;
    }

    static List<Page> varchar(String[] sorted, long pageRows) {
        List<Page> pages = new ArrayList<>();
        int n = sorted.length;
        String lo = "";
        for (int from = 0; from < n; ) {
            int to = (int) Math.min(n, from + pageRows);
            while (to < n && sorted[to].equals(sorted[to - 1])) {
                to++;
            }
            String hi = to == n ? null : sorted[to];
            pages.add(new Page(new VarcharRange(lo, hi), to - from));
            lo = hi;
            from = to;
        }
        return pages;
    }
}
