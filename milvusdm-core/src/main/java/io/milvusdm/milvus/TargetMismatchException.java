package io.milvusdm.milvus;

import java.io.IOException;

/**
 * The target collection exists and disagrees with what the job writes (dimension, vector type, key type, auto-id,
 * metric). Raised by {@link MilvusSink#prepare} before any row is written; the message names the collection,
 * what it has and what the job needs.
 */
public class TargetMismatchException extends IOException {

    private final String collection;

    public TargetMismatchException(String collection, String message) {
        super(message);
        this.collection = collection;
    }

    public String collection() {
        return collection;
    }
}
