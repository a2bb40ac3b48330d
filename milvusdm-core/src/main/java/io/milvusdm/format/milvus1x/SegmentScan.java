package io.milvusdm.format.milvus1x;

import io.milvusdm.format.BinaryInput;
import io.milvusdm.format.FormatException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A segment's files, checked before any row moves: each starts with its payload byte count and must hold
 * exactly that; the {@code .rv} payload is whole rows, the {@code .uid} payload one int64 per row, every
 * {@code deleted_docs} offset a row of the segment, and the rows left after deletes the meta's {@code row_count}.
 *
 * @param partition the partition the segment belongs to
 * @param segment the segment's meta entry
 * @param rv the vectors file
 * @param uid the ids file
 * @param storedRows the rows in the files, deleted ones included
 * @param skipped the offsets of the rows not read, ascending and distinct: those deleted in Milvus
 *     ({@code deleted_docs}), then also those whose id a {@link DuplicateIds} policy dropped
 *     ({@link #withSkipped})
 */
record SegmentScan(Milvus1xPartition partition, Milvus1xPartition.Segment segment, Path rv, Path uid,
                   long storedRows, int[] skipped) {

    static final int HEADER_BYTES = Long.BYTES;

    static SegmentScan scan(Path tablesDir, Milvus1xPartition partition, Milvus1xPartition.Segment segment,
                            long rowBytes) throws IOException {
        Path dir = tablesDir.resolve(partition.tableId()).resolve(segment.segmentId());
        Path rv = dir.resolve(segment.segmentId() + ".rv");
        long rvBytes = payloadBytes(rv, partition, segment);
        if (rvBytes % rowBytes != 0) {
            throw new FormatException("vectors payload of " + rvBytes + " bytes is not a whole number of rows of "
                    + rowBytes + " bytes (" + partition.metric() + ", dimension " + partition.dimension() + ")", rv, 0);
        }
        long storedRows = rvBytes / rowBytes;
        Path uid = dir.resolve(segment.segmentId() + ".uid");
        long uidBytes = payloadBytes(uid, partition, segment);
        if (uidBytes != storedRows * Long.BYTES) {
            throw new FormatException("expected " + storedRows + " ids x 8 = " + storedRows * Long.BYTES
                    + " payload bytes for the rows of " + rv.getFileName() + ", found " + uidBytes, uid, 0);
        }
        int[] deleted = deletedOffsets(dir.resolve("deleted_docs"), partition, segment, storedRows);
        long live = storedRows - deleted.length;
        if (live != segment.rowCount()) {
            throw new FormatException("the meta gives segment " + segment.segmentId() + " of table '"
                    + partition.tableId() + "' " + segment.rowCount() + " rows, its files hold " + storedRows
                    + " rows less " + deleted.length + " deleted = " + live, rv, -1);
        }
        return new SegmentScan(partition, segment, rv, uid, storedRows, deleted);
    }

    /** Checks the 8-byte header against the file size and returns the payload byte count. */
    private static long payloadBytes(Path file, Milvus1xPartition partition, Milvus1xPartition.Segment segment)
            throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new FormatException("missing segment file: the meta lists segment " + segment.segmentId()
                    + " of table '" + partition.tableId() + "' (file type " + segment.fileType() + ", "
                    + segment.rowCount() + " rows)", file, -1);
        }
        try (BinaryInput in = BinaryInput.open(file)) {
            if (in.size() < HEADER_BYTES) {
                throw in.error("file of " + in.size() + " bytes is shorter than its 8-byte header", 0);
            }
            long header = in.readLong();
            long found = in.size() - HEADER_BYTES;
            if (header != found) {
                throw in.error("header gives " + Long.toUnsignedString(header) + " payload bytes, the file holds "
                        + in.size() + " - 8 = " + found, 0);
            }
            return header;
        }
    }

    private static int[] deletedOffsets(Path file, Milvus1xPartition partition, Milvus1xPartition.Segment segment,
                                        long storedRows) throws IOException {
        long bytes = payloadBytes(file, partition, segment);
        if (bytes % Integer.BYTES != 0) {
            throw new FormatException("payload of " + bytes + " bytes is not a whole number of int32 row offsets",
                    file, 0);
        }
        int[] offsets = new int[Math.toIntExact(bytes / Integer.BYTES)];
        try (BinaryInput in = BinaryInput.open(file)) {
            in.seek(HEADER_BYTES);
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = in.readInt();
                if (offsets[i] < 0 || offsets[i] >= storedRows) {
                    throw in.error("deleted row offset " + offsets[i] + " is outside the segment's " + storedRows
                            + " rows", HEADER_BYTES + (long) i * Integer.BYTES);
                }
            }
        }
        // Milvus appends offsets as deletes arrive, unordered; a row deleted twice is still one row less.
        return Arrays.stream(offsets).sorted().distinct().toArray();
    }

    /** The stable key of this segment: its table and segment id. */
    String key() {
        return key(partition.tableId(), segment.segmentId());
    }

    static String key(String tableId, String segmentId) {
        return tableId + "/" + segmentId;
    }

    /** The rows read from this segment: stored rows less skipped ones. */
    long liveRows() {
        return storedRows - skipped.length;
    }

    /** This segment with {@code more} (row offsets, any order) skipped too. */
    SegmentScan withSkipped(int[] more) {
        int[] merged = IntStream.concat(Arrays.stream(skipped), Arrays.stream(more)).sorted().distinct().toArray();
        return new SegmentScan(partition, segment, rv, uid, storedRows, merged);
    }

    /** How many skipped offsets lie in the stored rows {@code [from, to)}. */
    long deletedIn(long from, long to) {
        return firstDeletedAtOrAfter(to) - firstDeletedAtOrAfter(from);
    }

    /** The index in {@link #skipped} of the first offset at or after {@code row}. */
    int firstDeletedAtOrAfter(long row) {
        if (row > Integer.MAX_VALUE) {
            return skipped.length;
        }
        int at = Arrays.binarySearch(skipped, (int) row);
        return at >= 0 ? at : -at - 1;
    }
}
