package io.milvusdm.milvus;

import java.util.Objects;

/**
 * Where and how a job writes into Milvus.
 *
 * @param target the server
 * @param collection the collection name
 * @param partition the partition name, or null for the collection's default partition
 * @param mode what to do when the collection or partition exists
 * @param metricType the metric from the job ({@code L2}, {@code IP}, {@code COSINE}, {@code HAMMING},
 *     {@code JACCARD}), or null to take the source's or the default
 * @param dimension the dimension the job declares, or null; checked against the source
 * @param autoId create the collection with auto-id (the target generates primary keys)
 * @param index the index to build at the end, or null for none
 * @param template the collection to create the target as (Milvus to Milvus: schema, indexes, consistency level,
 *     partition key), or null for MilvusDM's {@code id} + {@code embedding} layout; with a template, metricType,
 *     dimension, autoId and index are the template's and must be null / false
 * @param vectorField without a template, the vector field's name: {@code embedding} (MilvusDM's) unless the job
 *     names another, e.g. {@code data} for milvus-migration's loads
 * @param shardsNum without a template, shards of a collection the job creates, or null for the server's default
 *     (Milvus Lite has none and ignores it)
 * @param keyField without a template, the primary key's name: {@code id} (MilvusDM's and milvus-migration's) unless
 *     the job names another, e.g. a dumped collection's own
 */
public record MilvusSinkSpec(MilvusTarget target, String collection, String partition, WriteMode mode,
                             String metricType, Integer dimension, boolean autoId, IndexSpec index,
                             CollectionTemplate template, String vectorField, Integer shardsNum, String keyField) {

    /** MilvusDM's vector field name. */
    public static final String DEFAULT_VECTOR_FIELD = "embedding";
    /** MilvusDM's and milvus-migration's primary key name. */
    public static final String DEFAULT_KEY_FIELD = "id";

    /** A target in MilvusDM's layout. */
    public MilvusSinkSpec(MilvusTarget target, String collection, String partition, WriteMode mode,
                          String metricType, Integer dimension, boolean autoId, IndexSpec index) {
        this(target, collection, partition, mode, metricType, dimension, autoId, index, null);
    }

    /** A target in MilvusDM's layout, or as {@code template} describes it, with the server's default shards. */
    public MilvusSinkSpec(MilvusTarget target, String collection, String partition, WriteMode mode,
                          String metricType, Integer dimension, boolean autoId, IndexSpec index,
                          CollectionTemplate template) {
        this(target, collection, partition, mode, metricType, dimension, autoId, index, template, null, null, null);
    }

    /** A target created as {@code template} describes it (Milvus to Milvus). */
    public static MilvusSinkSpec fromTemplate(MilvusTarget target, String collection, String partition, WriteMode mode,
                                              CollectionTemplate template) {
        return new MilvusSinkSpec(target, collection, partition, mode, null, null, false, null,
                Objects.requireNonNull(template, "template"));
    }

    /** This target with its key and vector fields named {@code key} and {@code vector} (without a template). */
    public MilvusSinkSpec withFieldNames(String key, String vector) {
        return new MilvusSinkSpec(target, collection, partition, mode, metricType, dimension, autoId, index, template,
                vector, shardsNum, key);
    }

    public MilvusSinkSpec {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(mode, "mode");
        if (partition != null && partition.isBlank()) {
            partition = null;
        }
        if (vectorField == null || vectorField.isBlank()) {
            vectorField = DEFAULT_VECTOR_FIELD;
        }
        if (keyField == null || keyField.isBlank()) {
            keyField = DEFAULT_KEY_FIELD;
        }
        if (shardsNum != null && shardsNum < 1) {
            throw new IllegalArgumentException("shardsNum must be at least 1, found " + shardsNum);
        }
    }
}
