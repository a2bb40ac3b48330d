package io.milvusdm.cli;

import io.milvusdm.format.milvus1x.Milvus1xSource;
import io.milvusdm.job.JobIdentity;
import io.milvusdm.job.M2mJob;
import io.milvusdm.job.MilvusJobTarget;
import io.milvusdm.job.MilvusMigration;
import io.milvusdm.job.UnitJournal;
import io.milvusdm.pipeline.JobSummary;
import io.milvusdm.pipeline.ProgressListener;
import io.milvusdm.pipeline.RunOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs an M2M job: each (collection, partition) of the Milvus 1.x source into the Milvus collection of the same
 * name, the partition of the same tag (the default partition into the collection itself), applying the job's
 * mode per unit: a skipped unit is reported and the run goes on. Each unit has its own ledger beside the job
 * file, {@code <job>.<collection>.<partition>.ledger}, and the job's journal ({@link UnitJournal},
 * {@code <job>.ledger}) makes a run after an interruption continue it.
 */
final class M2mRunner {

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final boolean noProgress;
    private final Map<String, String> environment;

    M2mRunner(PrintWriter out, PrintWriter err, boolean json, boolean noProgress, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.noProgress = noProgress;
        this.environment = environment;
    }

    /**
     * @param options the workers and batch size; whether units resume is decided by the job's journal and
     *     {@code rerun}
     * @param ledgerBase the file the unit ledgers are named after: the job file, or {@code --ledger}
     */
    int run(M2mJob job, Path jobFile, RunOptions options, UnitJournal.Rerun rerun, Path ledgerBase)
            throws IOException {
        UnitTotals totals = new UnitTotals("M2M");
        List<Milvus1xUnit> units = Milvus1xUnit.of(job.source());
        String jobId = JobIdentity.of(jobFile, job.target().destination().describe());
        try (UnitJournal journal = UnitJournal.open(UnitJournal.path(ledgerBase), jobId, rerun)) {
            if (journal.resuming()) {
                totals.resuming(journal.path(), journal.unitsFinishedBefore());
                totals.printResuming(out, json);
            }
            RunOptions unitOptions = new RunOptions(options.workers(), options.batchBytes(), options.splitBytes(),
                    journal.resuming());
            for (Milvus1xUnit unit : units) {
                MilvusJobTarget target = job.target().forUnit(unit.collection(),
                        unit.isDefaultPartition() ? null : unit.tag());
                Optional<JobSummary> finished = journal.finishedEarlier(unit.key());
                JobSummary summary = finished.isPresent() ? finished.get()
                        : copy(unit, target, jobFile, unitOptions, ledgerBase, journal);
                SummaryPrinter.print(out, "M2M " + unit.describe(), target.describe(), summary, json);
                totals.add(unit, summary);
            }
            journal.jobFinished();
        }
        totals.print(out, json);
        return totals.exitCode();
    }

    private JobSummary copy(Milvus1xUnit unit, MilvusJobTarget target, Path jobFile, RunOptions options,
                            Path ledgerBase, UnitJournal journal) throws IOException {
        ProgressListener progress = noProgress ? ProgressListener.NONE
                : new ConsoleProgressBar(err, "M2M " + unit.describe(), System.console() != null);
        journal.unitStarted(unit.key());
        JobSummary summary;
        try (Milvus1xSource source = unit.open()) {
            summary = MilvusMigration.run(source, target, jobFile, options, ledgerPath(ledgerBase, unit), progress,
                    environment);
        }
        journal.unitFinished(unit.key(), summary);
        return summary;
    }

    static Path ledgerPath(Path base, Milvus1xUnit unit) {
        return base.resolveSibling(base.getFileName() + "." + unit.key() + ".ledger");
    }
}
