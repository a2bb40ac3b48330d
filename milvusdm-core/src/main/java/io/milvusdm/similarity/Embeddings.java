package io.milvusdm.similarity;

/**
 * Where {@link Similarity#compute} takes an index's first vectors from: FiftyOne's {@code embeddings} argument.
 */
public sealed interface Embeddings {

    /**
     * One row per sample in dataset order (per patch of the patches field, in dataset order, for a patch index).
     */
    record Array(float[][] rows) implements Embeddings {
    }

    /** The vectors stored on the samples (or patches) under this field; items without one are skipped. */
    record Field(String name) implements Embeddings {
    }

    /** Computed by the options' {@link io.milvusdm.similarity.embed.EmbeddingModel}. */
    record FromModel() implements Embeddings {
    }

    /** Nothing is added: connect to an existing collection, or add vectors later ({@code embeddings=False}). */
    record None() implements Embeddings {
    }

    static Embeddings array(float[][] rows) {
        return new Array(rows);
    }

    static Embeddings field(String name) {
        return new Field(name);
    }

    static Embeddings model() {
        return new FromModel();
    }

    static Embeddings none() {
        return new None();
    }
}
