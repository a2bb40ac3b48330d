package io.milvusdm.milvus.source;

import io.milvusdm.milvus.MilvusTarget;

import java.util.List;
import java.util.Objects;

/**
 * What to read from a Milvus server.
 *
 * @param server how to reach the server (its credentials never appear in messages)
 * @param collection the collection
 * @param partitions the partitions to read, or {@code null} for all of them
 * @param vectorField the vector field to read, or {@code null} for the collection's only one (with
 *     {@code allFields}, its first dense one)
 * @param allFields read every field, for a Milvus target (Milvus to Milvus), rather than keys, one vector field and
 *     the VARCHAR and JSON fields every sink can take
 * @param filter a Milvus boolean expression rows must match to be read, or null for every row
 */
public record MilvusCollectionSourceSpec(MilvusTarget server, String collection, List<String> partitions,
                                         String vectorField, boolean allFields, String filter) {

    public MilvusCollectionSourceSpec(MilvusTarget server, String collection, List<String> partitions,
                                      String vectorField) {
        this(server, collection, partitions, vectorField, false, null);
    }

    public MilvusCollectionSourceSpec {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(collection, "collection");
        if (collection.isBlank()) {
            throw new IllegalArgumentException("the collection name is empty");
        }
        if (partitions != null) {
            partitions = List.copyOf(partitions);
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("an empty partition list reads nothing; pass null for all partitions");
            }
        }
    }

    /** Every partition of {@code collection}, its only vector field. */
    public static MilvusCollectionSourceSpec of(MilvusTarget server, String collection) {
        return new MilvusCollectionSourceSpec(server, collection, null, null);
    }
}
