package io.milvusdm.format.milvus1x;

import io.milvusdm.format.BinaryInput;
import io.milvusdm.pipeline.ArrayPool;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorColumn;
import io.milvusdm.pipeline.VectorType;

import java.io.IOException;

/**
 * Reads one {@link Milvus1xSplit} with positional reads of its segment's {@code .rv} and {@code .uid}. A batch is
 * a run of stored rows holding at most the batch's live rows: a run without deletes is read straight into the
 * batch arrays; a run with deletes is read into scratch arrays (kept for the next run) and its live rows copied
 * over, so a delete costs no extra read. A run spans at most twice a batch's rows, which bounds the scratch
 * arrays when long stretches are deleted. "Deleted" here means every stored row not read: deleted in Milvus, or a
 * repeated id dropped by the source's {@link DuplicateIds} policy ({@link SegmentScan#skipped()}).
 */
final class Milvus1xBatchReader implements BatchReader {

    /** The largest Java array the JVM reliably allocates. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final Milvus1xSplit split;
    private final SegmentScan segment;
    private final boolean floats;
    private final int dimension;
    private final int rowElements;
    private final int rowBytes;
    private final int rowsPerBatch;
    private final ArrayPool arrays;
    private final BinaryInput rv;
    private final BinaryInput uid;
    private Object scratchVectors;
    private long[] scratchIds;
    private long nextRow;
    private long liveLeft;

    private Milvus1xBatchReader(Milvus1xSplit split, SegmentScan segment, SourceSchema schema, long maxBatchBytes,
                                ArrayPool arrays, BinaryInput rv, BinaryInput uid) {
        this.split = split;
        this.segment = segment;
        this.floats = schema.vectorType() == VectorType.FLOAT_VECTOR;
        this.dimension = schema.dimension();
        this.rowBytes = (int) schema.vectorType().bytesPerRow(dimension);
        this.rowElements = floats ? dimension : rowBytes;
        long rows = Math.max(1, maxBatchBytes / (rowBytes + Long.BYTES));
        rows = Math.min(rows, Math.max(1, MAX_ARRAY / 2 / rowElements));
        this.rowsPerBatch = (int) Math.min(rows, split.rowCount());
        this.arrays = arrays;
        this.rv = rv;
        this.uid = uid;
        this.nextRow = split.startRow();
        this.liveLeft = split.rowCount();
    }

    static Milvus1xBatchReader open(Milvus1xSplit split, SegmentScan segment, SourceSchema schema,
                                    long maxBatchBytes, ArrayPool arrays) throws IOException {
        BinaryInput rv = BinaryInput.open(segment.rv());
        try {
            BinaryInput uid = BinaryInput.open(segment.uid());
            return new Milvus1xBatchReader(split, segment, schema, maxBatchBytes, arrays, rv, uid);
        } catch (IOException | RuntimeException e) {
            rv.close();
            throw e;
        }
    }

    @Override
    public VectorBatch next() throws IOException {
        if (liveLeft == 0) {
            return null;
        }
        int deletedAt = segment.firstDeletedAtOrAfter(nextRow);
        int[] deleted = segment.skipped();
        while (deletedAt < deleted.length && deleted[deletedAt] == nextRow) {
            nextRow++;
            deletedAt++;
        }
        long first = nextRow;
        long end = runEnd(first, deletedAt, (int) Math.min(rowsPerBatch, liveLeft));
        int live = (int) (end - first - segment.deletedIn(first, end));
        Object vectors = floats ? arrays.floats(live * rowElements) : arrays.bytes(live * rowElements);
        long[] ids = arrays.longs(live);
        if (live == end - first) {
            readVectors(first, live, vectors);
            uid.readLongs(offset(first, Long.BYTES), ids, 0, live);
        } else {
            readWithDeletes(first, end, vectors, ids);
        }
        nextRow = end;
        liveLeft -= live;
        VectorColumn column = floats ? new FloatVectors(dimension, (float[]) vectors)
                : new ByteVectors(VectorType.BINARY_VECTOR, dimension, (byte[]) vectors);
        return new VectorBatch(split, first, new PrimaryKeys.Int64Keys(ids), column);
    }

    /**
     * The end of the stored run from {@code first} (a live row) that holds {@code want} live rows, or fewer when
     * the run would pass twice that many stored rows.
     */
    private long runEnd(long first, int deletedAt, int want) {
        int[] deleted = segment.skipped();
        long maxEnd = Math.min(split.endRow(), first + 2L * want);
        long end = first;
        long live = 0;
        while (live < want && end < maxEnd) {
            long nextDeleted = deletedAt < deleted.length ? deleted[deletedAt] : Long.MAX_VALUE;
            if (end == nextDeleted) {
                end++;
                deletedAt++;
                continue;
            }
            long run = Math.min(Math.min(want - live, nextDeleted - end), maxEnd - end);
            end += run;
            live += run;
        }
        return end;
    }

    private void readWithDeletes(long first, long end, Object vectors, long[] ids) throws IOException {
        int stored = (int) (end - first);
        if (scratchIds == null || scratchIds.length < stored) {
            scratchIds = new long[stored];
            scratchVectors = floats ? new float[stored * rowElements] : new byte[stored * rowElements];
        }
        readVectors(first, stored, scratchVectors);
        uid.readLongs(offset(first, Long.BYTES), scratchIds, 0, stored);
        int[] deleted = segment.skipped();
        int deletedAt = segment.firstDeletedAtOrAfter(first);
        int to = 0;
        for (int from = 0; from < stored; from++) {
            if (deletedAt < deleted.length && deleted[deletedAt] == first + from) {
                deletedAt++;
                continue;
            }
            System.arraycopy(scratchVectors, from * rowElements, vectors, to * rowElements, rowElements);
            ids[to++] = scratchIds[from];
        }
    }

    private void readVectors(long first, int rows, Object dst) throws IOException {
        long at = offset(first, rowBytes);
        if (floats) {
            rv.readFloats(at, (float[]) dst, 0, rows * rowElements);
        } else {
            rv.readBytes(at, (byte[]) dst, 0, rows * rowElements);
        }
    }

    private static long offset(long row, long rowBytes) {
        return SegmentScan.HEADER_BYTES + row * rowBytes;
    }

    @Override
    public void close() throws IOException {
        try (BinaryInput ignored = uid) {
            rv.close();
        }
    }
}
