package io.milvusdm.cli;

import io.milvusdm.format.faiss.FaissSource;
import io.milvusdm.format.langchain.LangChainStoreSource;
import java.nio.file.Files;
import io.milvusdm.job.F2mJob;
import io.milvusdm.job.H2mJob;
import io.milvusdm.job.M2hJob;
import io.milvusdm.job.M2mJob;
import io.milvusdm.job.MilvusJobTarget;
import io.milvusdm.pipeline.Source;
import java.io.IOException;
import java.util.function.Consumer;
import io.milvusdm.job.MilvusMigration;
import io.milvusdm.format.hdf5.Hdf5Source;
import io.milvusdm.job.JobFileException;
import io.milvusdm.job.JobIdentity;
import io.milvusdm.job.MilvusDmJobFile;
import io.milvusdm.pipeline.JobSummary;
import io.milvusdm.pipeline.ProgressListener;
import io.milvusdm.pipeline.RunOptions;
import io.milvusdm.job.ByteSizes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code milvusdm --yaml JOB}: runs a MilvusDM job file, as MilvusDM's own command line does. */
@Command(name = "milvusdm", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, subcommands = InspectCommand.class,
        description = "Moves vector data into, out of and between Milvus.",
        footerHeading = "%nExample job file (H2M.yaml):%n",
        footer = {
            "  H2M:",
            "    data_path: [/data/float_1.h5, /data/float_2.h5]",
            "    dest_host: 127.0.0.1",
            "    dest_port: 19530",
            "    mode: append                 # skip | append | overwrite | upsert",
            "    dest_collection_name: test_float",
            "    dest_partition_name: ''",
            "    collection_parameter: {dimension: 128, metric_type: L2}",
            "",
            "Exit codes: 0 done (or skipped), 1 failed, 2 bad usage or job file, 3 target count mismatch."})
public final class MilvusdmCommand implements Callable<Integer> {

    private final Map<String, String> environment;

    @Spec
    CommandSpec spec;

    @Option(names = "--yaml", paramLabel = "FILE", description = "A MilvusDM job file (H2M, F2M, M2M, M2H).")
    Path yaml;

    @Option(names = "--resume", description = "Continue an interrupted job from its ledger (FILE.ledger). M2M: a run"
            + " continues an interrupted one of the same job without it too.")
    boolean resume;

    @Option(names = "--restart", description = "M2M: start over, forgetting the ledgers of an interrupted run (rows"
            + " it copied stay in the target; the job's mode applies to them).")
    boolean restart;

    @Option(names = "--allow-lossy",
            description = "F2M: accept vectors decoded from codes (PQ, SQ, lossy transforms), as allow_lossy: true.")
    boolean allowLossy;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Option(names = "--no-progress", description = "Do not draw a progress bar.")
    boolean noProgress;

    @Option(names = "--workers", paramLabel = "N", description = "Reader and writer threads (default 2).")
    Integer workers;

    @Option(names = "--batch-bytes", paramLabel = "SIZE",
            description = "Most bytes per insert request, e.g. 8MB (default 8MiB, at most 48MiB).")
    String batchBytes;

    @Option(names = "--ledger", paramLabel = "FILE",
            description = "Where the job's ledger lives (default: FILE.ledger; M2M: FILE.<collection>.<partition>.ledger"
                    + " per unit, named after this file when given).")
    Path ledger;

    @Option(names = "--stacktrace", description = "Print the stack trace of a failure.")
    boolean stacktrace;

    public MilvusdmCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    boolean stacktrace() {
        return stacktrace;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (yaml == null) {
            spec.commandLine().usage(err);
            return ExitCodes.USAGE;
        }
        if (resume && restart) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--resume and --restart exclude each other");
        }
        Long batchBytesOption = cliBatchBytes();
        String task = MilvusDmJobFile.task(yaml);
        Consumer<String> warnings = warning -> err.println("milvusdm: warning: " + warning);
        JobSummary summary;
        MilvusJobTarget target;
        switch (task) {
            case "H2M" -> {
                H2mJob job = MilvusDmJobFile.readH2m(yaml, environment, warnings);
                target = job.target();
                try (Hdf5Source source = Hdf5Source.open(job.source())) {
                    summary = migrate(task, source, target, batchBytesOption);
                }
            }
            case "F2M" -> {
                F2mJob job = MilvusDmJobFile.readF2m(yaml, environment, warnings);
                target = job.target();
                try (Source source = openFaiss(job, allowLossy || job.allowLossy())) {
                    summary = migrate(task, source, target, batchBytesOption);
                    if (source instanceof FaissSource faiss) {
                        summary = summary.withSourceReport(FaissErrorReport.of(faiss));
                    } else if (source instanceof LangChainStoreSource store) {
                        summary = summary.withSourceReport(FaissErrorReport.of(store.index()));
                    }
                }
            }
            case "M2H" -> {
                M2hJob job = MilvusDmJobFile.readM2h(yaml, environment, warnings);
                if (resume) {
                    warnings.accept("--resume is ignored for M2H: each HDF5 file is written whole, in one run");
                }
                return new M2hRunner(out, err, json, noProgress).run(job, RunOptions.of(
                        workers != null ? workers : RunOptions.DEFAULT_WORKERS,
                        batchBytesOption != null ? batchBytesOption : RunOptions.DEFAULT_BATCH_BYTES, false));
            }
            case "M2M" -> {
                M2mJob job = MilvusDmJobFile.readM2m(yaml, environment, warnings);
                return new M2mRunner(out, err, json, noProgress, environment).run(job, yaml,
                        job.target().runOptions(workers, batchBytesOption, resume), UnitTotals.rerun(resume, restart),
                        ledger != null ? ledger : yaml);
            }
            default -> throw new JobFileException(yaml, task + " jobs are not supported by this version of milvusdm");
        }
        SummaryPrinter.print(out, task, target.describe(), summary, json);
        return summary.status() == JobSummary.Status.COUNT_MISMATCH ? ExitCodes.MISMATCH : ExitCodes.OK;
    }

    /** A Faiss index file, or a folder LangChain's {@code FAISS.save_local} wrote (index.faiss + index.pkl). */
    private static Source openFaiss(F2mJob job, boolean allowLossy) throws IOException {
        return Files.isDirectory(job.index()) ? LangChainStoreSource.open(job.index(), allowLossy)
                : FaissSource.open(job.index(), allowLossy);
    }

    private JobSummary migrate(String task, Source source, MilvusJobTarget target, Long batchBytesOption)
            throws IOException {
        RunOptions options = target.runOptions(workers, batchBytesOption, resume);
        PrintWriter err = spec.commandLine().getErr();
        ProgressListener progress = noProgress ? ProgressListener.NONE
                : new ConsoleProgressBar(err, task, System.console() != null);
        Path ledgerPath = ledger != null ? ledger : JobIdentity.ledgerPath(yaml);
        return MilvusMigration.run(source, target, yaml, options, ledgerPath, progress, environment);
    }

    private Long cliBatchBytes() throws CommandLine.ParameterException {
        if (batchBytes == null) {
            return null;
        }
        long bytes = ByteSizes.parse(batchBytes);
        if (bytes < 1024 || bytes > RunOptions.MAX_BATCH_BYTES) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--batch-bytes: expected a size from 1KiB to 48MiB, found '" + batchBytes + "'");
        }
        return bytes;
    }
}
