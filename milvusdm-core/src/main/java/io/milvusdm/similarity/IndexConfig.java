package io.milvusdm.similarity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Map;

/**
 * What an index record stores about an index: everything needed to load it again, and nothing secret (there is
 * no field for a credential; connection settings are resolved anew on every load).
 *
 * @param backend {@code inmemory} or {@code milvus}
 * @param metric {@code cosine}, {@code dotproduct} or {@code euclidean}
 * @param dimension vector width, 0 while the index is empty
 * @param collectionName the Milvus collection, null for the in-memory backend
 * @param consistencyLevel Milvus consistency level the collection was created with
 * @param patchesField the patch field indexed, or null for a sample index
 * @param embeddingsField the stored vector field the embeddings came from, or null
 * @param model the embedding model's spec ({@code minilm}, {@code clip:/path}), or null
 * @param indexType Milvus index type ({@code HNSW}), null for the in-memory backend
 * @param indexParams Milvus index build parameters
 * @param searchParams parameters sent with every Milvus search ({@code ef}, ...)
 */
public record IndexConfig(String backend, String metric, int dimension, String collectionName,
                          String consistencyLevel, String patchesField, String embeddingsField, String model,
                          String indexType, Map<String, Object> indexParams, Map<String, Object> searchParams) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public IndexConfig {
        indexParams = indexParams == null ? Map.of() : Map.copyOf(indexParams);
        searchParams = searchParams == null ? Map.of() : Map.copyOf(searchParams);
    }

    public Metric metricValue() {
        return Metric.parse(metric);
    }

    public boolean isPatchIndex() {
        return patchesField != null;
    }

    public IndexConfig withDimension(int newDimension) {
        return new IndexConfig(backend, metric, newDimension, collectionName, consistencyLevel, patchesField,
                embeddingsField, model, indexType, indexParams, searchParams);
    }

    public IndexConfig withMetric(Metric newMetric) {
        return new IndexConfig(backend, newMetric.userName(), dimension, collectionName, consistencyLevel,
                patchesField, embeddingsField, model, indexType, indexParams, searchParams);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("index config is not serializable", e);
        }
    }

    public static IndexConfig fromJson(String json) {
        try {
            return JSON.readValue(json, IndexConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("index record is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
