package io.milvusdm.cli;

import io.milvusdm.job.ByteSizes;
import io.milvusdm.job.MilvusCopy;
import io.milvusdm.job.MilvusCopyJob;
import io.milvusdm.job.NativeJobFile;
import io.milvusdm.pipeline.ProgressListener;
import io.milvusdm.pipeline.RunOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code milvusdm migrate --job FILE}: runs a native job file (docs/job-files/native.md), today Milvus 2.x →
 * Milvus 2.x with the schema, indexes and every field kept.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "Runs a native milvusdm job file: copies Milvus 2.x collections (every field, schema, indexes,"
                + " partitions) into another Milvus 2.x, selected by allow and block lists, renamed, filtered or"
                + " merged, one unit per partition, each resumable.",
        footer = {"", "Example (examples/m2m-local.yaml):",
            "  source: {uri: ./milvus_demo.db}",
            "  target: {uri: ./milvus_copy.db}",
            "  collections:",
            "    include: [\"demo_*\"]",
            "    mode: overwrite",
            "", "Exit codes: 0 done (or skipped), 1 failed, 2 bad usage or job file, 3 target count mismatch."})
public final class MigrateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;

    MigrateCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Option(names = "--job", paramLabel = "FILE", required = true, description = "A native job file.")
    Path job;

    @Option(names = "--resume", description = "Continue from the unit ledgers (FILE.<db>.<collection>.<partition>.ledger)"
            + " even after a finished run. Without it, a run continues an interrupted one of the same job anyway.")
    boolean resume;

    @Option(names = "--restart", description = "Start over, forgetting the ledgers of an interrupted run (rows it copied"
            + " stay in the target; the job's mode applies to them).")
    boolean restart;

    @Option(names = "--workers", paramLabel = "N", description = "Reader and writer threads (default: the job's run.workers, else 2).")
    Integer workers;

    @Option(names = "--batch-bytes", paramLabel = "SIZE", description = "Most bytes per insert request (default: the job's run.batch_bytes, else 8MiB).")
    String batchBytes;

    @Option(names = "--no-progress", description = "Do not draw a progress bar.")
    boolean noProgress;

    @Option(names = "--json", description = "Print each unit's summary and the totals as JSON objects, one a line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (resume && restart) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--resume and --restart exclude each other");
        }
        MilvusCopyJob copy = NativeJobFile.read(job, environment, w -> err.println("milvusdm: warning: " + w));
        RunOptions options = RunOptions.of(workers != null ? workers : copy.workers() != null ? copy.workers()
                : RunOptions.DEFAULT_WORKERS, batchBytes(copy), resume);
        UnitTotals totals = new UnitTotals("migrate");
        new MilvusCopy(copy, environment).run(options, UnitTotals.rerun(resume, restart),
                unit -> noProgress ? ProgressListener.NONE
                        : new ConsoleProgressBar(err, unit.describe(), System.console() != null),
                new MilvusCopy.UnitListener() {
                    @Override
                    public void finished(MilvusCopy.UnitResult result) {
                        print(result, out, err, totals);
                    }

                    @Override
                    public void resuming(Path journal, long unitsFinished) {
                        totals.resuming(journal, unitsFinished);
                        totals.printResuming(out, json);
                    }
                });
        totals.print(out, json);
        return totals.exitCode();
    }

    private void print(MilvusCopy.UnitResult result, PrintWriter out, PrintWriter err, UnitTotals totals) {
        SummaryPrinter.print(out, "migrate " + result.unit().describe(), result.unit().targetDb() + "."
                + result.unit().targetCollection(), result.summary(), json);
        if (result.duplicateKeyRows() > 0) {
            err.println("milvusdm: warning: " + result.unit().describe() + ": " + result.duplicateKeyRows()
                    + " rows share their primary key with another row of the source (all were copied)");
        }
        if (!result.skippedFields().isEmpty()) {
            err.println("milvusdm: warning: " + result.unit().describe() + ": fields not copied: "
                    + String.join(", ", result.skippedFields()));
        }
        totals.add(result.unit().describe(), result.summary());
    }

    private long batchBytes(MilvusCopyJob copy) {
        if (batchBytes == null) {
            return copy.batchBytes() != null ? copy.batchBytes() : RunOptions.DEFAULT_BATCH_BYTES;
        }
        long bytes = ByteSizes.parse(batchBytes);
        if (bytes < 1024 || bytes > RunOptions.MAX_BATCH_BYTES) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--batch-bytes: expected a size from 1KiB to 48MiB, found '" + batchBytes + "'");
        }
        return bytes;
    }
}
