package io.milvusdm.distance;

/**
 * The arithmetic under in-memory scores and inverted-list assignment: dot products and squared distances of float
 * vectors, several queries against one row at a time so that a row is read once for them all, and the nearest of
 * many centroids for a block of rows ({@link NearestCentroids}). {@link #get()} is the JDK's vector API (SIMD
 * lanes, {@link VectorApiDistanceKernel}) when the JVM was started with {@code --add-modules jdk.incubator.vector}
 * (bin/milvusdm does for the similarity and to-faiss commands), plain Java otherwise
 * ({@link ScalarDistanceKernel}); {@code -Dmilvusdm.simd=false} forces plain Java.
 *
 * <p>The single scores ({@link #dot}, {@link #dots}, ...) sum in different orders in the two kernels, so a score
 * may differ in its last bits between them, as it does between two Milvus builds. The nearest-centroid search does
 * not: both kernels accumulate each dot product in dimension order with one fused multiply-add a step, so they
 * give the same centroid and the same score, bit for bit.
 */
public abstract class DistanceKernel {

    /** Queries a call of {@link #dots} or {@link #squaredDistances} takes at most. */
    public static final int QUERIES = 4;

    private static final DistanceKernel INSTANCE = choose();

    DistanceKernel() {
    }

    /** The kernel of this JVM: the vector API when the JVM has it and {@code milvusdm.simd} is not false. */
    public static DistanceKernel get() {
        return INSTANCE;
    }

    public abstract float dot(float[] a, int aOffset, float[] b, int bOffset, int dim);

    public abstract float squaredDistance(float[] a, int aOffset, float[] b, int bOffset, int dim);

    /** {@code out[j] = dot(queries[first + j], row)} for {@code j < count}, {@code count <= QUERIES}. */
    public abstract void dots(float[][] queries, int first, int count, float[] rows, int rowOffset, int dim,
                              float[] out);

    /** {@code out[j] = squaredDistance(queries[first + j], row)} for {@code j < count}, {@code count <= QUERIES}. */
    public abstract void squaredDistances(float[][] queries, int first, int count, float[] rows, int rowOffset,
                                          int dim, float[] out);

    /** What computes: for logs and benchmarks. */
    public abstract String describe();

    /** How many centroids a panel of {@link CentroidPanels} holds for {@link #nearestCentroids}. */
    abstract int panelWidth();

    /**
     * For each row {@code from + i} of {@code x} ({@code i < rows}): {@code nearest[i]} = the centroid {@code j}
     * with the smallest {@code norms[j] - 2 x.c_j}, the lowest {@code j} of equals, and {@code scores[i]} = that
     * value. Each dot product is {@code fma(x[d-1], c[d-1], ... fma(x[0], c[0], 0))}.
     */
    abstract void nearestCentroids(float[] x, int from, int rows, CentroidPanels centroids, int[] nearest,
                                   float[] scores);

    private static DistanceKernel choose() {
        boolean wanted = Boolean.parseBoolean(System.getProperty("milvusdm.simd", "true"));
        if (wanted && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return new VectorApiDistanceKernel();
            } catch (LinkageError e) {
                return new ScalarDistanceKernel();
            }
        }
        return new ScalarDistanceKernel();
    }
}
