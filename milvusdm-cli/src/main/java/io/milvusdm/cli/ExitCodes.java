package io.milvusdm.cli;

/** The exit codes of {@code milvusdm}. */
public final class ExitCodes {

    /** The job is done (or skipped, as its mode asked). */
    public static final int OK = 0;
    /** The job failed: unreadable source, unreachable server, a target that does not fit. */
    public static final int FAILED = 1;
    /** Bad usage or a bad job file: nothing was done. */
    public static final int USAGE = 2;
    /** The job ran, but the target does not hold what it should (count or verification mismatch). */
    public static final int MISMATCH = 3;

    private ExitCodes() {
    }
}
