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
 *     {@link Fields#ALL_WIRE}, its first dense one)
 * @param fields which fields besides the keys and the vector field are read, and in what form
 * @param filter a Milvus boolean expression rows must match to be read, or null for every row
 */
public record MilvusCollectionSourceSpec(MilvusTarget server, String collection, List<String> partitions,
                                         String vectorField, Fields fields, String filter) {

    /** Which fields a source reads besides the primary key and its vector field, and in what form. */
    public enum Fields {
        /** The VARCHAR and JSON fields, which every sink can take (Parquet, npy dumps, Faiss ignores them). */
        STRINGS,
        /**
         * Every scalar field, every vector field besides the batches' own and the dynamic field, decoded into typed
         * columns (the HDF5 sink); the outputs of functions (BM25), which a target computes, are left out.
         */
        SCALARS,
        /**
         * Every field, for a Milvus target (Milvus to Milvus): VARCHAR and JSON in their columns, everything else,
         * extra vector fields and the dynamic field included, in Milvus's wire form, copied as it was read.
         */
        ALL_WIRE
    }

    public MilvusCollectionSourceSpec(MilvusTarget server, String collection, List<String> partitions,
                                      String vectorField) {
        this(server, collection, partitions, vectorField, Fields.STRINGS, null);
    }

    public MilvusCollectionSourceSpec {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(fields, "fields");
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

    /** Whether every field is read, in wire form (Milvus to Milvus). */
    public boolean allFields() {
        return fields == Fields.ALL_WIRE;
    }

    /** This spec reading {@code selection}. */
    public MilvusCollectionSourceSpec withFields(Fields selection) {
        return new MilvusCollectionSourceSpec(server, collection, partitions, vectorField, selection, filter);
    }

    /** Every partition of {@code collection}, its only vector field. */
    public static MilvusCollectionSourceSpec of(MilvusTarget server, String collection) {
        return new MilvusCollectionSourceSpec(server, collection, null, null);
    }
}
