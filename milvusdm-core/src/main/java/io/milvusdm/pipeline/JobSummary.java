package io.milvusdm.pipeline;

/**
 * What a job did.
 *
 * @param status how it ended
 * @param message what the sink did to the target ("created collection 'c'", "skipped: collection 'c' exists")
 * @param rowsRead rows read from the source in this run
 * @param rowsWritten rows written to the target in this run
 * @param rowsSkipped rows not written in this run: committed by an earlier run, or the whole source on skip
 * @param splits the splits of the job
 * @param splitsResumed splits committed by an earlier run
 * @param targetRows rows the target holds at the end (-1 when skipped, or not counted by this run)
 * @param expectedRows rows it should hold (-1 when skipped, or not counted by this run)
 * @param seconds wall time of this run
 * @param sourceReport what the source has to say about what it produced (e.g. a decoded Faiss file's error),
 *     in order, for the summary; empty for most sources
 */
public record JobSummary(Status status, String message, long rowsRead, long rowsWritten, long rowsSkipped,
                         int splits, int splitsResumed, long targetRows, long expectedRows, double seconds,
                         java.util.Map<String, Object> sourceReport) {

    public JobSummary {
        sourceReport = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sourceReport));
    }

    public JobSummary(Status status, String message, long rowsRead, long rowsWritten, long rowsSkipped, int splits,
                      int splitsResumed, long targetRows, long expectedRows, double seconds) {
        this(status, message, rowsRead, rowsWritten, rowsSkipped, splits, splitsResumed, targetRows, expectedRows,
                seconds, java.util.Map.of());
    }

    /**
     * A unit of a job cut into units that an interrupted run finished, and a resumed run leaves as it is.
     *
     * @param rows the rows the unit holds, or -1 when that run skipped it
     */
    public static JobSummary finishedEarlier(long rows) {
        return rows < 0
                ? new JobSummary(Status.SKIPPED, "skipped by the interrupted run", 0, 0, 0, 0, 0, -1, -1, 0)
                : new JobSummary(Status.DONE, "finished by the interrupted run", 0, 0, rows, 0, 0, -1, -1, 0);
    }

    public JobSummary withSourceReport(java.util.Map<String, Object> report) {
        return new JobSummary(status, message, rowsRead, rowsWritten, rowsSkipped, splits, splitsResumed, targetRows,
                expectedRows, seconds, report);
    }

    public enum Status {
        /** Every row is in the target and the count matches. */
        DONE,
        /** The target existed and the mode said to leave it untouched. */
        SKIPPED,
        /** Every row was sent, but the target's count differs from the expected one. */
        COUNT_MISMATCH
    }

    public double rowsPerSecond() {
        return seconds > 0 ? rowsWritten / seconds : 0;
    }
}
