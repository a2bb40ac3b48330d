package io.milvusdm.pipeline;

/** Hears how far a job is. Called from worker threads: implementations must be thread-safe and cheap. */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {
    };

    /**
     * The job starts moving rows.
     *
     * @param totalRows rows the job moves in all runs
     * @param doneRows rows already committed by an earlier run (on resume)
     */
    default void started(long totalRows, long doneRows) {
    }

    /** More rows were written. */
    default void rowsWritten(long rows) {
    }

    /** The job stopped moving rows, done or not. */
    default void finished() {
    }
}
