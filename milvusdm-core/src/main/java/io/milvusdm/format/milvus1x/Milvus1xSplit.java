package io.milvusdm.format.milvus1x;

import io.milvusdm.pipeline.Split;

import java.util.Objects;

/**
 * A range of one segment's stored rows (deleted ones included, so that the range, and the id, do not move when
 * nothing changes) and the live rows it yields.
 *
 * @param partitionTag the partition the rows belong to, for a sink that keeps partitions
 * @param tableId the partition's table
 * @param segmentId the segment
 * @param startRow the first stored row of the range
 * @param storedRows the stored rows in the range
 * @param rowCount the rows the range yields: stored rows less deleted ones
 */
public record Milvus1xSplit(String partitionTag, String tableId, String segmentId, long startRow, long storedRows,
                            long rowCount) implements Split {

    public Milvus1xSplit {
        Objects.requireNonNull(partitionTag, "partitionTag");
        Objects.requireNonNull(tableId, "tableId");
        Objects.requireNonNull(segmentId, "segmentId");
        if (startRow < 0 || storedRows <= 0 || rowCount <= 0 || rowCount > storedRows) {
            throw new IllegalArgumentException("invalid split of segment " + segmentId + ": stored rows " + startRow
                    + "+" + storedRows + ", live rows " + rowCount);
        }
    }

    /** {@code milvus1x:<tableId>:<segmentId>:<startRow>+<storedRows>}: stable across runs of the same job. */
    @Override
    public String id() {
        return "milvus1x:" + tableId + ":" + segmentId + ":" + startRow + "+" + storedRows;
    }

    public long endRow() {
        return startRow + storedRows;
    }
}
