package io.milvusdm.similarity;

import java.util.Comparator;
import java.util.Locale;

/**
 * How close two vectors are, with Milvus's score conventions, which both backends follow: {@code COSINE} is the
 * cosine similarity and {@code IP} the inner product (higher is closer), {@code L2} the <em>squared</em> Euclidean
 * distance (lower is closer).
 */
public enum Metric {
    COSINE("cosine", "COSINE"),
    DOTPRODUCT("dotproduct", "IP"),
    EUCLIDEAN("euclidean", "L2");

    private final String userName;
    private final String milvusName;

    Metric(String userName, String milvusName) {
        this.userName = userName;
        this.milvusName = milvusName;
    }

    /** {@code cosine}, {@code dotproduct} or {@code euclidean}; Milvus's names COSINE, IP and L2 work as well. */
    public static Metric parse(String text) {
        String name = text.trim().toLowerCase(Locale.ROOT);
        for (Metric metric : values()) {
            if (metric.userName.equals(name) || metric.milvusName.equalsIgnoreCase(name)) {
                return metric;
            }
        }
        throw new IllegalArgumentException("unsupported metric '" + text + "': expected cosine, dotproduct or euclidean");
    }

    public String userName() {
        return userName;
    }

    public String milvusName() {
        return milvusName;
    }

    public boolean higherIsCloser() {
        return this != EUCLIDEAN;
    }

    /** Whether score {@code a} is strictly closer than {@code b}. */
    public boolean closer(double a, double b) {
        return higherIsCloser() ? a > b : a < b;
    }

    /** Closest first (farthest first when {@code reverse}); equal scores by id, ascending, in both directions. */
    public Comparator<Hit> order(boolean reverse) {
        Comparator<Hit> byScore = Comparator.comparingDouble(Hit::score);
        if (higherIsCloser() != reverse) {
            byScore = byScore.reversed();
        }
        return byScore.thenComparing(Hit::id);
    }

    /** The score of two vectors of the same length, computed in float as the servers do. */
    public float score(float[] a, int aOffset, float[] b, int bOffset, int dim, float aNorm, float bNorm) {
        ScoreKernel kernel = ScoreKernel.get();
        return switch (this) {
            case EUCLIDEAN -> kernel.squaredDistance(a, aOffset, b, bOffset, dim);
            case DOTPRODUCT -> kernel.dot(a, aOffset, b, bOffset, dim);
            case COSINE -> cosine(kernel.dot(a, aOffset, b, bOffset, dim), aNorm, bNorm);
        };
    }

    /**
     * The scores of {@code count} (at most {@link ScoreKernel#QUERIES}) queries, {@code queries[first..]}, against
     * one row: {@code out[j]} is what {@link #score} gives for query {@code first + j}.
     */
    void scores(float[][] queries, int first, int count, float[] queryNorms, float[] rows, int rowOffset, int dim,
                float rowNorm, float[] out) {
        ScoreKernel kernel = ScoreKernel.get();
        switch (this) {
            case EUCLIDEAN -> kernel.squaredDistances(queries, first, count, rows, rowOffset, dim, out);
            case DOTPRODUCT -> kernel.dots(queries, first, count, rows, rowOffset, dim, out);
            case COSINE -> {
                kernel.dots(queries, first, count, rows, rowOffset, dim, out);
                for (int j = 0; j < count; j++) {
                    out[j] = cosine(out[j], queryNorms[first + j], rowNorm);
                }
            }
        }
    }

    private static float cosine(float dot, float aNorm, float bNorm) {
        return aNorm == 0 || bNorm == 0 ? 0 : dot / (aNorm * bNorm);
    }

    static float norm(float[] a, int offset, int dim) {
        return (float) Math.sqrt(ScoreKernel.get().dot(a, offset, a, offset, dim));
    }
}
