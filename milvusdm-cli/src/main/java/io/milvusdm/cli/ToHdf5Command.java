package io.milvusdm.cli;

import io.milvusdm.format.faiss.FaissSource;
import io.milvusdm.format.hdf5.write.Hdf5Sink;
import io.milvusdm.format.hdf5.write.Hdf5WriteSpec;
import io.milvusdm.format.npy.NpySource;
import io.milvusdm.format.npy.NpySourceSpec;
import io.milvusdm.job.ByteSizes;
import io.milvusdm.milvus.MilvusTarget;
import io.milvusdm.milvus.source.MilvusCollectionSource;
import io.milvusdm.milvus.source.MilvusCollectionSourceSpec;
import io.milvusdm.pipeline.JobRunner;
import io.milvusdm.pipeline.JobSummary;
import io.milvusdm.pipeline.Ledger;
import io.milvusdm.pipeline.ProgressListener;
import io.milvusdm.pipeline.RunOptions;
import io.milvusdm.pipeline.Source;
import io.milvusdm.pipeline.SourceSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code milvusdm to-hdf5}: Milvus, Faiss or NumPy vectors into an HDF5 file in MilvusDM's layout, with the
 * ready-to-run H2M job beside it, as MilvusDM's M2H wrote them.
 */
@Command(name = "to-hdf5", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "Writes vectors from a Milvus collection, a Faiss index or NumPy files into an HDF5 file in"
                + " MilvusDM's layout (embeddings float32 or uint8, ids int64), and beside it FILE.h5.yaml, an H2M"
                + " job that moves the file into Milvus with `milvusdm --yaml`.",
        footer = {"", "Examples:",
            "  milvusdm to-hdf5 --milvus-uri http://127.0.0.1:19530 --collection docs --out docs.h5",
            "  milvusdm to-hdf5 --faiss vectors.index --out vectors.h5 --dest-port 19531",
            "  milvusdm to-hdf5 --npy vectors.npy --npy-ids ids.npy --out vectors.h5 --dest-collection docs",
            "", "Exit codes: 0 written (or skipped), 1 failed, 2 bad usage, 3 row count mismatch."})
