package io.milvusdm.cli;

import io.milvusdm.format.hdf5.Hdf5Source;
import io.milvusdm.format.hdf5.write.Hdf5Sink;
import io.milvusdm.format.hdf5.write.Hdf5WriteSpec;
import io.milvusdm.milvus.source.MilvusCollectionSource;
import io.milvusdm.milvus.source.MilvusCollectionSourceSpec;
import io.milvusdm.pipeline.JobSummary;
import io.milvusdm.pipeline.RunOptions;
import io.milvusdm.pipeline.Source;
import io.milvusdm.pipeline.SourceSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
                + " MilvusDM's layout (embeddings float32 or uint8, ids int64), every scalar field and every other"
                + " vector field of a Milvus collection as a dataset of its own type (sparse vectors as CSR), and"
                + " beside it FILE.h5.yaml, an H2M job that moves the file into Milvus with `milvusdm --yaml`.",
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

    @Mixin
    SourceOptions source;

    @Mixin
    FileRunOptions run;

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

    @Option(names = "--compression", paramLabel = "none|gzip[:LEVEL]", defaultValue = "none",
            description = "none (default: contiguous datasets, as MilvusDM wrote them) or gzip / gzip:1..9: chunked"
                    + " datasets (about 1 MiB a chunk) through the shuffle and deflate filters; h5py reads both.")
    String compression;

    @Override
    public Integer call() throws IOException {
        Hdf5WriteSpec writeSpec = new Hdf5WriteSpec(out, mode(), compression());
        if (destPort < 1 || destPort > 65535) {
            throw usage("--dest-port: expected 1 to 65535, found " + destPort);
        }
        RunOptions options = run.runOptions(spec);
        JobSummary summary;
        SourceSchema schema;
        try (Source input = source.open(spec, environment, MilvusCollectionSourceSpec.Fields.SCALARS,
                "the HDF5 file holds 'embeddings' (the field --vector-field names) and vector fields of known types",
                "milvusdm writes no HDF5 dataset for this type yet");
             Hdf5Sink sink = new Hdf5Sink(withSourceNames(writeSpec, input), input, options)) {
            schema = input.schema();
            summary = run.run(spec, "to-hdf5", input, sink, options);
        }
        SummaryPrinter.print(spec.commandLine().getOut(), "to-hdf5", "HDF5 file " + out, summary, run.json);
        if (summary.status() == JobSummary.Status.DONE) {
            Path yaml = new H2mSideYaml(out.toAbsolutePath(), destHost, destPort, targetCollection(),
                    targetPartition(), schema).write();
            if (!run.json) {
                spec.commandLine().getOut().println("H2M job: " + yaml + " (run it with: milvusdm --yaml " + yaml
                        + ")");
            }
        }
        return summary.status() == JobSummary.Status.COUNT_MISMATCH ? ExitCodes.MISMATCH : ExitCodes.OK;
    }

    /** The spec recording the source's own names for its key and vector fields, when it has them. */
    private static Hdf5WriteSpec withSourceNames(Hdf5WriteSpec writeSpec, Source input) {
        if (input instanceof MilvusCollectionSource milvus) {
            return writeSpec.withFieldNames(milvus.keyField(), milvus.vectorField());
        }
        if (input instanceof Hdf5Source hdf5 && hdf5.fieldNames().isPresent()) {
            return writeSpec.withFieldNames(hdf5.fieldNames().get().key(), hdf5.fieldNames().get().vector());
        }
        return writeSpec;
    }

    private String targetCollection() {
        if (destCollection != null) {
            return destCollection;
        }
        if (source.collection != null) {
            return source.collection;
        }
        return H2mSideYaml.collectionName(source.inputFile());
    }

    private String targetPartition() {
        if (destPartition != null) {
            return destPartition;
        }
        return source.partitions != null && source.partitions.size() == 1 ? source.partitions.get(0) : "";
    }

    private Hdf5WriteSpec.Mode mode() {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "overwrite" -> Hdf5WriteSpec.Mode.OVERWRITE;
            case "skip" -> Hdf5WriteSpec.Mode.SKIP;
            default -> throw usage("--mode: expected overwrite or skip, found '" + mode + "'"
                    + (mode.equalsIgnoreCase("append") ? " (the HDF5 file is written whole, in one run)" : ""));
        };
    }

    private Hdf5WriteSpec.Compression compression() {
        try {
            return Hdf5WriteSpec.Compression.parse(compression);
        } catch (IllegalArgumentException e) {
            throw usage("--compression: " + e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
