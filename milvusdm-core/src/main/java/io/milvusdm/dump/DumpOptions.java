package io.milvusdm.dump;

/**
 * How a dump runs.
 *
 * @param format the files' format
 * @param workers chunks written at once ({@code dumper.worker.limit})
 * @param chunkBytes the most payload bytes in one chunk (one import job)
 * @param batchBytes the most payload bytes read from the source at once
 */
public record DumpOptions(DumpFormat format, int workers, long chunkBytes, long batchBytes) {

    /** A few hundred MB: well under Milvus's 16 GB per import file, few enough jobs for a large source. */
    public static final long DEFAULT_CHUNK_BYTES = 256L << 20;
    public static final long DEFAULT_BATCH_BYTES = 8L << 20;

    public DumpOptions {
        if (workers < 1 || workers > 64) {
            throw new IllegalArgumentException("dumper workers must be 1..64, got " + workers);
        }
        if (batchBytes < 1024) {
            throw new IllegalArgumentException("batch size must be at least 1 KiB, got " + batchBytes);
        }
        if (chunkBytes < batchBytes) {
            throw new IllegalArgumentException("chunk size " + chunkBytes + " is smaller than the batch size "
                    + batchBytes);
        }
    }
}
