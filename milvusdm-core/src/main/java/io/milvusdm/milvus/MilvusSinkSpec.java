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
 */
public record MilvusSinkSpec(MilvusTarget target, String collection, String partition, WriteMode mode,
                             String metricType, Integer dimension, boolean autoId, IndexSpec index,
                             CollectionTemplate template) {

    /** A target in MilvusDM's layout. */
    public MilvusSinkSpec(MilvusTarget target, String collection, String partition, WriteMode mode,
                          String metricType, Integer dimension, boolean autoId, IndexSpec index) {
        this(target, collection, partition, mode, metricType, dimension, autoId, index, null);
    }

    /** A target created as {@code template} describes it (Milvus to Milvus). */
    public static MilvusSinkSpec fromTemplate(MilvusTarget target, String collection, String partition, WriteMode mode,
                                              CollectionTemplate template) {
        return new MilvusSinkSpec(target, collection, partition, mode, null, null, false, null,
                Objects.requireNonNull(template, "template"));
    }

    public MilvusSinkSpec {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(mode, "mode");
        if (partition != null && partition.isBlank()) {
            partition = null;
        }
    }
}
