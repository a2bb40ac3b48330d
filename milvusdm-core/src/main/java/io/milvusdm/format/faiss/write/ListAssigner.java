package io.milvusdm.format.faiss.write;

import io.milvusdm.distance.NearestCentroids;
import io.milvusdm.format.faiss.write.FaissWriteSpec.Metric;

/**
 * Finds each vector's inverted list: the nearest centroid by L2, or the largest inner product for an
 * inner-product index, since faiss's {@code IndexIVF::add} asks its quantizer ({@code IndexFlatL2} or
 * {@code IndexFlatIP}) for the top-1 centroid. Ties go to the lower list number, as faiss's top-1 search keeps
 * the first of equal distances ({@link NearestCentroids} does the search). Immutable and thread-safe.
 */
final class ListAssigner {

    private final NearestCentroids nearest;

    ListAssigner(Metric metric, int d, float[] centroids) {
        this.nearest = metric == Metric.INNER_PRODUCT ? NearestCentroids.byInnerProduct(centroids, d)
                : NearestCentroids.byL2(centroids, d);
    }

    int nlist() {
        return nearest.count();
    }

    /**
     * Writes the list of rows {@code from .. to} of {@code x} into {@code lists[from..to)}, and returns the sum of
     * their distances (L2: squared, inner product: the product), faiss's k-means objective.
     */
    double assign(float[] x, int from, int to, int[] lists) {
        int rows = to - from;
        int[] found = new int[rows];
        float[] distances = new float[rows];
        nearest.search(x, from, rows, found, distances);
        System.arraycopy(found, 0, lists, from, rows);
        double objective = 0;
        for (float distance : distances) {
            objective += distance;
        }
        return objective;
    }
}
