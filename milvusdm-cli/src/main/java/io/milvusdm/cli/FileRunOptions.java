package io.milvusdm.cli;

import io.milvusdm.job.ByteSizes;
import io.milvusdm.pipeline.JobRunner;
import io.milvusdm.pipeline.JobSummary;
import io.milvusdm.pipeline.Ledger;
import io.milvusdm.pipeline.ProgressListener;
import io.milvusdm.pipeline.RunOptions;
import io.milvusdm.pipeline.Sink;
import io.milvusdm.pipeline.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** How a file-writing command runs: workers, batch size, progress and summary format; and the run itself. */
final class FileRunOptions {

    @Option(names = "--workers", paramLabel = "N", defaultValue = "2", description = "Reader and writer threads.")
    int workers;

    @Option(names = "--batch-bytes", paramLabel = "SIZE", defaultValue = "8MB", description = "Batch size.")
    String batchBytes;

    @Option(names = "--split-bytes", paramLabel = "SIZE",
            description = "Split size, the unit the workers share (default: 8 batches). Larger splits mean fewer"
                    + " ranges to plan, e.g. on a Milvus source whose range counts are slow.")
    String splitBytes;

    @Option(names = "--no-progress", description = "Do not draw a progress bar.")
    boolean noProgress;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    RunOptions runOptions(CommandSpec spec) {
        long batch = ByteSizes.parse(batchBytes);
        if (batch < 1024 || batch > RunOptions.MAX_BATCH_BYTES) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--batch-bytes: expected a size from 1KiB to 48MiB, found '" + batchBytes + "'");
        }
        if (workers < 1 || workers > 64) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workers: expected 1..64, found " + workers);
        }
        RunOptions options = RunOptions.of(workers, batch, false);
        if (splitBytes == null) {
            return options;
        }
        long split = ByteSizes.parse(splitBytes);
        if (split < batch) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--split-bytes: expected at least the batch size (" + batch + " bytes), found '" + splitBytes + "'");
        }
        return new RunOptions(workers, batch, split, false);
    }

    /**
     * Runs the source into the file sink. A file is written whole in one run (it cannot be resumed), so the runner's
     * ledger lives only as long as the run.
     */
    JobSummary run(CommandSpec spec, String task, Source source, Sink sink, RunOptions options) throws IOException {
        ProgressListener progress = noProgress ? ProgressListener.NONE
                : new ConsoleProgressBar(spec.commandLine().getErr(), task, System.console() != null);
        Path ledgerPath = Files.createTempFile("milvusdm-" + task, ".ledger");
        try (Ledger ledger = Ledger.open(ledgerPath, task, false)) {
            return new JobRunner(source, sink, ledger, options, progress).run();
        } finally {
            Files.deleteIfExists(ledgerPath);
        }
    }
}
