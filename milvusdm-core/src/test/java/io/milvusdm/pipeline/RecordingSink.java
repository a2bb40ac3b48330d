package io.milvusdm.pipeline;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A sink that keeps rows in a map by id, counts writes per id, and can fail on a chosen write; for runner tests. */
class RecordingSink implements Sink {

    final Map<Long, float[]> rows = new ConcurrentHashMap<>();
    final Map<Long, AtomicInteger> writesPerId = new ConcurrentHashMap<>();
    final Map<Long, WriteKind> kinds = new ConcurrentHashMap<>();
    final AtomicInteger writes = new AtomicInteger();
    volatile int failOnWrite = -1;
    volatile boolean skip;
    volatile boolean preparedAsResume;
    volatile InMemorySource source;
    /** What {@link #resolveInterrupted} answers. */
    volatile InterruptedWrites interrupted = InterruptedWrites.REWRITE_BY_KEY;
    volatile int resolvedInterrupted;
    final AtomicInteger clears = new AtomicInteger();
    volatile boolean exists;
    volatile boolean preparedAsOwn;

    @Override
    public SinkPreparation prepare(SourceSchema schema, boolean resuming, long baselineRows) {
        preparedAsResume = resuming;
        return new SinkPreparation(skip, skip ? "skipped: exists" : "created", rows.size());
    }

    @Override
    public boolean targetExists() {
        return exists;
    }

    @Override
    public SinkPreparation prepareOwnTarget(SourceSchema schema) {
        preparedAsOwn = true;
        return prepare(schema, false, -1);
    }

    @Override
    public void write(VectorBatch batch, WriteKind kind) throws IOException {
        if (source != null && source.recycled.contains(batch)) {
            throw new IllegalStateException("the runner recycled a batch before writing it");
        }
        if (writes.incrementAndGet() == failOnWrite) {
            throw new IOException("server went away");
        }
        long[] ids = ((PrimaryKeys.Int64Keys) batch.keys()).values();
        float[] values = ((FloatVectors) batch.vectors()).values();
        int d = batch.vectors().dimension();
        for (int i = 0; i < ids.length; i++) {
            float[] row = new float[d];
            System.arraycopy(values, i * d, row, 0, d);
            rows.put(ids[i], row);
            writesPerId.computeIfAbsent(ids[i], k -> new AtomicInteger()).incrementAndGet();
            kinds.put(ids[i], kind);
        }
    }

    @Override
    public InterruptedWrites resolveInterrupted(long baselineRows, long committedRows) {
        resolvedInterrupted++;
        return interrupted;
    }

    @Override
    public void clearTarget() {
        clears.incrementAndGet();
        rows.clear();
        writesPerId.clear();
        kinds.clear();
    }

    @Override
    public SinkCompletion complete(long rowsBefore, long sourceRows) {
        return new SinkCompletion(rows.size(), rowsBefore + sourceRows);
    }

    @Override
    public void close() {
    }
}
