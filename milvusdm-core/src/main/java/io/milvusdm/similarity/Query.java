package io.milvusdm.similarity;

import java.util.List;

/**
 * What {@link SimilarityIndex#sortBySimilarity} looks for. Several vectors, ids or prompts are combined into one
 * query vector, their element-wise mean (not normalised), as FiftyOne's default {@code aggregation="mean"} does.
 */
public sealed interface Query {

    /** One query vector. */
    record Vector(float[] values) implements Query {
    }

    /** Several query vectors, averaged. */
    record Vectors(List<float[]> values) implements Query {
        public Vectors {
            values = List.copyOf(values);
        }
    }

    /** The indexed vectors of these ids (label ids for a patch index), averaged; ids not indexed are skipped. */
    record Ids(List<String> ids) implements Query {
        public Ids {
            ids = List.copyOf(ids);
        }
    }

    /** Text prompts embedded by the index's model, averaged. */
    record Prompts(List<String> prompts) implements Query {
        public Prompts {
            prompts = List.copyOf(prompts);
        }
    }

    static Query vector(float[] values) {
        return new Vector(values.clone());
    }

    static Query vectors(List<float[]> values) {
        return new Vectors(values);
    }

    static Query id(String id) {
        return new Ids(List.of(id));
    }

    static Query ids(List<String> ids) {
        return new Ids(ids);
    }

    static Query text(String prompt) {
        return new Prompts(List.of(prompt));
    }
}
