package io.milvusdm.format.faiss;

import io.milvusdm.format.BinaryInput;

import java.io.IOException;
import java.util.Arrays;

/**
 * The duplicates of an IVFFlatDedup index, ready to read: for each (stored id, duplicate id) pair, the duplicate
 * id and where the stored id's vector is. Built at open by one pass over the lists' ids (8 bytes a row).
 *
 * @param ids the duplicate ids, in table order
 * @param vectorOffsets where each duplicate's vector is, in the plan's data file
 */
record DedupTable(long[] ids, long[] vectorOffsets) {

    /** Java arrays cap the table; a larger one is reported as unsupported, not allocated. */
    static final long MAX_PAIRS = 1L << 28;

    static DedupTable load(FaissReadPlan plan, BinaryInput index, BinaryInput data) throws IOException {
        Section table = plan.dedupInstances();
        int n = (int) (table.length() / 16);
        long[] pairs = new long[2 * n];
        index.readLongs(table.offset(), pairs, 0, pairs.length);
        long[] stored = new long[n];
        long[] dups = new long[n];
        for (int i = 0; i < n; i++) {
            stored[i] = pairs[2 * i];
            dups[i] = pairs[2 * i + 1];
        }
        long[] distinct = Arrays.stream(stored).sorted().distinct().toArray();
        long[] found = locate(plan, data, distinct);
        long[] offsets = new long[n];
        for (int i = 0; i < n; i++) {
            long at = found[Arrays.binarySearch(distinct, stored[i])];
            if (at < 0) {
                throw index.error("duplicate id " + dups[i] + " copies id " + stored[i] + ", which no list holds",
                        table.offset() + 16L * i);
            }
            offsets[i] = at;
        }
        return new DedupTable(dups, offsets);
    }

    /** For each sorted stored id, the offset of its vector in the lists (the first holding it), or -1. */
    private static long[] locate(FaissReadPlan plan, BinaryInput data, long[] distinct) throws IOException {
        long[] found = new long[distinct.length];
        Arrays.fill(found, -1);
        long[] chunk = new long[1 << 14];
        for (int k = 0; k < plan.blockCount(); k++) {
            for (long row = 0; row < plan.rows()[k]; row += chunk.length) {
                int count = (int) Math.min(chunk.length, plan.rows()[k] - row);
                data.readLongs(plan.idOffsets()[k] + row * Long.BYTES, chunk, 0, count);
                for (int j = 0; j < count; j++) {
                    int i = Arrays.binarySearch(distinct, chunk[j]);
                    if (i >= 0 && found[i] < 0) {
                        found[i] = plan.codeOffsets()[k] + (row + j) * plan.rowBytes();
                    }
                }
            }
        }
        return found;
    }
}
