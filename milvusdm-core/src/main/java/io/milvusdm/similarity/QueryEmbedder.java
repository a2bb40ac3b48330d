package io.milvusdm.similarity;

import io.milvusdm.similarity.embed.EmbeddingException;
import io.milvusdm.similarity.embed.EmbeddingModel;
import io.milvusdm.similarity.embed.EmbeddingModels;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns a {@link Query} into the one vector searched: vectors as given, ids through the index, prompts through the
 * model (the one given, else the index's recorded model, opened on the first prompt as FiftyOne loads its zoo
 * model). Several are averaged element-wise, without normalising.
 */
final class QueryEmbedder implements AutoCloseable {

    private final VectorBackend backend;
    private final String key;
    private final IndexConfig config;
    private final Consumer<String> warnings;
    private EmbeddingModel model;
    private boolean ownsModel;

    QueryEmbedder(VectorBackend backend, String key, IndexConfig config, EmbeddingModel model,
                  Consumer<String> warnings) {
        this.backend = backend;
        this.key = key;
        this.config = config;
        this.model = model;
        this.warnings = warnings;
    }

    boolean supportsPrompts() {
        return model != null ? model.supportsText() : config.model() != null;
    }

    /** The one vector a query stands for. */
    float[] vector(Query query) throws IOException {
        int dim = backend.dimension();
        if (dim == 0) {
            throw new IllegalStateException("index '" + key + "' is empty: add vectors before querying");
        }
        List<float[]> vectors;
        if (query instanceof Query.Vector v) {
            vectors = List.of(v.values());
        } else if (query instanceof Query.Vectors v) {
            vectors = v.values();
        } else if (query instanceof Query.Ids ids) {
            vectors = idVectors(ids.ids());
        } else {
            vectors = promptVectors(((Query.Prompts) query).prompts());
        }
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("the query is empty");
        }
        float[] mean = new float[dim];
        for (float[] v : vectors) {
            if (v.length != dim) {
                throw new IllegalArgumentException("query vector has " + v.length + " dimensions, index '" + key
                        + "' has " + dim);
            }
            for (int i = 0; i < dim; i++) {
                mean[i] += v[i];
            }
        }
        if (vectors.size() > 1) {
            for (int i = 0; i < dim; i++) {
                mean[i] /= vectors.size();
            }
        }
        return mean;
    }

    private List<float[]> idVectors(List<String> ids) throws IOException {
        Map<String, float[]> byPk = new HashMap<>();
        backend.fetch(ids).forEach(row -> byPk.put(row.pk(), row.vector()));
        List<float[]> vectors = ids.stream().map(byPk::get).filter(v -> v != null).toList();
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("Query ids " + ids.stream().limit(5).toList() + " are not in index '"
                    + key + "'" + (config.isPatchIndex() ? " (a patch index is queried by label id)" : ""));
        }
        if (vectors.size() < ids.size()) {
            warnings.accept("Query: " + (ids.size() - vectors.size()) + " ids are not in index '" + key
                    + "' and were skipped");
        }
        return vectors;
    }

    private List<float[]> promptVectors(List<String> prompts) {
        if (model == null && config.model() != null) {
            // the recorded model, opened on the first prompt as FiftyOne loads its zoo model
            try {
                model = EmbeddingModels.open(config.model());
                ownsModel = true;
            } catch (EmbeddingException e) {
                throw new IllegalArgumentException("Index '" + key + "' has no model to embed text prompts: its"
                        + " recorded model '" + config.model() + "' cannot be opened (" + e.getMessage()
                        + "); load it with a model (CLI: --model)", e);
            }
        }
        if (model == null) {
            throw new IllegalArgumentException("Index '" + key + "' has no model to embed text prompts: create or"
                    + " load it with a model (CLI: --model)");
        }
        if (!model.supportsText()) {
            throw new IllegalArgumentException("Model '" + model.name() + "' of index '" + key
                    + "' does not embed text prompts");
        }
        return List.of(model.embedTexts(prompts));
    }

    @Override
    public void close() {
        if (ownsModel) {
            model.close();
        }
    }
}
