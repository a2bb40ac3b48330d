package io.milvusdm.similarity;

/**
 * The arithmetic under every in-memory score: dot products and squared distances of float vectors, several
 * queries against one row at a time so that a row is read once for them all. {@link #get()} is the JDK's vector
 * API (SIMD lanes, {@link VectorApiScoreKernel}) when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (bin/milvusdm does for the similarity commands), plain Java
 * otherwise ({@link ScalarScoreKernel}); {@code -Dmilvusdm.simd=false} forces plain Java. The two sum in different
 * orders, so a score may differ in its last bits between them, as it does between two Milvus builds.
 */
abstract class ScoreKernel {

    /** Queries a call of {@link #dots} or {@link #squaredDistances} takes at most. */
    static final int QUERIES = 4;

    private static final ScoreKernel INSTANCE = choose();

    static ScoreKernel get() {
        return INSTANCE;
    }

    abstract float dot(float[] a, int aOffset, float[] b, int bOffset, int dim);

    abstract float squaredDistance(float[] a, int aOffset, float[] b, int bOffset, int dim);

    /** {@code out[j] = dot(queries[first + j], row)} for {@code j < count}, {@code count <= QUERIES}. */
    abstract void dots(float[][] queries, int first, int count, float[] rows, int rowOffset, int dim, float[] out);

    /** {@code out[j] = squaredDistance(queries[first + j], row)} for {@code j < count}, {@code count <= QUERIES}. */
    abstract void squaredDistances(float[][] queries, int first, int count, float[] rows, int rowOffset, int dim,
                                   float[] out);

    /** What computes: for logs and benchmarks. */
    abstract String describe();

    private static ScoreKernel choose() {
        boolean wanted = Boolean.parseBoolean(System.getProperty("milvusdm.simd", "true"));
        if (wanted && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return new VectorApiScoreKernel();
            } catch (LinkageError e) {
                return new ScalarScoreKernel();
            }
        }
        return new ScalarScoreKernel();
    }
}
