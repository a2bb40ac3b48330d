package io.milvusdm.pipeline;

import java.io.IOException;
import java.util.List;

/**
 * Where rows come from. A source is opened by its factory, which runs the pre-scan: every file is opened
 * and checked (datasets present, shapes and types agree, ids count equals vectors count) so that a source
 * that cannot be read whole fails before the target is touched.
 *
 * <p>The {@link JobRunner} calls {@link #schema()} and {@link #splits(long)} once, then {@link #open} from
 * several worker threads at once, one split per call; implementations must allow that.
 */
public interface Source extends AutoCloseable {

    /** What the source produces. */
    SourceSchema schema();

    /**
     * Cuts the source into splits of at most about {@code maxSplitBytes} of payload each, in a stable order:
     * the same job cuts the same splits in every run.
     */
    List<Split> splits(long maxSplitBytes);

    /**
     * Opens one split for reading in batches of at most {@code maxBatchBytes} (at least one row each).
     * The reader belongs to the calling thread.
     */
    BatchReader open(Split split, long maxBatchBytes) throws IOException;

    /**
     * Takes back a batch this source produced, once the sink has written it: the JobRunner calls it after
     * {@link Sink#write} returned, and nothing references the batch's arrays any more, so the source may fill
     * them again. The default keeps nothing.
     */
    default void recycle(VectorBatch batch) {
    }

    @Override
    void close() throws IOException;
}
