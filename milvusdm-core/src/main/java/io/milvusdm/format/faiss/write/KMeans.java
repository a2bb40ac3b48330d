package io.milvusdm.format.faiss.write;

import io.milvusdm.format.faiss.write.FaissWriteSpec.Metric;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Lloyd's k-means as faiss's {@code Clustering::train} runs it with its defaults ({@code faiss/Clustering.cpp}):
 * centroids start as {@code k} distinct training points picked by a seeded random permutation; each of
 * {@code niter} iterations assigns every point to its best centroid (L2, or largest inner product for an
 * inner-product index: faiss clusters with the index's own quantizer), moves each centroid to the mean of its
 * points, and splits a large cluster into any empty one (faiss's {@code split_clusters}: a donor picked with
 * probability by size, copied with a symmetric {@code 1 +/- 1/1024} perturbation). It stops early when the
 * objective does not change. Centroids are not normalised ({@code spherical = false}).
 *
 * <p>The random generator is Java's, not faiss's, so the centroids are not faiss's, but they are deterministic
 * for a seed whatever the thread count and whether the JVM has the vector API: assignment ({@link ListAssigner})
 * runs in parallel over fixed chunks of rows and gives the same bits in both kernels, and the means are summed in
 * row order, in double, in parallel over ranges of centroids.
 */
final class KMeans {

    /** faiss's {@code EPS} in {@code ClusteringHelpers.cpp}. */
    private static final float EPS = 1 / 1024f;
    private static final int CHUNK_ROWS = 1024;
    /** Centroid ranges whose means are computed in parallel: a few per core of a small machine. */
    private static final int MEAN_RANGES = 16;

    private KMeans() {
    }

    /**
     * Trains {@code k} centroids on the {@code n} rows of {@code x}.
     *
     * @throws IllegalArgumentException when there are fewer points than centroids (faiss refuses too)
     */
    static float[] train(float[] x, int d, int k, Metric metric, long seed, int niter) {
        int n = x.length / d;
        if (n < k) {
            throw new IllegalArgumentException("k-means needs at least as many training points as lists: " + n
                    + " points for " + k + " lists");
        }
        float[] centroids = new float[k * d];
        int[] perm = permutation(n, new SplittableRandom(seed));
        for (int c = 0; c < k; c++) {
            System.arraycopy(x, perm[c] * d, centroids, c * d, d);
        }
        if (n == k) {
            return centroids;
        }
        int[] assignment = new int[n];
        SplittableRandom splitRandom = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double previous = Double.NaN;
        for (int iteration = 0; iteration < niter; iteration++) {
            double objective = assign(new ListAssigner(metric, d, centroids), x, n, assignment);
            long[] sizes = means(x, d, k, assignment, centroids);
            splitEmpty(centroids, d, sizes, n, splitRandom);
            if (objective == previous) {
                break;
            }
            previous = objective;
        }
        return centroids;
    }

    private static double assign(ListAssigner assigner, float[] x, int n, int[] assignment) {
        int chunks = (n + CHUNK_ROWS - 1) / CHUNK_ROWS;
        double[] partial = new double[chunks];
        IntStream.range(0, chunks).parallel().forEach(chunk -> partial[chunk] = assigner.assign(x,
                chunk * CHUNK_ROWS, Math.min(n, (chunk + 1) * CHUNK_ROWS), assignment));
        double sum = 0;
        for (double p : partial) {
            sum += p;
        }
        return sum;
    }

    /**
     * Moves each centroid to its points' mean; a centroid without points stays as it is. Returns the sizes. Ranges
     * of centroids are summed in parallel, each range's points in row order: the sums do not depend on the split.
     */
    private static long[] means(float[] x, int d, int k, int[] assignment, float[] centroids) {
        long[] sizes = new long[k];
        int ranges = Math.min(k, MEAN_RANGES);
        IntStream.range(0, ranges).parallel().forEach(range -> {
            int first = (int) ((long) k * range / ranges);
            int end = (int) ((long) k * (range + 1) / ranges);
            double[] sums = new double[(end - first) * d];
            for (int row = 0; row < assignment.length; row++) {
                int c = assignment[row];
                if (c >= first && c < end) {
                    sizes[c]++;
                    for (int t = 0, at = (c - first) * d, from = row * d; t < d; t++) {
                        sums[at + t] += x[from + t];
                    }
                }
            }
            for (int c = first; c < end; c++) {
                for (int t = 0; t < d && sizes[c] > 0; t++) {
                    centroids[c * d + t] = (float) (sums[(c - first) * d + t] / sizes[c]);
                }
            }
        });
        return sizes;
    }

    /** faiss's {@code split_clusters}: every empty cluster takes half of a donor picked with probability by size. */
    private static void splitEmpty(float[] centroids, int d, long[] sizes, int n, SplittableRandom random) {
        int k = sizes.length;
        for (int ci = 0; ci < k; ci++) {
            if (sizes[ci] != 0) {
                continue;
            }
            int cj = donor(sizes, n, random);
            System.arraycopy(centroids, cj * d, centroids, ci * d, d);
            for (int t = 0; t < d; t++) {
                boolean even = t % 2 == 0;
                centroids[ci * d + t] *= even ? 1 + EPS : 1 - EPS;
                centroids[cj * d + t] *= even ? 1 - EPS : 1 + EPS;
            }
            sizes[ci] = sizes[cj] / 2;
            sizes[cj] -= sizes[ci];
        }
    }

    /** A cluster picked with probability by size; after {@code 10 k} misses the largest, as faiss falls back. */
    private static int donor(long[] sizes, int n, SplittableRandom random) {
        int k = sizes.length;
        int cj = 0;
        for (long tries = 0; tries < 10L * k; tries++, cj = (cj + 1) % k) {
            if (random.nextDouble() < (sizes[cj] - 1.0) / (n - k)) {
                return cj;
            }
        }
        int largest = 0;
        for (int j = 1; j < k; j++) {
            if (sizes[j] > sizes[largest]) {
                largest = j;
            }
        }
        return largest;
    }

    /** A Fisher-Yates permutation of {@code 0..n-1}. */
    static int[] permutation(int n, SplittableRandom random) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }
}
