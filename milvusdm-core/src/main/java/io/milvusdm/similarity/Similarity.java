package io.milvusdm.similarity;

import io.milvusdm.milvus.MilvusConnection;
import io.milvusdm.similarity.dataset.Dataset;
import io.milvusdm.similarity.store.SimilarityStore;
import io.milvusdm.similarity.store.SimilarityStore.IndexRow;
import io.milvusdm.similarity.store.SimilarityStore.StoredRecord;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Creates, loads and manages similarity indexes: FiftyOne's {@code compute_similarity} and brain-run
 * management ({@code list_brain_runs}, {@code get_brain_info}, {@code load_brain_results}, {@code rename_brain_run},
 * {@code delete_brain_run}), with the dataset and the index records in a {@link SimilarityStore}.
 */
public final class Similarity {

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Similarity() {
    }

    /**
     * Builds an index over the dataset (saved to the store first when it is not there yet or differs) and records
     * it under {@code options.key()}. The first vectors come from {@code options}' embeddings: an array, a stored
     * field, the model, or none (an existing Milvus collection named by {@code collectionName} is then used as it
     * is).
     *
     * @throws IllegalArgumentException when the key is taken or not an identifier, the patches field is unknown,
     *                                  or the embeddings do not fit the dataset
     */
    public static SimilarityIndex compute(Dataset dataset, SimilarityOptions options) throws IOException {
        String key = checkKey(options.key);
        SimilarityStore store = options.openStore();
        if (store.record(dataset.name(), key).isPresent()) {
            throw new IllegalArgumentException("Index key '" + key + "' already exists on dataset '" + dataset.name()
                    + "': delete it first or choose another key");
        }
        if (options.patchesField != null && !dataset.hasPatchField(options.patchesField)) {
            throw new IllegalArgumentException("Dataset '" + dataset.name() + "' has no patches field '"
                    + options.patchesField + "'");
        }
        Optional<Dataset> stored = store.loadDataset(dataset.name());
        if (stored.isEmpty() || !stored.get().samples().equals(dataset.samples())) {
            store.saveDataset(dataset);
        }
        Embeddings source = options.embeddings != null ? options.embeddings
                : options.model != null ? Embeddings.model() : null;
        if (source == null) {
            throw new IllegalArgumentException("Give the index its embeddings (an array, a stored field, or a model),"
                    + " or Embeddings.none() to add them later or use an existing collection");
        }
        List<IndexRow> rows = new EmbeddingComputer(dataset, options.patchesField, options.warnings)
                .rows(source, options);
        VectorBackend backend = openBackend(dataset, key, options, store);
        try {
            if (options.metricGiven && backend.metric() != options.metric) {
                options.warnings.accept("Collection uses metric " + backend.metric().userName() + ", not "
                        + options.metric.userName() + ": the collection's index decides");
            }
            IndexConfig config = new IndexConfig(options.backend.userName(), backend.metric().userName(),
                    backend.dimension(), backend instanceof MilvusBackend m ? m.collection() : null,
                    options.backend == BackendKind.MILVUS ? options.consistencyLevel : null, options.patchesField,
                    source instanceof Embeddings.Field f ? f.name() : null, options.modelSpec,
                    backend instanceof MilvusBackend m ? m.indexType() : null,
                    backend instanceof MilvusBackend m ? m.indexParams() : null, options.searchParams);
            SimilarityIndex index = new SimilarityIndex(store, dataset, key, config, backend, options.model,
                    options.warnings);
            if (!rows.isEmpty()) {
                index.addToIndex(rows.stream().map(IndexRow::vector).toArray(float[][]::new),
                        rows.stream().map(IndexRow::sampleId).toList(),
                        options.patchesField == null ? null : rows.stream().map(IndexRow::pk).toList(),
                        SimilarityIndex.AddOptions.DEFAULT);
            }
            if (!store.insertRecord(dataset.name(), key, index.config().toJson())) {
                throw new IllegalArgumentException("Index key '" + key + "' was created meanwhile on dataset '"
                        + dataset.name() + "'");
            }
            return index;
        } catch (IOException | RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /**
     * Loads a recorded index. Connection settings, the model and the store come from {@code options} (its key is
     * ignored); the metric, collection and fields come from the record.
     */
    public static SimilarityIndex load(String datasetName, String key, SimilarityOptions options) throws IOException {
        SimilarityStore store = options.openStore();
        IndexRecord record = info(store, datasetName, key);
        Dataset dataset = store.loadDataset(datasetName).orElseThrow(() -> new IllegalArgumentException(
                "Dataset '" + datasetName + "' is not in the store " + store.file()));
        IndexConfig config = record.config();
        VectorBackend backend;
        if (BackendKind.parse(config.backend()) == BackendKind.MILVUS) {
            MilvusConnection connection = MilvusConnection.open(options.resolvedMilvus().toTarget());
            try {
                backend = MilvusBackend.open(connection, config.collectionName(), config.metricValue(),
                        config.consistencyLevel(), config.indexType(), config.indexParams(), config.searchParams(),
                        options.pageSize);
            } catch (IOException | RuntimeException e) {
                connection.close();
                throw e;
            }
        } else {
            backend = InMemoryBackend.open(store, datasetName, key, config.metricValue());
        }
        return new SimilarityIndex(store, dataset, key, config, backend, options.model, options.warnings);
    }

    private static VectorBackend openBackend(Dataset dataset, String key, SimilarityOptions options,
                                             SimilarityStore store) throws IOException {
        if (options.backend == BackendKind.INMEMORY) {
            store.deleteIndexRows(dataset.name(), key);
            return InMemoryBackend.open(store, dataset.name(), key, options.metric);
        }
        MilvusConnection connection = MilvusConnection.open(options.resolvedMilvus().toTarget());
        try {
            String collection = options.collectionName != null ? options.collectionName
                    : uniqueCollectionName(connection, dataset.name(), key);
            MilvusBackend.consistency(options.consistencyLevel);
            return MilvusBackend.open(connection, collection, options.metric, options.consistencyLevel,
                    options.indexType, options.indexParams, options.searchParams, options.pageSize);
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** {@code milvusdm_<dataset>_<key>} in Milvus's alphabet, with {@code _<6 random>} when taken. */
    static String uniqueCollectionName(MilvusConnection connection, String dataset, String key) throws IOException {
        String root = ("milvusdm_" + dataset + "_" + key).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_");
        String name = root;
        while (MilvusBackend.collectionExists(connection, name)) {
            StringBuilder suffix = new StringBuilder("_");
            for (int i = 0; i < 6; i++) {
                suffix.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(RANDOM.nextInt(36)));
            }
            name = root + suffix;
        }
        return name;
    }

    static String checkKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("'" + key + "' is not an index key: use letters, digits and _,"
                    + " not starting with a digit");
        }
        return key;
    }

    // ---- index records ----

    /** The records of one dataset, or of every dataset when {@code dataset} is null, by dataset and key. */
    public static List<IndexRecord> list(SimilarityStore store, String dataset) throws IOException {
        return store.records(dataset).stream().map(Similarity::record).toList();
    }

    public static IndexRecord info(SimilarityStore store, String dataset, String key) throws IOException {
        return store.record(dataset, key).map(Similarity::record).orElseThrow(() -> new IllegalArgumentException(
                "Dataset '" + dataset + "' has no index '" + key + "' in the store " + store.file()));
    }

    /** Renames a record; a Milvus collection keeps its name (it is in the record). */
    public static void rename(SimilarityStore store, String dataset, String key, String newKey) throws IOException {
        checkKey(newKey);
        info(store, dataset, key);
        if (!store.renameRecord(dataset, key, newKey)) {
            throw new IllegalArgumentException("Dataset '" + dataset + "' already has an index '" + newKey + "'");
        }
    }

    /**
     * Deletes a record. A Milvus collection is not dropped (call {@link SimilarityIndex#cleanup()} first, as in
     * FiftyOne); the vectors of an in-memory index go with its record, since nothing else can reach them.
     */
    public static void delete(SimilarityStore store, String dataset, String key) throws IOException {
        if (!store.deleteRecord(dataset, key)) {
            throw new IllegalArgumentException("Dataset '" + dataset + "' has no index '" + key + "' in the store "
                    + store.file());
        }
    }

    private static IndexRecord record(StoredRecord stored) {
        return new IndexRecord(stored.dataset(), stored.key(), IndexConfig.fromJson(stored.configJson()),
                stored.created());
    }
}
