package io.milvusdm.cli;

import io.milvusdm.dump.DumpFormat;
import io.milvusdm.dump.DumpSummary;
import io.milvusdm.job.ByteSizes;
import io.milvusdm.job.JobFileException;
import io.milvusdm.job.MigrationConfig;
import io.milvusdm.job.MigrationDump;
import io.milvusdm.job.MigrationJob;
import io.milvusdm.pipeline.ProgressListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code milvusdm dump --config migration.yaml}: milvus-migration's dump, writing the source into chunked files
 * with a manifest, in a local folder or a bucket.
 */
@Command(name = "dump", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "Writes the source of a milvus-migration config (workMode faiss, milvus1x, milvus2x, hdf5, npy)"
                + " into files Milvus bulk import reads: one Parquet file per chunk (the default), or a folder per"
                + " chunk with one <field>.npy per field, and manifest.json, under <outputDir>/migration/<collection>/.",
        footer = {"", "Examples:",
            "  milvusdm dump --config migration.yaml",
            "  milvusdm dump --config migration.yaml --chunk-bytes 64MB",
            "", "Exit codes: 0 written (or already there), 1 failed, 2 bad usage or config."})
public final class DumpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;

    DumpCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true,
            description = "milvus-migration's migration.yaml.")
    Path config;

    @Option(names = "--chunk-bytes", paramLabel = "SIZE",
            description = "Most payload bytes per chunk, e.g. 256MB (default: dumper.chunkSize, else 256MiB).")
    String chunkBytes;

    @Option(names = "--format", paramLabel = "FORMAT", description = "File format: parquet or npy (default: dumper.format, else parquet).")
    String format;

    @Option(names = "--resume",
            description = "Continue an interrupted dump: chunks its ledger (FILE.dump.ledger) records are kept.")
    boolean resume;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Option(names = "--no-progress", description = "Do not draw a progress bar.")
    boolean noProgress;

    @Override
    public Integer call() throws IOException, JobFileException {
        MigrationJob job = MigrationConfig.read(config, environment);
        Long chunk = null;
        if (chunkBytes != null) {
            try {
                chunk = ByteSizes.parse(chunkBytes);
            } catch (IllegalArgumentException e) {
                throw usage("--chunk-bytes: expected a size such as 256MB, found '" + chunkBytes + "'");
            }
            if (chunk < 1024) {
                throw usage("--chunk-bytes: expected at least 1KB, found '" + chunkBytes + "'");
            }
        }
        DumpFormat chosen = null;
        if (format != null) {
            chosen = DumpFormat.of(format);
            if (chosen == null) {
                throw usage("--format: expected parquet or npy, found '" + format + "'");
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        ProgressListener progress = noProgress ? ProgressListener.NONE
                : new ConsoleProgressBar(err, "dump", System.console() != null);
        DumpSummary summary = MigrationDump.run(job, chunk, chosen, resume, progress);
        DumpLoadPrinter.printDump(spec.commandLine().getOut(), summary, json);
        return ExitCodes.OK;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
