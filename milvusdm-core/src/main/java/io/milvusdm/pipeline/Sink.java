package io.milvusdm.pipeline;

import java.io.IOException;

/**
 * Where rows go. The {@link JobRunner} calls, in this order: {@link #prepare} once, after the source's
 * pre-scan passed; {@link #write} from several worker threads at once; {@link #complete} once, after every
 * split was written; {@link #close} always.
 */
public interface Sink extends AutoCloseable {

    /**
     * Checks the target against the schema (dimension, vector type, metric, key kind) before any write,
     * and applies the mode: creates, skips, drops and recreates. On resume ({@code resuming}) the target was
     * prepared by the interrupted run and is only checked, never dropped.
     *
     * @param baselineRows on resume, the target's row count before the first run, from the ledger; else -1
     */
    SinkPreparation prepare(SourceSchema schema, boolean resuming, long baselineRows) throws IOException;

    /**
     * Whether the target exists, asked before {@link #prepare} changes anything. The runner records the answer in the
     * ledger, so that a run after one that died while preparing (after creating the target, before writing a row)
     * knows that the target is the job's own. Sinks whose targets are written whole in one run answer false.
     */
    default boolean targetExists() throws IOException {
        return false;
    }

    /**
     * {@link #prepare} for a target that did not exist before the job's first run, not resuming: if it exists now,
     * an interrupted run of this job created it and wrote no row, so the mode's skip does not apply to it.
     */
    default SinkPreparation prepareOwnTarget(SourceSchema schema) throws IOException {
        return prepare(schema, false, -1);
    }

    /**
     * Writes one batch. When this returns, the rows are durable on the target (acknowledged by the server), and
     * the sink keeps no reference to the batch's arrays: the source may reuse them ({@link Source#recycle}).
     * Thread-safe.
     */
    void write(VectorBatch batch, WriteKind kind) throws IOException;

    /**
     * Called on resume, after {@link #prepare} and before any write, when splits that an interrupted run started
     * were not committed: any of their rows may already be in the target. Says how they are kept from appearing
     * twice when those splits are written again. The default writes them again with {@link WriteKind#UPSERT},
     * which replaces rows by their keys; a sink whose target generates keys must do better or say what repeats.
     *
     * @param baselineRows the target's row count before the first run, from the ledger
     * @param committedRows the rows of the splits the ledger records as committed
     */
    default InterruptedWrites resolveInterrupted(long baselineRows, long committedRows) throws IOException {
        return InterruptedWrites.REWRITE_BY_KEY;
    }

    /**
     * Deletes every row of the target and checks that none is left, after {@link #resolveInterrupted} answered
     * {@link InterruptedWrites.Resolution#CLEAR_TARGET} (then the ledger records the restart first), or on resume
     * after a run that was killed while clearing. Only sinks that answer so need it.
     */
    default void clearTarget() throws IOException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not clear its target");
    }

    /** Flushes the target and counts what it holds, against {@code rowsBefore + rowsSent}, as the sink's mode defines it. */
    SinkCompletion complete(long rowsBefore, long sourceRows) throws IOException;

    @Override
    void close() throws IOException;
}
