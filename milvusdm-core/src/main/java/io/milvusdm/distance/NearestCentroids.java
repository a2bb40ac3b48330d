package io.milvusdm.distance;

/**
 * The nearest of a fixed set of centroids for many rows: what an IVF index's coarse quantizer answers for every
 * vector it adds, and k-means for every point at every iteration. By L2, the smallest {@code |x - c|^2}; by inner
 * product, the largest {@code x.c}; of equals, the lowest centroid number, as faiss's top-1 search keeps.
 *
 * <p>L2 ranks centroids by {@code |c|^2 - 2 x.c} ({@code |x|^2} is the same for every centroid), the form faiss's
 * BLAS path computes; inner product by {@code -2 x.c}, the same kernel with zero norms. The kernel
 * ({@link DistanceKernel#get()}) runs a register-blocked block of rows against all centroids at once. Immutable
 * and thread-safe; a call runs on the calling thread.
 */
public final class NearestCentroids {

    private final DistanceKernel kernel;
    private final CentroidPanels centroids;
    private final boolean innerProduct;

    private NearestCentroids(DistanceKernel kernel, CentroidPanels centroids, boolean innerProduct) {
        this.kernel = kernel;
        this.centroids = centroids;
        this.innerProduct = innerProduct;
    }

    /** Nearest by squared L2 distance among {@code centroids}: row-major, {@code d} floats a centroid. */
    public static NearestCentroids byL2(float[] centroids, int d) {
        return of(DistanceKernel.get(), centroids, d, false);
    }

    /** Nearest by largest inner product among {@code centroids}: row-major, {@code d} floats a centroid. */
    public static NearestCentroids byInnerProduct(float[] centroids, int d) {
        return of(DistanceKernel.get(), centroids, d, true);
    }

    static NearestCentroids of(DistanceKernel kernel, float[] centroids, int d, boolean innerProduct) {
        return new NearestCentroids(kernel,
                CentroidPanels.pack(centroids, d, kernel.panelWidth(), !innerProduct), innerProduct);
    }

    public int count() {
        return centroids.count();
    }

    public int dimension() {
        return centroids.dimension();
    }

    /**
     * For each row {@code from + i} of {@code x} ({@code i < rows}; row-major, {@code dimension()} floats a row):
     * {@code nearest[i]} = its nearest centroid, and {@code distances[i]} = faiss's distance to it: the squared L2
     * distance {@code |x|^2 + |c|^2 - 2 x.c} in float, 0 where rounding makes it negative (faiss clamps too), or
     * the inner product.
     */
    public void search(float[] x, int from, int rows, int[] nearest, float[] distances) {
        int d = centroids.dimension();
        if (from < 0 || rows < 0 || ((long) from + rows) * d > x.length) {
            throw new IllegalArgumentException("rows " + from + " to " + (from + rows) + " of dimension " + d
                    + " are not within " + x.length + " floats");
        }
        kernel.nearestCentroids(x, from, rows, centroids, nearest, distances);
        for (int i = 0; i < rows; i++) {
            if (innerProduct) {
                distances[i] = distances[i] / -2;
            } else {
                float norm = 0;
                for (int t = 0, at = (from + i) * d; t < d; t++) {
                    norm = Math.fma(x[at + t], x[at + t], norm);
                }
                distances[i] = Math.max(0, norm + distances[i]);
            }
        }
    }
}
