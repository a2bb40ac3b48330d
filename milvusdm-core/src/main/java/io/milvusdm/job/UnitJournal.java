package io.milvusdm.job;

import io.milvusdm.pipeline.JobSummary;
import io.milvusdm.pipeline.Ledger;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The run journal of a job cut into units (Milvus to Milvus with {@code milvusdm migrate}, MilvusDM's M2M): which
 * units a run started and finished, whether the whole job finished, and which targets existed before its first run.
 * Each unit keeps its own {@link Ledger} of splits; this one says whether running the job again continues an
 * interrupted run or starts afresh. It is a {@link Ledger} journal beside the job file ({@code <job>.ledger}) whose
 * job id hashes the job file and the target, with these entries: {@code S unit:<key>} / {@code C unit:<key>} a unit
 * started / finished, {@code S existed:<db.collection[/partition]>} a target there before the first run, and
 * {@code C job} the job finished.
 *
 * <p>A run that starts while the journal records an unfinished run of the same job continues it: units it finished
 * are left as they are, the others resume from their ledgers, and the targets recorded as existing before the job
 * decide the modes exactly as in the first run. A journal of a finished run, or none, means a fresh
 * run. A journal of an unfinished run of a changed job file or another target is refused: continuing it could
 * write the same rows twice, starting over has to be asked for ({@link Rerun#RESTART}).
 */
public final class UnitJournal implements AutoCloseable {

    /** What a run does with the journal of an earlier one. */
    public enum Rerun {
        /** Continue an unfinished run of the same job; otherwise start afresh. The default. */
        AUTO,
        /** Continue from the ledgers, even those of a finished run ({@code --resume}). */
        RESUME,
        /** Start afresh, forgetting every ledger ({@code --restart}). */
        RESTART
    }

    private static final String UNIT = "unit:";
    private static final String EXISTED = "existed:";
    private static final String JOB = "job";

    private final Ledger ledger;
    private final boolean resuming;
    private boolean countMismatch;

    private UnitJournal(Ledger ledger, boolean resuming) {
        this.ledger = ledger;
        this.resuming = resuming;
    }

    /** {@code <job>.ledger}, beside the file the unit ledgers are named after. */
    public static Path path(Path base) {
        return base.resolveSibling(base.getFileName() + ".ledger");
    }

    /**
     * Opens the journal of a job run, deciding whether this run continues an earlier one.
     *
     * @throws UnfinishedRunException when the journal records an unfinished run of another job (another job file
     *     content or target) and this run does not say {@link Rerun#RESTART}
     */
    public static UnitJournal open(Path path, String jobId, Rerun rerun) throws IOException {
        if (rerun == Rerun.RESTART) {
            return new UnitJournal(Ledger.open(path, jobId, false), false);
        }
        Optional<String> recorded = Ledger.jobIdOf(path);
        if (recorded.isEmpty()) {
            return new UnitJournal(Ledger.open(path, jobId, rerun == Rerun.RESUME), rerun == Rerun.RESUME);
        }
        // held from here to the end of the run: a second run of the job is refused, and starting afresh empties
        // this same file under the lock
        Ledger ledger = Ledger.open(path, recorded.get(), true);
        try {
            boolean finished = ledger.isCommitted(JOB);
            if (ledger.recordsNothing()) {
                ledger.startOver(jobId); // nothing was written under it, whichever job it names
                return new UnitJournal(ledger, rerun == Rerun.RESUME);
            }
            if (!recorded.get().equals(jobId)) {
                if (!finished || rerun == Rerun.RESUME) {
                    throw new UnfinishedRunException(path, recorded.get(), jobId, finished);
                }
            } else if (rerun == Rerun.RESUME || !finished) {
                return new UnitJournal(ledger, true);
            }
            ledger.startOver(jobId);
            return new UnitJournal(ledger, false);
        } catch (IOException | RuntimeException e) {
            ledger.close();
            throw e;
        }
    }

    /** Whether this run continues an earlier one: then every unit not finished resumes from its ledger. */
    public boolean resuming() {
        return resuming;
    }

    /** The units an earlier run of this job finished. */
    public long unitsFinishedBefore() {
        return ledger.startedIds().stream().filter(id -> id.startsWith(UNIT) && ledger.isCommitted(id)).count();
    }

    /**
     * The targets that existed before the job's first run ({@code db.collection}, {@code db.collection/partition}),
     * when that run recorded them.
     */
    public Optional<Set<String>> existingTargets() {
        if (!ledger.wasStarted(EXISTED)) {
            return Optional.empty();
        }
        Set<String> targets = new TreeSet<>();
        ledger.startedIds().stream().filter(id -> id.startsWith(EXISTED) && id.length() > EXISTED.length())
                .forEach(id -> targets.add(id.substring(EXISTED.length())));
        return Optional.of(targets);
    }

    /** Records the targets there before the job, once: a resumed run keeps the first run's record. */
    public void recordExistingTargets(Collection<String> targets) throws IOException {
        if (ledger.wasStarted(EXISTED)) {
            return;
        }
        for (String target : targets) {
            ledger.markStarted(EXISTED + target);
        }
        ledger.markStarted(EXISTED); // the end of the record: an interrupted record is taken as none
    }

    public void unitStarted(String unit) throws IOException {
        ledger.markStarted(UNIT + unit);
    }

    /**
     * Records a unit as finished. A unit whose count did not match is not recorded: a rerun counts it again and
     * reports it again.
     */
    public void unitFinished(String unit, JobSummary summary) throws IOException {
        switch (summary.status()) {
            case DONE -> ledger.markCommitted(UNIT + unit, summary.rowsWritten() + summary.rowsSkipped());
            case SKIPPED -> ledger.markCommitted(UNIT + unit, -1);
            case COUNT_MISMATCH -> countMismatch = true;
        }
    }

    /**
     * When this run continues an earlier one that finished the unit: what that run reported
     * ({@link JobSummary#finishedEarlier}). A finished unit is not run again: its target holds its rows, and
     * counting it again could count other units' rows too (a unit into the default partition counts the
     * collection).
     */
    public Optional<JobSummary> finishedEarlier(String unit) {
        if (!resuming) {
            return Optional.empty();
        }
        OptionalLong rows = ledger.committedRows(UNIT + unit);
        return rows.isPresent() ? Optional.of(JobSummary.finishedEarlier(rows.getAsLong())) : Optional.empty();
    }

    /**
     * Records the job finished, unless a unit of this run ended with a count mismatch: then the run stays
     * unfinished, so that running the job again continues it and counts that unit again, where a fresh run would
     * copy every unit again (twice over, in append mode).
     */
    public void jobFinished() throws IOException {
        if (!countMismatch) {
            ledger.markCommitted(JOB, 0);
        }
    }

    public Path path() {
        return ledger.path();
    }

    @Override
    public void close() throws IOException {
        ledger.close();
    }
}
