package io.milvusdm.similarity;

import io.milvusdm.pipeline.ProgressListener;
import io.milvusdm.similarity.embed.EmbeddingModel;
import io.milvusdm.similarity.store.SimilarityStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The options of {@link Similarity#compute} (and, for the connection, model and store, of {@link Similarity#load}).
 * Build with {@link #builder(String)}; every option has FiftyOne's default unless said otherwise.
 */
public final class SimilarityOptions {

    private static final Logger LOG = LoggerFactory.getLogger(SimilarityOptions.class);
    /** Milvus's topK limit (and the query window offset+limit); larger k is paged. */
    public static final int MILVUS_MAX_TOPK = 16_384;

    final String key;
    final BackendKind backend;
    final Embeddings embeddings;
    final EmbeddingModel model;
    final String modelSpec;
    final Metric metric;
    /** Whether the caller chose the metric (else the backend's default applies, and an existing index's wins). */
    final boolean metricGiven;
    final String collectionName;
    final String consistencyLevel;
    final String patchesField;
    final String textField;
    final int batchSize;
    final ProgressListener progress;
    final MilvusSettings milvus;
    final Map<String, String> environment;
    final Path configFile;
    final Path storePath;
    final String indexType;
    final Map<String, Object> indexParams;
    final Map<String, Object> searchParams;
    final int pageSize;
    final Consumer<String> warnings;

    private SimilarityOptions(Builder b) {
        key = b.key;
        backend = b.backend;
        embeddings = b.embeddings;
        model = b.model;
        modelSpec = b.modelSpec != null ? b.modelSpec : b.model == null ? null : b.model.name();
        metric = b.metric != null ? b.metric : b.backend.defaultMetric();
        metricGiven = b.metric != null;
        collectionName = b.collectionName;
        consistencyLevel = b.consistencyLevel;
        patchesField = b.patchesField;
        textField = b.textField;
        batchSize = b.batchSize;
        progress = b.progress;
        milvus = b.milvus;
        environment = Map.copyOf(b.environment);
        configFile = b.configFile != null ? b.configFile : MilvusSettings.defaultConfigFile(environment);
        storePath = b.storePath != null ? b.storePath : SimilarityStore.defaultPath(environment);
        indexType = b.indexType;
        indexParams = Map.copyOf(b.indexParams);
        searchParams = Map.copyOf(b.searchParams);
        pageSize = b.pageSize;
        warnings = b.warnings;
    }

    public static Builder builder(String key) {
        return new Builder(key);
    }

    public String key() {
        return key;
    }

    public Path storePath() {
        return storePath;
    }

    SimilarityStore openStore() {
        try {
            return SimilarityStore.at(storePath);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Milvus connection settings after precedence: call, environment, config file, defaults. */
    MilvusSettings resolvedMilvus() throws IOException {
        return MilvusSettings.resolve(milvus, environment, configFile);
    }

    /** Builds {@link SimilarityOptions}. */
    public static final class Builder {
        private final String key;
        private BackendKind backend = BackendKind.INMEMORY;
        private Embeddings embeddings;
        private EmbeddingModel model;
        private String modelSpec;
        private Metric metric;
        private String collectionName;
        private String consistencyLevel = "Session";
        private String patchesField;
        private String textField;
        private int batchSize = 32;
        private ProgressListener progress = ProgressListener.NONE;
        private MilvusSettings milvus = MilvusSettings.NONE;
        private Map<String, String> environment = System.getenv();
        private Path configFile;
        private Path storePath;
        // exact by default: FiftyOne's HNSW M=8/efConstruction=64 at the server's ef found a quarter or less of the
        // true top 10 on 100k x 512 random vectors (bench/RESULTS.md); FLAT finds all, at 20 ms a query there
        private String indexType = "FLAT";
        private Map<String, Object> indexParams = new LinkedHashMap<>();
        private Map<String, Object> searchParams = new LinkedHashMap<>();
        private int pageSize = MILVUS_MAX_TOPK;
        private Consumer<String> warnings = LOG::warn;

        private Builder(String key) {
            this.key = Objects.requireNonNull(key, "index key");
        }

        /** {@code inmemory} (default) or {@code milvus}. */
        public Builder backend(BackendKind value) {
            backend = Objects.requireNonNull(value);
            return this;
        }

        /** Where the first vectors come from; default: the model when one is given, else none. */
        public Builder embeddings(Embeddings value) {
            embeddings = value;
            return this;
        }

        /** The model that computes embeddings and embeds text prompts. */
        public Builder model(EmbeddingModel value) {
            model = value;
            return this;
        }

        /** What the record stores to find the model again ({@code minilm}, {@code clip:/path}); default its name. */
        public Builder modelSpec(String value) {
            modelSpec = value;
            return this;
        }

        /** cosine, dotproduct or euclidean; default cosine (in-memory) or dotproduct (Milvus), as FiftyOne. */
        public Builder metric(Metric value) {
            metric = value;
            return this;
        }

        /** Milvus: the collection to use or create; an existing one is connected to, not recreated. */
        public Builder collectionName(String value) {
            collectionName = value;
            return this;
        }

        /** Milvus: Strong, Session (default), Bounded or Eventually, given to a collection when created. */
        public Builder consistencyLevel(String value) {
            consistencyLevel = value;
            return this;
        }

        /** Index the patches of this field (one row per patch, keyed by label id) rather than the samples. */
        public Builder patchesField(String value) {
            patchesField = value;
            return this;
        }

        /** Embed the text in this metadata key with the model (default: images when the model embeds images). */
        public Builder textField(String value) {
            textField = value;
            return this;
        }

        /** Inputs per model call (default 32). */
        public Builder batchSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, found " + value);
            }
            batchSize = value;
            return this;
        }

        public Builder progress(ProgressListener value) {
            progress = Objects.requireNonNull(value);
            return this;
        }

        /** Milvus connection settings given to this call: they win over the environment and the config file. */
        public Builder milvus(MilvusSettings value) {
            milvus = Objects.requireNonNull(value);
            return this;
        }

        /** The environment read for settings (default: the process's). */
        public Builder environment(Map<String, String> value) {
            environment = Objects.requireNonNull(value);
            return this;
        }

        /** The JSON config file (default {@code $MILVUSDM_SIMILARITY_CONFIG} or ~/.milvusdm/similarity.json). */
        public Builder configFile(Path value) {
            configFile = value;
            return this;
        }

        /** The store file (default {@code $MILVUSDM_SIMILARITY_DB} or ~/.milvusdm/similarity.db). */
        public Builder store(Path value) {
            storePath = value;
            return this;
        }

        /**
         * Milvus index type of a new collection and its build parameters; default {@code FLAT} (exact; FiftyOne
         * builds HNSW with M=8, efConstruction=64). For large collections e.g. {@code ("HNSW", {M: 16,
         * efConstruction: 200})}, searched with ef = max(k, {@code searchParams} ef, else 128).
         */
        public Builder indexType(String type, Map<String, Object> params) {
            indexType = Objects.requireNonNull(type);
            indexParams = new LinkedHashMap<>(params);
            return this;
        }

        /**
         * Parameters sent with every Milvus search, e.g. {@code {"ef": 512}} or {@code {"nprobe": 32}}; default
         * none, except that an HNSW index is searched with ef = max(hits asked, the given ef, else 128).
         */
        public Builder searchParams(Map<String, Object> value) {
            searchParams = new LinkedHashMap<>(value);
            return this;
        }

        /** Most hits asked of Milvus per request (default and maximum 16384); larger k is paged. */
        public Builder pageSize(int value) {
            if (value < 1 || value > MILVUS_MAX_TOPK) {
                throw new IllegalArgumentException("page size must be in 1.." + MILVUS_MAX_TOPK + ", found " + value);
            }
            pageSize = value;
            return this;
        }

        /** Where warnings go (warnExisting, warnMissing, skipped items); default the log. */
        public Builder warnings(Consumer<String> value) {
            warnings = Objects.requireNonNull(value);
            return this;
        }

        public SimilarityOptions build() {
            return new SimilarityOptions(this);
        }
    }
}
