package io.milvusdm.cli.similarity;

import io.milvusdm.cli.ConsoleProgressBar;
import io.milvusdm.similarity.BackendKind;
import io.milvusdm.similarity.Embeddings;
import io.milvusdm.similarity.Metric;
import io.milvusdm.similarity.Similarity;
import io.milvusdm.similarity.SimilarityIndex;
import io.milvusdm.similarity.SimilarityOptions;
import io.milvusdm.similarity.dataset.Dataset;
import io.milvusdm.similarity.dataset.DatasetManifest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code milvusdm similarity create}: FiftyOne's compute_similarity. */
@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Creates a similarity index over a dataset (read from --manifest, or stored earlier) and"
                + " records it under --key.",
        footer = {"", "Examples:",
            "  milvusdm similarity create --manifest examples/similarity/pets.jsonl --key emb --embeddings-field emb",
            "  milvusdm similarity create --dataset pets --key boxes --patches-field ground_truth --embeddings-field emb",
            "  milvusdm similarity create --dataset pets --key vecs --embeddings vectors.npy --metric euclidean",
            "  milvusdm similarity create --dataset pets --key m --backend milvus --uri http://127.0.0.1:19530"
                    + " --collection-name pets_vectors --no-embeddings"})
final class CreateCommand extends IndexCommand {

    @Option(names = "--dataset", paramLabel = "NAME", description = "The dataset (default: the manifest's file name).")
    String dataset;

    @Option(names = "--manifest", paramLabel = "FILE", description = "A JSONL dataset manifest to load and store.")
    Path manifest;

    @Option(names = "--key", paramLabel = "KEY", required = true, description = "The index key (brain_key).")
    String key;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "inmemory",
            description = "inmemory (default) or milvus.")
    String backend;

    static final class Source {
        @Option(names = "--embeddings", paramLabel = "FILE",
                description = "Vectors, one row per sample (per patch) in dataset order: .npy or JSON.")
        Path file;

        @Option(names = "--embeddings-field", paramLabel = "FIELD", description = "The stored vector field to index.")
        String field;

        @Option(names = "--no-embeddings", description = "Add nothing (use an existing collection, or add later).")
        boolean none;
    }

    @ArgGroup(exclusive = true)
    Source source;

    @Option(names = "--metric", paramLabel = "METRIC",
            description = "cosine, dotproduct or euclidean (default cosine in memory, dotproduct in Milvus).")
    String metric;

    @Option(names = "--collection-name", paramLabel = "NAME", description = "Milvus collection to use or create.")
    String collectionName;

    @Option(names = "--consistency-level", paramLabel = "LEVEL", defaultValue = "Session",
            description = "Strong, Session (default), Bounded or Eventually.")
    String consistencyLevel;

    @Option(names = "--patches-field", paramLabel = "FIELD", description = "Index the patches of this field.")
    String patchesField;

    @Option(names = "--text-field", paramLabel = "KEY", description = "With --model: embed this metadata text.")
    String textField;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32", description = "Inputs per model call.")
    int batchSize;

    @Option(names = "--no-progress", description = "Do not draw a progress bar while a model computes embeddings.")
    boolean noProgress;

    @Option(names = "--index-type", paramLabel = "TYPE",
            description = "Milvus index of a new collection: FLAT (default, exact), HNSW, IVF_FLAT, ...")
    String indexType;

    @Option(names = "--index-param", paramLabel = "NAME=VALUE",
            description = "A build parameter of --index-type, e.g. M=16 efConstruction=200 (repeatable).")
    Map<String, String> indexParams = new LinkedHashMap<>();

    @Option(names = "--search-param", paramLabel = "NAME=VALUE",
            description = "A Milvus search parameter sent with every query, e.g. ef=256 (repeatable; HNSW's ef"
                    + " defaults to 128 and is raised to k).")
    Map<String, String> searchParams = new LinkedHashMap<>();

    CreateCommand(Map<String, String> environment) {
        super(environment);
    }

    @Override
    int run() throws Exception {
        Dataset data;
        if (manifest != null) {
            data = DatasetManifest.read(manifest, dataset);
        } else if (dataset != null) {
            data = index.openStore(environment).loadDataset(dataset).orElseThrow(() -> new IllegalArgumentException(
                    "Dataset '" + dataset + "' is not in the store; give --manifest"));
        } else {
            throw new IllegalArgumentException("give --manifest FILE or --dataset NAME");
        }
        SimilarityOptions.Builder options = index.options(key, environment, this::warn).backend(BackendKind.parse(backend))
                .consistencyLevel(consistencyLevel).patchesField(patchesField).textField(textField)
                .batchSize(batchSize).collectionName(collectionName);
        if (metric != null) {
            options.metric(Metric.parse(metric));
        }
        if (!noProgress && !json) {
            options.progress(new ConsoleProgressBar(spec.commandLine().getErr(), "embed " + data.name(),
                    System.console() != null));
        }
        if (indexType != null) {
            Map<String, Object> build = new LinkedHashMap<>();
            indexParams.forEach((name, value) -> build.put(name, number(value)));
            options.indexType(indexType, build);
        } else if (!indexParams.isEmpty()) {
            throw new IllegalArgumentException("--index-param needs --index-type");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        searchParams.forEach((name, value) -> params.put(name, number(value)));
        options.searchParams(params);
        if (source != null && source.file != null) {
            options.embeddings(Embeddings.array(VectorFiles.read(source.file)));
        } else if (source != null && source.field != null) {
            options.embeddings(Embeddings.field(source.field));
        } else if (source != null && source.none) {
            options.embeddings(Embeddings.none());
        }
        try (SimilarityIndex created = Similarity.compute(data, options.build())) {
            long size = created.totalIndexSize();
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("dataset", data.name());
                result.put("key", key);
                result.put("size", size);
                result.put("config", created.config());
                printJson(result);
            } else {
                out().printf("Created index '%s' on dataset '%s': %d %s, %s, metric %s%s%n", key, data.name(), size,
                        patchesField == null ? "samples" : "patches", created.config().backend(),
                        created.config().metric(), created.config().collectionName() == null ? ""
                                : ", collection " + created.config().collectionName());
            }
        }
        return 0;
    }

    private static Object number(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException notLong) {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException notDouble) {
                return value;
            }
        }
    }
}
