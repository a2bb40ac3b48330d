package io.milvusdm.job;

import io.milvusdm.pipeline.LedgerException;
import java.nio.file.Path;

/**
 * A job's journal records a run of another job: the job file's content or the target changed since it was written.
 * Continuing that run could write rows twice and starting over could too, so neither happens without being asked:
 * nothing was written.
 */
public final class UnfinishedRunException extends LedgerException {

    UnfinishedRunException(Path journal, String recordedJob, String thisJob, boolean finished) {
        super(finished
                ? "--resume: the ledger records a run of another job (job id " + recordedJob + ", now " + thisJob
                        + "; the job file or the target changed since), which cannot be continued; run without"
                        + " --resume to start afresh"
                : "the ledger records an unfinished run of this job as it was before its job file or target changed"
                        + " (job id " + recordedJob + ", now " + thisJob + "), which cannot be continued as it is now;"
                        + " put the job file back as it was and run again to continue it, or run with --restart to"
                        + " start over (the rows that run copied stay in the target, and the job's mode applies to"
                        + " them: overwrite replaces them, append adds to them)", journal);
    }
}
