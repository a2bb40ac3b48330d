package io.milvusdm.similarity;

import java.util.Locale;

/** Where an index keeps its vectors. */
public enum BackendKind {
    /** In this process, exact brute force; vectors persist in the similarity store. The default. */
    INMEMORY,
    /** A Milvus collection. */
    MILVUS;

    public static BackendKind parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "inmemory", "in-memory", "memory" -> INMEMORY;
            case "milvus" -> MILVUS;
            default -> throw new IllegalArgumentException("unknown backend '" + text + "': expected inmemory or milvus");
        };
    }

    public String userName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** FiftyOne's defaults: cosine for its in-process backend, dotproduct for Milvus. */
    public Metric defaultMetric() {
        return this == MILVUS ? Metric.DOTPRODUCT : Metric.COSINE;
    }
}
