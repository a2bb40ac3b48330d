package io.milvusdm.cli;

import io.milvusdm.format.faiss.write.FaissSink;
import io.milvusdm.format.faiss.write.FaissWriteSpec;
import io.milvusdm.milvus.source.MilvusCollectionSourceSpec;
import io.milvusdm.pipeline.JobSummary;
import io.milvusdm.pipeline.RunOptions;
import io.milvusdm.pipeline.Source;
import io.milvusdm.pipeline.VectorType;
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
 * {@code milvusdm to-faiss}: Milvus, HDF5 or NumPy vectors (float or binary) into a Faiss index file that faiss
 * reads back.
 */
@Command(name = "to-faiss", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "Writes the vectors of a Milvus collection, HDF5 or NumPy files, or another Faiss index into a"
                + " Faiss index file, byte for byte as faiss writes the same index: IndexFlat (L2/IP), IndexIDMap or"
                + " IndexIDMap2 over it, or IndexIVFFlat; from binary vectors (a BINARY_VECTOR field, uint8 rows of"
                + " packed bits) IndexBinaryFlat, IndexBinaryIDMap(2) or IndexBinaryIVF (Hamming).",
        footer = {"", "Examples:",
            "  milvusdm to-faiss --hdf5 vectors.h5 --out vectors.index --kind idmap2 --metric L2",
            "  milvusdm to-faiss --npy vectors.npy --npy-ids ids.npy --out ivf.index --kind ivf --nlist 1024",
            "  milvusdm to-faiss --milvus-uri http://127.0.0.1:19530 --collection docs --out docs.index",
            "  milvusdm to-faiss --npy bits.npy --npy-ids ids.npy --out bits.index --kind ivf --nlist 256",
            "  milvusdm to-faiss --faiss ivfpq.index --allow-lossy --out decoded_flat.index --kind idmap2",
            "", "Exit codes: 0 written (or skipped), 1 failed, 2 bad usage."})
public final class ToFaissCommand implements Callable<Integer> {


    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;

    ToFaissCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Mixin
    SourceOptions source;

    @Mixin
    FileRunOptions run;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The index file to write.")
    Path out;

    @Option(names = "--kind", paramLabel = "KIND", defaultValue = "idmap2",
            description = "flat, idmap, idmap2 (default: keeps the source's ids) or ivf.")
    String kind;

    @Option(names = "--metric", paramLabel = "METRIC",
            description = "L2 (the default for float vectors) or IP; HAMMING (the only one, and the default) for"
                    + " binary vectors.")
    String metric;

    @Option(names = "--nlist", paramLabel = "N", defaultValue = "0",
            description = "Inverted lists for ivf (default: about 4·sqrt(rows)).")
    int nlist;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1234", description = "The k-means seed for ivf.")
    long seed;

    @Option(names = "--centroids", paramLabel = "FILE",
            description = "A .npy of centroids for ivf, instead of training: (nlist, d) float32, or (nlist, d/8)"
                    + " uint8 for binary vectors.")
    Path centroids;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "overwrite",
            description = "When the file exists: overwrite (default) or skip.")
    String mode;

    @Override
    public Integer call() throws IOException {
        writeSpec(false); // usage errors first, before the source is opened (a server contacted)
        RunOptions options = run.runOptions(spec);
        JobSummary summary;
        try (Source input = source.open(spec, environment, MilvusCollectionSourceSpec.Fields.STRINGS,
                "a Faiss file holds vectors and ids only", "a Faiss file holds vectors and ids only");
             FaissSink sink = new FaissSink(writeSpec(input.schema().vectorType() == VectorType.BINARY_VECTOR), input,
                     options)) {
            summary = run.run(spec, "to-faiss", input, sink, options);
        }
        SummaryPrinter.print(spec.commandLine().getOut(), "to-faiss", "Faiss file " + out, summary, run.json);
        return summary.status() == JobSummary.Status.COUNT_MISMATCH ? ExitCodes.MISMATCH : ExitCodes.OK;
    }

    /** The spec the options ask for; the metric defaults by the source's vectors: HAMMING if binary, else L2. */
    private FaissWriteSpec writeSpec(boolean binary) {
        FaissWriteSpec.Kind k = switch (kind.toLowerCase(Locale.ROOT)) {
            case "flat" -> FaissWriteSpec.Kind.FLAT;
            case "idmap" -> FaissWriteSpec.Kind.IDMAP_FLAT;
            case "idmap2" -> FaissWriteSpec.Kind.IDMAP2_FLAT;
            case "ivf" -> FaissWriteSpec.Kind.IVF_FLAT;
            default -> throw usage("--kind: expected flat, idmap, idmap2 or ivf, found '" + kind + "'");
        };
        String chosen = metric != null ? metric : binary ? "HAMMING" : "L2";
        FaissWriteSpec.Metric m = switch (chosen.toUpperCase(Locale.ROOT)) {
            case "L2" -> FaissWriteSpec.Metric.L2;
            case "IP" -> FaissWriteSpec.Metric.INNER_PRODUCT;
            case "HAMMING" -> FaissWriteSpec.Metric.HAMMING;
            default -> throw usage("--metric: expected L2, IP or HAMMING, found '" + metric + "'");
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
