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
        switch (this) {
            case EUCLIDEAN -> {
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int i = 0;
                for (; i + 3 < dim; i += 4) {
                    float d0 = a[aOffset + i] - b[bOffset + i];
                    float d1 = a[aOffset + i + 1] - b[bOffset + i + 1];
                    float d2 = a[aOffset + i + 2] - b[bOffset + i + 2];
                    float d3 = a[aOffset + i + 3] - b[bOffset + i + 3];
                    s0 += d0 * d0;
                    s1 += d1 * d1;
                    s2 += d2 * d2;
                    s3 += d3 * d3;
                }
                for (; i < dim; i++) {
                    float d = a[aOffset + i] - b[bOffset + i];
                    s0 += d * d;
                }
                return (s0 + s1) + (s2 + s3);
            }
            case DOTPRODUCT -> {
                return dot(a, aOffset, b, bOffset, dim);
            }
            default -> {
                if (aNorm == 0 || bNorm == 0) {
                    return 0;
                }
                return dot(a, aOffset, b, bOffset, dim) / (aNorm * bNorm);
            }
        }
    }

    static float dot(float[] a, int aOffset, float[] b, int bOffset, int dim) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < dim; i += 4) {
            s0 += a[aOffset + i] * b[bOffset + i];
            s1 += a[aOffset + i + 1] * b[bOffset + i + 1];
            s2 += a[aOffset + i + 2] * b[bOffset + i + 2];
            s3 += a[aOffset + i + 3] * b[bOffset + i + 3];
        }
        for (; i < dim; i++) {
            s0 += a[aOffset + i] * b[bOffset + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    static float norm(float[] a, int offset, int dim) {
        return (float) Math.sqrt(dot(a, offset, a, offset, dim));
    }
}
