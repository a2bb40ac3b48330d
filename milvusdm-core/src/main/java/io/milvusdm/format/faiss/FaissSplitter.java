package io.milvusdm.format.faiss;

import io.milvusdm.pipeline.Split;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a file's blocks into splits of bounded vector payload, in block order, each row in exactly one split. Row
 * ranges of a big block start at multiples of {@code align} rows (fast-scan codes are packed in blocks of that
 * many rows), so a split may exceed the bound by less than one such block when a block alone exceeds it.
 */
final class FaissSplitter {

    private FaissSplitter() {
    }

    /**
     * @param rows the rows of each block
     * @param rowBytes the vector bytes of one row
     * @param align the rows a range of a block must start at a multiple of (1: any row)
     */
    static List<Split> split(Path file, long[] rows, long rowBytes, int align, long maxSplitBytes) {
        if (maxSplitBytes <= 0) {
            throw new IllegalArgumentException("maxSplitBytes must be positive, got " + maxSplitBytes);
        }
        long rowsPerSplit = Math.max(1, maxSplitBytes / rowBytes);
        rowsPerSplit = Math.max(align, rowsPerSplit - rowsPerSplit % align);
        List<Split> splits = new ArrayList<>();
        int groupStart = -1;
        long groupRows = 0;
        for (int k = 0; k < rows.length; k++) {
            if (groupStart >= 0 && groupRows + rows[k] > rowsPerSplit) {
                splits.add(new FaissSplit(file, groupStart, k - groupStart, 0, groupRows));
                groupStart = -1;
                groupRows = 0;
            }
            if (rows[k] > rowsPerSplit) {
                for (long start = 0; start < rows[k]; start += rowsPerSplit) {
                    splits.add(new FaissSplit(file, k, 1, start, Math.min(rowsPerSplit, rows[k] - start)));
                }
            } else if (rows[k] > 0) {
                groupStart = groupStart < 0 ? k : groupStart;
                groupRows += rows[k];
            }
        }
        if (groupStart >= 0) {
            splits.add(new FaissSplit(file, groupStart, rows.length - groupStart, 0, groupRows));
        }
        return splits;
    }
}
