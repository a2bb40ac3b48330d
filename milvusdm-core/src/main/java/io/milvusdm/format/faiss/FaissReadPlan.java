package io.milvusdm.format.faiss;

import io.milvusdm.pipeline.VectorType;

import java.nio.file.Path;

/**
 * Where the exact vectors of a file are, as blocks of consecutive stored rows: one block for flat storage, one
 * per non-empty inverted list or hash bucket. Block k holds {@code rows[k]} vectors of {@code rowBytes} bytes at
 * {@code codeOffsets[k]} and their ids at {@code idOffsets[k]}, or, when that is -1, positional ids starting at
 * {@code firstPositions[k]}. Raw ids go through the id map when there is one.
 *
 * @param dataFile the file the blocks are in (the index, or an on-disk lists' data file)
 * @param idMap the id map's section in the index file, or {@code null}
 * @param dedupInstances the (stored id, duplicate id) table of an IVFFlatDedup index, or {@code null}
 * @param listNos the list number of each block of an IVF index (for residual codes), else {@code null}
 * @param coded how the rows decode to vectors of {@code dimension} floats, or {@code null} when they are the
 *     vectors themselves ({@code rowBytes} each)
 */
record FaissReadPlan(VectorType type, int dimension, long rowBytes, Path dataFile, long[] rows, long[] codeOffsets,
                     long[] idOffsets, long[] firstPositions, Section idMap, Section dedupInstances, IdOrigin ids,
                     int[] listNos, CodedRows coded) {

    int blockCount() {
        return rows.length;
    }

    long totalRows() {
        long total = 0;
        for (long n : rows) {
            total += n;
        }
        return total;
    }

    static FaissReadPlan rows(VectorType type, int dimension, long rowBytes, Path file, long ntotal, Section vectors) {
        long[] rows = ntotal == 0 ? new long[0] : new long[] {ntotal};
        long[] offsets = ntotal == 0 ? new long[0] : new long[] {vectors.offset()};
        long[] ids = ntotal == 0 ? new long[0] : new long[] {-1};
        return new FaissReadPlan(type, dimension, rowBytes, file, rows, offsets, ids, new long[rows.length], null,
                null, IdOrigin.POSITIONAL, null, null);
    }

    static FaissReadPlan lists(VectorType type, int dimension, Path indexFile, InvertedLists lists,
                               Section dedupInstances) {
        int n = lists.count();
        long[] rows = new long[n];
        long[] codes = new long[n];
        long[] ids = new long[n];
        int[] listNos = new int[n];
        for (int k = 0; k < n; k++) {
            listNos[k] = lists.listNo(k);
            rows[k] = lists.size(k);
            codes[k] = lists.codes(k).offset();
            ids[k] = lists.ids(k).offset();
        }
        Path file = lists.dataFile() != null ? lists.dataFile() : indexFile;
        return new FaissReadPlan(type, dimension, lists.codeSize(), file, rows, codes, ids, new long[n], null,
                dedupInstances, IdOrigin.IVF_LISTS, listNos, null);
    }

    /** This plan's rows decoded as {@code rows} say; the dimension becomes the decoded one. */
    FaissReadPlan decodedAs(CodedRows rows) {
        return new FaissReadPlan(VectorType.FLOAT_VECTOR, rows.outerD(), rows.rowBytes(), dataFile, this.rows,
                codeOffsets, idOffsets, firstPositions, idMap, dedupInstances, ids, listNos, rows);
    }

    FaissReadPlan withIdMap(Section map) {
        return new FaissReadPlan(type, dimension, rowBytes, dataFile, rows, codeOffsets, idOffsets, firstPositions,
                map, dedupInstances, IdOrigin.ID_MAP, listNos, coded);
    }
}
