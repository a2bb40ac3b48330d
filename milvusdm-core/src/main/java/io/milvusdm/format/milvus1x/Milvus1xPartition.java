package io.milvusdm.format.milvus1x;

import java.util.List;

/**
 * One partition of a Milvus 1.x collection as its meta describes it: the collection's own table (tag
 * {@value Milvus1xSource#DEFAULT_PARTITION}) or a partition table ({@code owner_table} = the collection).
 *
 * @param tag the partition tag
 * @param tableId the partition's {@code Tables.table_id}, the directory under {@code db/tables/}
 * @param dimension floats, or bits for binary metrics
 * @param metric the table's metric
 * @param version the Milvus version that created the table ({@code Tables.version})
 * @param segments the segments holding raw rows, in {@code segment_id} order
 */
public record Milvus1xPartition(String tag, String tableId, int dimension, Milvus1xMetric metric, String version,
                                List<Segment> segments) {

    public Milvus1xPartition {
        segments = List.copyOf(segments);
    }

    /**
     * A {@code TableFiles} row of a raw-data file type.
     *
     * @param segmentId the segment's directory and file stem
     * @param fileType 1 RAW, 2 TO_INDEX or 7 BACKUP
     * @param rowCount live rows: Milvus lowers it as it applies deletes
     */
    public record Segment(String segmentId, int fileType, long rowCount) {
    }
}
