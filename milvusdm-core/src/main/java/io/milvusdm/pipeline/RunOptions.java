package io.milvusdm.pipeline;

/**
 * How a job runs.
 *
 * @param workers reader threads and writer threads (each)
 * @param batchBytes the most payload bytes a batch carries (Milvus rejects gRPC messages over 64 MB)
 * @param splitBytes the most payload bytes a split carries: the unit of parallelism and of resume
 * @param resume continue from the ledger instead of starting afresh
 */
public record RunOptions(int workers, long batchBytes, long splitBytes, boolean resume) {

    public static final int DEFAULT_WORKERS = 2;
    public static final long DEFAULT_BATCH_BYTES = 8L << 20;
    public static final long MAX_BATCH_BYTES = 48L << 20;
    /** Splits of several batches: fewer ledger entries, still fine-grained enough to resume cheaply. */
    public static final int BATCHES_PER_SPLIT = 8;

    public RunOptions {
        if (workers < 1 || workers > 64) {
            throw new IllegalArgumentException("workers must be 1..64, got " + workers);
        }
        if (batchBytes < 1024 || batchBytes > MAX_BATCH_BYTES) {
            throw new IllegalArgumentException(
                    "batch size must be 1 KiB..48 MiB (Milvus rejects messages over 64 MB), got " + batchBytes + " bytes");
        }
        if (splitBytes < batchBytes) {
            throw new IllegalArgumentException("split size " + splitBytes + " is smaller than batch size " + batchBytes);
        }
    }

    public static RunOptions defaults() {
        return of(DEFAULT_WORKERS, DEFAULT_BATCH_BYTES, false);
    }

    public static RunOptions of(int workers, long batchBytes, boolean resume) {
        return new RunOptions(workers, batchBytes, batchBytes * BATCHES_PER_SPLIT, resume);
    }
}
