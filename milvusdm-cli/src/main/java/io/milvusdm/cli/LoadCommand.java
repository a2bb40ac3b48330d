package io.milvusdm.cli;

import io.milvusdm.job.JobFileException;
import io.milvusdm.job.MigrationConfig;
import io.milvusdm.job.MigrationJob;
import io.milvusdm.job.MigrationLoad;
import io.milvusdm.pipeline.ProgressListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code milvusdm load --config migration.yaml}: milvus-migration's load, of a dump {@code milvusdm dump} wrote. */
@Command(name = "load", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "Loads the dump of a milvus-migration config into Milvus: verifies its files against the"
                + " manifest, creates the collection, imports each chunk with bulk import (loader.worker.limit jobs"
                + " at once), or inserts the rows in batches where the server has no import (Milvus Lite), and checks"
                + " the collection's count.",
        footer = {"", "Examples:",
            "  milvusdm load --config migration.yaml",
            "  milvusdm load --config migration.yaml --import insert",
            "  milvusdm load --config migration.yaml --resume",
            "  milvusdm load --config migration.yaml --mode overwrite",
            "", "A rerun never loads a chunk twice: the load ledger beside the config (<config>.load-<collection>"
                + ".ledger) records the chunks loaded, and a chunk an interrupted run started is cleaned first.",
            "", "Exit codes: 0 loaded, 1 failed, 2 bad usage or config, 3 the collection's count differs."})
public final class LoadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;

    LoadCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true,
            description = "milvus-migration's migration.yaml.")
    Path config;

    @Option(names = "--import", paramLabel = "API",
            description = "auto (default: loader.import), grpc, rest or insert.")
    String importApi;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "What to do with an existing collection: append (default: loader.mode), skip, overwrite"
                    + " (dropped once the dump is verified) or fail.")
    String mode;

    @Option(names = "--resume", description = "Continue the load the ledger records; fails when there is none."
            + " (A plain rerun resumes too; this says that it must.)")
    boolean resume;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Option(names = "--no-progress", description = "Do not draw a progress bar.")
    boolean noProgress;

    @Override
    public Integer call() throws IOException, JobFileException {
        MigrationJob job = MigrationConfig.read(config, environment);
        MigrationJob.ImportApi api = null;
        if (importApi != null) {
            try {
                api = MigrationJob.ImportApi.valueOf(importApi.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--import: expected auto, grpc, rest or insert, found '" + importApi + "'");
            }
        }
        if (mode != null) {
            try {
                MigrationJob.LoaderSettings l = job.loader();
                job = job.withLoader(new MigrationJob.LoaderSettings(l.workers(), l.importApi(), l.timeoutSeconds(),
                        l.verifyChecksums(), MigrationJob.LoadMode.valueOf(mode.trim().toUpperCase(Locale.ROOT))));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--mode: expected append, skip, overwrite or fail, found '" + mode + "'");
            }
        }
        if (resume && !MigrationLoad.hasLedger(job)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--resume: no load ledger "
                    + MigrationLoad.ledgerPath(job) + " to resume; run without --resume to load");
        }
        PrintWriter err = spec.commandLine().getErr();
        ProgressListener progress = noProgress ? ProgressListener.NONE
                : new ConsoleProgressBar(err, "load", System.console() != null);
        MigrationLoad.LoadSummary summary = MigrationLoad.run(job, api, resume, progress, environment);
        DumpLoadPrinter.printLoad(spec.commandLine().getOut(), summary, json);
        if (!summary.failures().isEmpty()) {
            return ExitCodes.FAILED;
        }
        return summary.countMatches() ? ExitCodes.OK : ExitCodes.MISMATCH;
    }
}
