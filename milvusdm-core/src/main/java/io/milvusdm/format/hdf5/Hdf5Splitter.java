package io.milvusdm.format.hdf5;

import io.milvusdm.pipeline.Split;

import java.util.ArrayList;
import java.util.List;

/** Cuts files into row ranges of bounded payload, in file order. */
final class Hdf5Splitter {

    private Hdf5Splitter() {
    }

    /**
     * Every row of every file in exactly one split. A split holds at most {@code maxSplitBytes} of vector
     * payload (at least one row); in a chunked dataset it ends on a chunk boundary when a split spans at least
     * one chunk of rows, so that no two splits decompress the same chunk.
     */
    static List<Split> split(List<Hdf5FileScan> files, long maxSplitBytes) {
        if (maxSplitBytes <= 0) {
            throw new IllegalArgumentException("maxSplitBytes must be positive, got " + maxSplitBytes);
        }
        List<Split> splits = new ArrayList<>();
        for (Hdf5FileScan file : files) {
            long rowsPerSplit = rowsPerSplit(file, maxSplitBytes);
            for (long start = 0; start < file.rows(); start += rowsPerSplit) {
                long count = Math.min(rowsPerSplit, file.rows() - start);
                splits.add(new Hdf5Split(file.index(), file.path(), start, count));
            }
        }
        return splits;
    }

    static long rowsPerSplit(Hdf5FileScan file, long maxSplitBytes) {
        long rows = Math.max(1, maxSplitBytes / file.payloadBytesPerRow());
        if (file.vectors().storage() instanceof Hdf5Storage.Chunked chunked && rows >= chunked.chunkRows()) {
            rows -= rows % chunked.chunkRows();
        }
        return rows;
    }
}
