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
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
                int i = 0;
                for (; i + 7 < dim; i += 8) {
                    int x = aOffset + i;
                    int y = bOffset + i;
                    float d0 = a[x] - b[y];
                    float d1 = a[x + 1] - b[y + 1];
                    float d2 = a[x + 2] - b[y + 2];
                    float d3 = a[x + 3] - b[y + 3];
                    float d4 = a[x + 4] - b[y + 4];
                    float d5 = a[x + 5] - b[y + 5];
                    float d6 = a[x + 6] - b[y + 6];
                    float d7 = a[x + 7] - b[y + 7];
                    s0 += d0 * d0;
                    s1 += d1 * d1;
                    s2 += d2 * d2;
                    s3 += d3 * d3;
                    s4 += d4 * d4;
                    s5 += d5 * d5;
                    s6 += d6 * d6;
                    s7 += d7 * d7;
                }
                for (; i < dim; i++) {
                    float d = a[aOffset + i] - b[bOffset + i];
                    s0 += d * d;
                }
                return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
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
        // eight independent sums: C2 does not vectorise a float reduction, but it overlaps independent chains
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (; i + 7 < dim; i += 8) {
            int x = aOffset + i;
            int y = bOffset + i;
            s0 += a[x] * b[y];
            s1 += a[x + 1] * b[y + 1];
            s2 += a[x + 2] * b[y + 2];
            s3 += a[x + 3] * b[y + 3];
            s4 += a[x + 4] * b[y + 4];
            s5 += a[x + 5] * b[y + 5];
            s6 += a[x + 6] * b[y + 6];
            s7 += a[x + 7] * b[y + 7];
        }
        for (; i < dim; i++) {
            s0 += a[aOffset + i] * b[bOffset + i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    static float norm(float[] a, int offset, int dim) {
        return (float) Math.sqrt(dot(a, offset, a, offset, dim));
    }
}