public final class ToHdf5Command implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;

    ToHdf5Command(Map<String, String> environment) {
        this.environment = environment;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--milvus-uri", paramLabel = "URI",
                description = "A Milvus 2.x server (http://host:port) to read --collection from; credentials from"
                        + " $MILVUSDM_SOURCE_USER/$MILVUSDM_SOURCE_PASSWORD or $MILVUSDM_SOURCE_TOKEN.")
        String milvusUri;

        @Option(names = "--faiss", paramLabel = "FILE", description = "A Faiss index file.")
        Path faiss;

        @Option(names = "--npy", paramLabel = "FILE", description = "A 2-D float32/float64 .npy of vectors.")
        Path npy;
    }

    @Option(names = "--collection", paramLabel = "NAME", description = "With --milvus-uri: the collection to read.")
    String collection;

    @Option(names = "--partition", paramLabel = "NAME", description = "With --milvus-uri: only these partitions.")
    List<String> partitions;

    @Option(names = "--vector-field", paramLabel = "NAME",
            description = "With --milvus-uri: the vector field, when the collection has several.")
    String vectorField;

    @Option(names = "--allow-lossy",
            description = "With --faiss: accept vectors decoded from codes (PQ, SQ, lossy transforms).")
    boolean allowLossy;

    @Option(names = "--npy-ids", paramLabel = "FILE", description = "A 1-D int64 .npy of ids for --npy.")
    Path npyIds;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The .h5 file to write.")
    Path out;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "overwrite",
            description = "When the file exists: overwrite (default) or skip.")
    String mode;

    @Option(names = "--dest-host", paramLabel = "HOST", defaultValue = H2mSideYaml.DEFAULT_HOST,
            description = "The side H2M job's dest_host (default 127.0.0.1).")
    String destHost;

    @Option(names = "--dest-port", paramLabel = "PORT", defaultValue = "" + H2mSideYaml.DEFAULT_PORT,
            description = "The side H2M job's dest_port (default 19530).")
    int destPort;

    @Option(names = "--dest-collection", paramLabel = "NAME",
            description = "The side H2M job's collection (default: the source collection, or the input file's stem).")
    String destCollection;

    @Option(names = "--dest-partition", paramLabel = "NAME",
            description = "The side H2M job's partition (default: the one --partition, else none).")
    String destPartition;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "2", description = "Reader and writer threads.")
    int workers;

    @Option(names = "--batch-bytes", paramLabel = "SIZE", defaultValue = "8MB", description = "Batch size.")
    String batchBytes;

    @Option(names = "--no-progress", description = "Do not draw a progress bar.")
    boolean noProgress;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Hdf5WriteSpec writeSpec = new Hdf5WriteSpec(out, mode());
        if (destPort < 1 || destPort > 65535) {
            throw usage("--dest-port: expected 1 to 65535, found " + destPort);
        }
        long batch = ByteSizes.parse(batchBytes);
        if (batch < 1024 || batch > RunOptions.MAX_BATCH_BYTES) {
            throw usage("--batch-bytes: expected a size from 1KiB to 48MiB, found '" + batchBytes + "'");
        }
        RunOptions options = RunOptions.of(workers, batch, false);
        ProgressListener progress = noProgress ? ProgressListener.NONE
                : new ConsoleProgressBar(spec.commandLine().getErr(), "to-hdf5", System.console() != null);
        JobSummary summary;
        SourceSchema schema;
        try (Source source = openSource();
             Hdf5Sink sink = new Hdf5Sink(writeSpec, source, options);
             Ledger ledger = Ledger.open(temporaryLedger(), "to-hdf5", false)) {
            schema = source.schema();
            summary = new JobRunner(source, sink, ledger, options, progress).run();
        }
        SummaryPrinter.print(spec.commandLine().getOut(), "to-hdf5", "HDF5 file " + out, summary, json);
        if (summary.status() == JobSummary.Status.DONE) {
            Path yaml = new H2mSideYaml(out.toAbsolutePath(), destHost, destPort, targetCollection(),
                    targetPartition(), schema).write();
            if (!json) {
                spec.commandLine().getOut().println("H2M job: " + yaml + " (run it with: milvusdm --yaml " + yaml
                        + ")");
            }
        }
        return summary.status() == JobSummary.Status.COUNT_MISMATCH ? ExitCodes.MISMATCH : ExitCodes.OK;
    }

    private Source openSource() throws IOException {
        if ((collection != null || partitions != null || vectorField != null) && input.milvusUri == null) {
            throw usage("--collection, --partition and --vector-field go with --milvus-uri");
        }
        if (allowLossy && input.faiss == null) {
            throw usage("--allow-lossy goes with --faiss");
        }
        if (npyIds != null && input.npy == null) {
            throw usage("--npy-ids goes with --npy");
        }
        if (input.milvusUri != null) {
            if (collection == null) {
                throw usage("--milvus-uri needs --collection");
            }
            MilvusTarget server = new MilvusTarget(input.milvusUri, blankToNull(environment.get(ToFaissCommand.ENV_USER)),
                    blankToNull(environment.get(ToFaissCommand.ENV_PASSWORD)),
                    blankToNull(environment.get(ToFaissCommand.ENV_TOKEN)), null,
                    input.milvusUri.startsWith("https://"), null, null, null, null);
            MilvusCollectionSource source = MilvusCollectionSource.open(
                    new MilvusCollectionSourceSpec(server, collection, partitions, vectorField));
            for (String skipped : source.skippedFields()) {
                spec.commandLine().getErr().println("milvusdm: warning: field " + skipped + " is not written to"
                        + " the HDF5 file (MilvusDM's layout holds vectors and ids only)");
            }
            return source;
        }
        if (input.faiss != null) {
            return FaissSource.open(input.faiss, allowLossy);
        }
        return NpySource.open(NpySourceSpec.of(input.npy, npyIds));
    }

    private String targetCollection() {
        if (destCollection != null) {
            return destCollection;
        }
        if (collection != null) {
            return collection;
        }
        return H2mSideYaml.collectionName(input.faiss != null ? input.faiss : input.npy);
    }

    private String targetPartition() {
        if (destPartition != null) {
            return destPartition;
        }
        return partitions != null && partitions.size() == 1 ? partitions.get(0) : "";
    }

    private Hdf5WriteSpec.Mode mode() {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "overwrite" -> Hdf5WriteSpec.Mode.OVERWRITE;
            case "skip" -> Hdf5WriteSpec.Mode.SKIP;
            default -> throw usage("--mode: expected overwrite or skip, found '" + mode + "'"
                    + (mode.equalsIgnoreCase("append") ? " (the HDF5 file is written whole, in one run)" : ""));
        };
    }

    /** The runner keeps a ledger; an HDF5 file is written in one run, so it lives only as long as the run. */
    private Path temporaryLedger() throws IOException {
        Path ledger = Files.createTempFile("milvusdm-to-hdf5", ".ledger");
        ledger.toFile().deleteOnExit();
        return ledger;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
