package io.milvusdm.cli;

import io.milvusdm.format.faiss.write.FaissSink;
import io.milvusdm.format.faiss.write.FaissWriteSpec;
import io.milvusdm.format.hdf5.Hdf5Source;
import io.milvusdm.format.hdf5.Hdf5SourceSpec;
import io.milvusdm.format.npy.NpySource;
import io.milvusdm.format.npy.NpySourceSpec;
import io.milvusdm.job.ByteSizes;
import io.milvusdm.pipeline.JobRunner;
import io.milvusdm.pipeline.JobSummary;
import io.milvusdm.pipeline.Ledger;
import io.milvusdm.pipeline.ProgressListener;
import io.milvusdm.pipeline.RunOptions;
import io.milvusdm.pipeline.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import io.milvusdm.milvus.MilvusTarget;
import io.milvusdm.milvus.source.MilvusCollectionSource;
import io.milvusdm.milvus.source.MilvusCollectionSourceSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code milvusdm to-faiss}: Milvus, HDF5 or NumPy vectors into a Faiss index file that faiss reads back. */
@Command(name = "to-faiss", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "Writes vectors from a Milvus collection, HDF5 or NumPy files into a Faiss index file, byte for"
                + " byte as faiss"
                + " writes the same index: IndexFlat (L2/IP), IndexIDMap2 over it, or IndexIVFFlat.",
        footer = {"", "Examples:",
            "  milvusdm to-faiss --hdf5 vectors.h5 --out vectors.index --kind idmap2 --metric L2",
            "  milvusdm to-faiss --npy vectors.npy --npy-ids ids.npy --out ivf.index --kind ivf --nlist 1024",
            "  milvusdm to-faiss --milvus-uri http://127.0.0.1:19530 --collection docs --out docs.index",
            "", "Exit codes: 0 written (or skipped), 1 failed, 2 bad usage."})
public final class ToFaissCommand implements Callable<Integer> {

    /** Credentials of the Milvus the vectors are read from. */
    public static final String ENV_USER = "MILVUSDM_SOURCE_USER";
    public static final String ENV_PASSWORD = "MILVUSDM_SOURCE_PASSWORD";
    public static final String ENV_TOKEN = "MILVUSDM_SOURCE_TOKEN";

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;

    ToFaissCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--hdf5", paramLabel = "FILE", arity = "1..*",
                description = "HDF5 files in MilvusDM's layout (embeddings + optional ids).")
        List<Path> hdf5;

        @Option(names = "--npy", paramLabel = "FILE", description = "A 2-D float32/float64 .npy of vectors.")
        Path npy;

        @Option(names = "--milvus-uri", paramLabel = "URI",
                description = "A Milvus 2.x server (http://host:port) to read --collection from; credentials from"
                        + " $MILVUSDM_SOURCE_USER/$MILVUSDM_SOURCE_PASSWORD or $MILVUSDM_SOURCE_TOKEN.")
        String milvusUri;
    }

    @Option(names = "--collection", paramLabel = "NAME", description = "With --milvus-uri: the collection to read.")
    String collection;

    @Option(names = "--partition", paramLabel = "NAME", description = "With --milvus-uri: only these partitions.")
    List<String> partitions;

    @Option(names = "--vector-field", paramLabel = "NAME",
            description = "With --milvus-uri: the vector field, when the collection has several.")
    String vectorField;

    @Option(names = "--npy-ids", paramLabel = "FILE", description = "A 1-D int64 .npy of ids for --npy.")
    Path npyIds;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The index file to write.")
    Path out;

    @Option(names = "--kind", paramLabel = "KIND", defaultValue = "idmap2",
            description = "flat, idmap2 (default: keeps the source's ids) or ivf.")
    String kind;

    @Option(names = "--metric", paramLabel = "METRIC", defaultValue = "L2", description = "L2 (default) or IP.")
    String metric;

    @Option(names = "--nlist", paramLabel = "N", defaultValue = "0",
            description = "Inverted lists for ivf (default: about 4·sqrt(rows)).")
    int nlist;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1234", description = "The k-means seed for ivf.")
    long seed;

    @Option(names = "--centroids", paramLabel = "FILE",
            description = "A (nlist, d) float32 .npy of centroids for ivf, instead of training.")
    Path centroids;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "overwrite",
            description = "When the file exists: overwrite (default) or skip.")
    String mode;

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
        FaissWriteSpec writeSpec = writeSpec();
        long batch = ByteSizes.parse(batchBytes);
        if (batch < 1024 || batch > RunOptions.MAX_BATCH_BYTES) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--batch-bytes: expected a size from 1KiB to 48MiB, found '" + batchBytes + "'");
        }
        RunOptions options = RunOptions.of(workers, batch, false);
        ProgressListener progress = noProgress ? ProgressListener.NONE
                : new ConsoleProgressBar(spec.commandLine().getErr(), "to-faiss", System.console() != null);
        JobSummary summary;
        try (Source source = openSource();
             FaissSink sink = new FaissSink(writeSpec, source, options);
             Ledger ledger = Ledger.open(temporaryLedger(), "to-faiss", false)) {
            summary = new JobRunner(source, sink, ledger, options, progress).run();
        }
        SummaryPrinter.print(spec.commandLine().getOut(), "to-faiss", "Faiss file " + out, summary, json);
        return summary.status() == JobSummary.Status.COUNT_MISMATCH ? ExitCodes.MISMATCH : ExitCodes.OK;
    }

    private Source openSource() throws IOException {
        if ((collection != null || partitions != null || vectorField != null) && input.milvusUri == null) {
            throw usage("--collection, --partition and --vector-field go with --milvus-uri");
        }
        if (input.milvusUri != null) {
            if (collection == null) {
                throw usage("--milvus-uri needs --collection");
            }
            MilvusTarget server = new MilvusTarget(input.milvusUri, blankToNull(environment.get(ENV_USER)),
                    blankToNull(environment.get(ENV_PASSWORD)), blankToNull(environment.get(ENV_TOKEN)), null,
                    input.milvusUri.startsWith("https://"), null, null, null, null);
            MilvusCollectionSource source = MilvusCollectionSource.open(
                    new MilvusCollectionSourceSpec(server, collection, partitions, vectorField));
            for (String skipped : source.skippedFields()) {
                spec.commandLine().getErr().println("milvusdm: warning: field " + skipped + " is not written to"
                        + " the Faiss file (it holds vectors and ids only)");
            }
            return source;
        }
        if (input.hdf5 != null) {
            if (npyIds != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--npy-ids goes with --npy, not --hdf5");
            }
            return Hdf5Source.open(Hdf5SourceSpec.milvusdm(input.hdf5, false));
        }
        return NpySource.open(NpySourceSpec.of(input.npy, npyIds));
    }

    /** The runner keeps a ledger; a Faiss file cannot be resumed, so it lives only as long as the run. */
    private Path temporaryLedger() throws IOException {
        Path ledger = Files.createTempFile("milvusdm-to-faiss", ".ledger");
        ledger.toFile().deleteOnExit();
        return ledger;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private FaissWriteSpec writeSpec() {
        FaissWriteSpec.Kind k = switch (kind.toLowerCase(Locale.ROOT)) {
            case "flat" -> FaissWriteSpec.Kind.FLAT;
            case "idmap2" -> FaissWriteSpec.Kind.IDMAP2_FLAT;
            case "ivf" -> FaissWriteSpec.Kind.IVF_FLAT;
            default -> throw usage("--kind: expected flat, idmap2 or ivf, found '" + kind + "'");
        };
        FaissWriteSpec.Metric m = switch (metric.toUpperCase(Locale.ROOT)) {
            case "L2" -> FaissWriteSpec.Metric.L2;
            case "IP" -> FaissWriteSpec.Metric.INNER_PRODUCT;
            default -> throw usage("--metric: expected L2 or IP, found '" + metric + "'");
        };
        FaissWriteSpec.Mode md = switch (mode.toLowerCase(Locale.ROOT)) {
            case "overwrite" -> FaissWriteSpec.Mode.OVERWRITE;
            case "skip" -> FaissWriteSpec.Mode.SKIP;
            default -> throw usage("--mode: expected overwrite or skip, found '" + mode + "'"
                    + (mode.equalsIgnoreCase("append") ? " (a Faiss file cannot be appended to in place)" : ""));
        };
        if (k != FaissWriteSpec.Kind.IVF_FLAT && (nlist != 0 || centroids != null)) {
            throw usage("--nlist and --centroids go with --kind ivf");
        }
        if (nlist < 0) {
            throw usage("--nlist must not be negative, found " + nlist);
        }
        return new FaissWriteSpec(out, k, m, md, nlist, seed, centroids, 0);
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
