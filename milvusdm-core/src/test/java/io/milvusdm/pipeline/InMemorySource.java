package io.milvusdm.pipeline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A source of {@code rows} float vectors with ids 0..rows-1 whose values derive from the id; for runner tests. */
final class InMemorySource implements Source {

    static final int DIMENSION = 4;

    private final long rows;
    /** Batches handed back, by identity; a sink that still reads a recycled batch would find it here. */
    final java.util.Set<VectorBatch> recycled = java.util.concurrent.ConcurrentHashMap.newKeySet();

    InMemorySource(long rows) {
        this.rows = rows;
    }

    record RangeSplit(long start, long rowCount) implements Split {
        @Override
        public String id() {
            return "mem:" + start + "+" + rowCount;
        }
    }

    static float valueOf(long id, int component) {
        return id * 10 + component;
    }

    @Override
    public SourceSchema schema() {
        return new SourceSchema(VectorType.FLOAT_VECTOR, DIMENSION, KeyKind.INT64, Optional.empty(), rows);
    }

    @Override
    public List<Split> splits(long maxSplitBytes) {
        long perSplit = Math.max(1, maxSplitBytes / (4L * DIMENSION + 8));
        List<Split> splits = new ArrayList<>();
        for (long start = 0; start < rows; start += perSplit) {
            splits.add(new RangeSplit(start, Math.min(perSplit, rows - start)));
        }
        return splits;
    }

    @Override
    public BatchReader open(Split split, long maxBatchBytes) {
        RangeSplit range = (RangeSplit) split;
        int perBatch = (int) Math.max(1, maxBatchBytes / (4L * DIMENSION + 8));
        return new BatchReader() {
            long next = range.start();

            @Override
            public VectorBatch next() {
                long end = range.start() + range.rowCount();
                if (next >= end) {
                    return null;
                }
                int n = (int) Math.min(perBatch, end - next);
                long[] ids = new long[n];
                float[] values = new float[n * DIMENSION];
                for (int i = 0; i < n; i++) {
                    ids[i] = next + i;
                    for (int c = 0; c < DIMENSION; c++) {
                        values[i * DIMENSION + c] = valueOf(next + i, c);
                    }
                }
                VectorBatch batch = new VectorBatch(split, next, new PrimaryKeys.Int64Keys(ids),
                        new FloatVectors(DIMENSION, values));
                next += n;
                return batch;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void recycle(VectorBatch batch) {
        if (!recycled.add(batch)) {
            throw new IllegalStateException("batch recycled twice: " + batch.split().id() + " row " + batch.firstRow());
        }
    }

    @Override
    public void close() throws IOException {
    }
}
