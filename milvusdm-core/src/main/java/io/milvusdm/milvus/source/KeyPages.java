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
 * Cuts a partition into pages from all its keys at once: sorted, then taken {@code pageRows} at a time, a page
 * never ending inside a run of equal keys. The pages cover the whole key space, contiguous and disjoint (the first
 * starts at the smallest key there can be, the last ends at the largest), each with its exact row count, so the
 * same data gives the same pages in every run.
 */
final class KeyPages {

    private KeyPages() {
    }

    static List<Page> cut(FieldData keys, long pageRows) {
        if (keys.getScalars().hasStringData()) {
            String[] values = keys.getScalars().getStringData().getDataList().toArray(new String[0]);
            Arrays.sort(values, VarcharKeys::compare);
            return varchar(values, pageRows);
        }
        Internal.LongList list = (Internal.LongList) keys.getScalars().getLongData().getDataList();
        long[] values = new long[list.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = list.getLong(i);
        }
        Arrays.sort(values);
        return int64(values, pageRows);
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
