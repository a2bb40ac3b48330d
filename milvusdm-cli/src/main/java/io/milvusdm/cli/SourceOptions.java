package io.milvusdm.cli;

import io.milvusdm.format.faiss.FaissSource;
import io.milvusdm.format.hdf5.Hdf5Source;
import io.milvusdm.format.hdf5.Hdf5SourceSpec;
import io.milvusdm.format.npy.NpySource;
import io.milvusdm.format.npy.NpySourceSpec;
import io.milvusdm.milvus.MilvusTarget;
import io.milvusdm.milvus.source.MilvusCollectionSource;
import io.milvusdm.milvus.source.MilvusCollectionSourceSpec;
import io.milvusdm.pipeline.Source;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Where a file-writing command ({@code to-faiss}, {@code to-hdf5}) reads vectors from: exactly one of a Milvus
 * collection, HDF5 files, a NumPy file or a Faiss index, with the options that go with it.
 */
final class SourceOptions {

    /** Credentials of the Milvus the vectors are read from. */
    static final String ENV_USER = "MILVUSDM_SOURCE_USER";
    static final String ENV_PASSWORD = "MILVUSDM_SOURCE_PASSWORD";
    static final String ENV_TOKEN = "MILVUSDM_SOURCE_TOKEN";

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--milvus-uri", paramLabel = "URI",
                description = "A Milvus 2.x server (http://host:port) to read --collection from; credentials from"
                        + " $MILVUSDM_SOURCE_USER/$MILVUSDM_SOURCE_PASSWORD or $MILVUSDM_SOURCE_TOKEN.")
        String milvusUri;

        @Option(names = "--hdf5", paramLabel = "FILE", arity = "1..*",
                description = "HDF5 files in MilvusDM's layout (embeddings + optional ids).")
        List<Path> hdf5;

        @Option(names = "--npy", paramLabel = "FILE",
                description = "A 2-D float32/float64 .npy of vectors, or uint8 rows of packed bits (binary vectors).")
        Path npy;

        @Option(names = "--faiss", paramLabel = "FILE", description = "A Faiss index file.")
        Path faiss;
    }

    @Option(names = "--collection", paramLabel = "NAME", description = "With --milvus-uri: the collection to read.")
    String collection;

    @Option(names = "--partition", paramLabel = "NAME", description = "With --milvus-uri: only these partitions.")
    List<String> partitions;

    @Option(names = "--vector-field", paramLabel = "NAME",
            description = "With --milvus-uri: the vector field, when the collection has several.")
    String vectorField;

    @Option(names = "--npy-ids", paramLabel = "FILE", description = "With --npy: a 1-D int64 .npy of ids.")
    Path npyIds;

    @Option(names = "--allow-lossy",
            description = "With --faiss: accept vectors decoded from codes (PQ, SQ, lossy transforms).")
    boolean allowLossy;

    /**
     * Opens the chosen source (its pre-scan runs here).
     *
     * @param fields which fields of a Milvus collection the target takes besides keys and vectors
     * @param droppedVectors why the target holds no other vector field, for the warning naming those of a Milvus
     *     collection
     * @param droppedScalars why the target holds none of the other fields a Milvus collection has, for the warning
     *     naming them
     */
    Source open(CommandSpec spec, Map<String, String> environment, MilvusCollectionSourceSpec.Fields fields,
                String droppedVectors, String droppedScalars) throws IOException {
        check(spec);
        if (input.milvusUri != null) {
            MilvusTarget server = new MilvusTarget(input.milvusUri, blankToNull(environment.get(ENV_USER)),
                    blankToNull(environment.get(ENV_PASSWORD)), blankToNull(environment.get(ENV_TOKEN)), null,
                    input.milvusUri.startsWith("https://"), null, null, null, null);
            MilvusCollectionSource source = MilvusCollectionSource.open(
                    new MilvusCollectionSourceSpec(server, collection, partitions, vectorField, fields, null));
            for (String skipped : source.skippedFields()) {
                // skipped fields are named "name (Type)", or "name (Type, a function's output)"
                String why = skipped.endsWith("a function's output)") ? "a Milvus target computes it from the"
                        + " function's input" : skipped.endsWith("Vector)") ? droppedVectors : droppedScalars;
                spec.commandLine().getErr().println("milvusdm: warning: field " + skipped + " is not written ("
                        + why + ")");
            }
            return source;
        }
        if (input.hdf5 != null) {
            return Hdf5Source.open(Hdf5SourceSpec.milvusdm(input.hdf5, false));
        }
        if (input.faiss != null) {
            return FaissSource.open(input.faiss, allowLossy);
        }
        return NpySource.open(NpySourceSpec.of(input.npy, npyIds));
    }

    private void check(CommandSpec spec) {
        if ((collection != null || partitions != null || vectorField != null) && input.milvusUri == null) {
            throw usage(spec, "--collection, --partition and --vector-field go with --milvus-uri");
        }
        if (input.milvusUri != null && collection == null) {
            throw usage(spec, "--milvus-uri needs --collection");
        }
        if (allowLossy && input.faiss == null) {
            throw usage(spec, "--allow-lossy goes with --faiss");
        }
        if (npyIds != null && input.npy == null) {
            throw usage(spec, "--npy-ids goes with --npy");
        }
    }

    /** The input file, for naming things after it, or null for a Milvus collection. */
    Path inputFile() {
        return input.faiss != null ? input.faiss : input.npy != null ? input.npy
                : input.hdf5 != null ? input.hdf5.get(0) : null;
    }

    private static CommandLine.ParameterException usage(CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
