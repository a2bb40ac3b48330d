package io.milvusdm.distance;

/**
 * Centroids laid out for {@link DistanceKernel#nearestCentroids}: panels of {@code width} centroids, each panel
 * dimension by dimension (the {@code width} centroids' values of dimension 0, then of dimension 1, ...), so that
 * one load reads one dimension of many centroids, as the rows of a GEMM's packed B matrix. The last panel is
 * padded with zero centroids whose norm is +infinity, which never come nearest.
 *
 * @param count real centroids
 * @param values {@code panels() * dimension * width} floats
 * @param norms {@code panels() * width} floats: |c|^2 for an L2 search, 0 for an inner-product one (the kernel
 *              ranks by {@code norms[j] - 2 x.c_j}), +infinity for the padding
 */
record CentroidPanels(int count, int dimension, int width, float[] values, float[] norms) {

    /**
     * Packs {@code centroids} (row-major, {@code d} floats a centroid) in panels of {@code width}; with
     * {@code l2} each norm is {@code fma(c[d-1], c[d-1], ... fma(c[0], c[0], 0))}, as the dot products are summed.
     */
    static CentroidPanels pack(float[] centroids, int d, int width, boolean l2) {
        if (d <= 0 || centroids.length == 0 || centroids.length % d != 0) {
            throw new IllegalArgumentException(centroids.length + " centroid floats are not whole rows of " + d);
        }
        int count = centroids.length / d;
        int panels = (count + width - 1) / width;
        float[] values = new float[Math.multiplyExact(Math.multiplyExact(panels, d), width)];
        float[] norms = new float[panels * width];
        for (int j = 0; j < panels * width; j++) {
            if (j >= count) {
                norms[j] = Float.POSITIVE_INFINITY;
                continue;
            }
            int panelStart = (j / width) * d * width + j % width;
            float norm = 0;
            for (int t = 0; t < d; t++) {
                float v = centroids[j * d + t];
                values[panelStart + t * width] = v;
                norm = Math.fma(v, v, norm);
            }
            norms[j] = l2 ? norm : 0;
        }
        return new CentroidPanels(count, d, width, values, norms);
    }

    int panels() {
        return norms.length / width;
    }
}
