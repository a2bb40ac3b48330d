package io.milvusdm.format.faiss.write;

import io.milvusdm.format.faiss.write.FaissWriteSpec.Metric;

import java.util.Arrays;

/**
 * Finds each vector's inverted list: the nearest centroid by L2, or the largest inner product for an
 * inner-product index, since faiss's {@code IndexIVF::add} asks its quantizer ({@code IndexFlatL2} or
 * {@code IndexFlatIP}) for the top-1 centroid. Ties go to the lower list number, as faiss's top-1 search keeps
 * the first of equal distances.
 *
 * <p>L2 ranks centroids by {@code |c|^2 - 2 x.c} (|x|^2 is the same for every centroid), the form faiss's
 * BLAS path computes too. The dot products are computed four rows by two centroids at a time: eight independent
 * sums keep the CPU's multiply-add units busy where one running sum would wait on each addition. Immutable and
 * thread-safe.
 */
final class ListAssigner {

    private final int d;
    private final int nlist;
    private final float[] centroids;
    private final float[] norms;
    private final boolean innerProduct;

    ListAssigner(Metric metric, int d, float[] centroids) {
        if (centroids.length == 0 || centroids.length % d != 0) {
            throw new IllegalArgumentException(centroids.length + " centroid floats are not whole rows of " + d);
        }
        this.d = d;
        this.nlist = centroids.length / d;
        this.centroids = centroids;
        this.innerProduct = metric == Metric.INNER_PRODUCT;
        this.norms = new float[nlist];
        for (int c = 0; c < nlist; c++) {
            float sum = 0;
            for (int t = 0; t < d; t++) {
                float v = centroids[c * d + t];
                sum += v * v;
            }
            norms[c] = sum;
        }
    }

    int nlist() {
        return nlist;
    }

    /**
     * Writes the list of rows {@code from .. to} of {@code x} into {@code lists[from..to)}, and adds their
     * distances (L2: squared, inner product: the product) to the returned sum.
     */
    double assign(float[] x, int from, int to, int[] lists) {
        double objective = 0;
        float[] best = new float[4];
        int[] bestList = new int[4];
        int row = from;
        for (; row + 4 <= to; row += 4) {
            nearest4(x, row, best, bestList);
            for (int i = 0; i < 4; i++) {
                lists[row + i] = bestList[i];
                objective += distance(x, row + i, best[i]);
            }
        }
        for (; row < to; row++) {
            lists[row] = nearest1(x, row, best);
            objective += distance(x, row, best[0]);
        }
        return objective;
    }

    /** The faiss distance from the ranking score: |x|^2 + score for L2, the score itself for inner product. */
    private double distance(float[] x, int row, float score) {
        if (innerProduct) {
            return score;
        }
        double norm = 0;
        for (int t = 0; t < d; t++) {
            float v = x[row * d + t];
            norm += v * v;
        }
        return Math.max(0, norm + score);
    }

    private void nearest4(float[] x, int row, float[] best, int[] bestList) {
        Arrays.fill(best, innerProduct ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY);
        Arrays.fill(bestList, 0);
        int x0 = row * d;
        int x1 = x0 + d;
        int x2 = x1 + d;
        int x3 = x2 + d;
        int c = 0;
        for (; c + 2 <= nlist; c += 2) {
            int c0 = c * d;
            int c1 = c0 + d;
            float a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
            for (int t = 0; t < d; t++) {
                float u = centroids[c0 + t];
                float v = centroids[c1 + t];
                a0 += x[x0 + t] * u;
                a1 += x[x1 + t] * u;
                a2 += x[x2 + t] * u;
                a3 += x[x3 + t] * u;
                b0 += x[x0 + t] * v;
                b1 += x[x1 + t] * v;
                b2 += x[x2 + t] * v;
                b3 += x[x3 + t] * v;
            }
            offer(best, bestList, 0, c, a0);
            offer(best, bestList, 1, c, a1);
            offer(best, bestList, 2, c, a2);
            offer(best, bestList, 3, c, a3);
            offer(best, bestList, 0, c + 1, b0);
            offer(best, bestList, 1, c + 1, b1);
            offer(best, bestList, 2, c + 1, b2);
            offer(best, bestList, 3, c + 1, b3);
        }
        for (; c < nlist; c++) {
            for (int i = 0; i < 4; i++) {
                offer(best, bestList, i, c, dot(x, row + i, c));
            }
        }
    }

    private int nearest1(float[] x, int row, float[] best) {
        best[0] = innerProduct ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
        int[] bestList = new int[1];
        for (int c = 0; c < nlist; c++) {
            offer(best, bestList, 0, c, dot(x, row, c));
        }
        return bestList[0];
    }

    private float dot(float[] x, int row, int c) {
        float sum = 0;
        for (int t = 0; t < d; t++) {
            sum += x[row * d + t] * centroids[c * d + t];
        }
        return sum;
    }

    /** Keeps list {@code c} for slot {@code i} if it ranks strictly better: the first of equals stays. */
    private void offer(float[] best, int[] bestList, int i, int c, float dot) {
        float score = innerProduct ? dot : norms[c] - 2 * dot;
        if (innerProduct ? score > best[i] : score < best[i]) {
            best[i] = score;
            bestList[i] = c;
        }
    }
}
