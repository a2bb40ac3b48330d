package io.milvusdm.distance;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Scores with the JDK's vector API in the machine's widest lanes: one fused multiply-add accumulator per query,
 * four queries sharing each load of the row. Loaded only when the JVM has the jdk.incubator.vector module.
 *
 * <p>The nearest-centroid search is a GEMM micro-kernel fused with the minimum, as faiss's BLAS path is
 * ({@code exhaustive_L2sqr_blas_cmax}) without the intermediate matrix: four rows by four vectors of centroids
 * (64 centroids in 512-bit lanes) a step, sixteen accumulators that stay in registers over the whole dimension;
 * each step loads one dimension of the 64 centroids and broadcasts one value of each row. Each lane then keeps its
 * best score and which centroid gave it, and the lanes are compared at the end. Rows go in chunks, centroids in
 * groups that stay in the core's L2 cache while the chunk's rows pass over them.
 */
final class VectorApiDistanceKernel extends DistanceKernel {

    private static final VectorSpecies<Float> LANES = FloatVector.SPECIES_PREFERRED;
    /** Rows and lane vectors of centroids a step of the nearest-centroid search. */
    private static final int ROWS = 4;
    private static final int VECTORS = 4;
    private static final int CHUNK_ROWS = 64;
    private static final int GROUP_FLOATS = 64 * 1024;
    private static final int MAX_EXACT_FLOAT_INT = 1 << 24;

    @Override
    public float dot(float[] a, int aOffset, float[] b, int bOffset, int dim) {
        FloatVector sum = FloatVector.zero(LANES);
        int i = 0;
        for (int end = LANES.loopBound(dim); i < end; i += LANES.length()) {
            sum = FloatVector.fromArray(LANES, a, aOffset + i).fma(FloatVector.fromArray(LANES, b, bOffset + i), sum);
        }
        float s = sum.reduceLanes(VectorOperators.ADD);
        for (; i < dim; i++) {
            s += a[aOffset + i] * b[bOffset + i];
        }
        return s;
    }

    @Override
    public float squaredDistance(float[] a, int aOffset, float[] b, int bOffset, int dim) {
        FloatVector sum = FloatVector.zero(LANES);
        int i = 0;
        for (int end = LANES.loopBound(dim); i < end; i += LANES.length()) {
            FloatVector d = FloatVector.fromArray(LANES, a, aOffset + i).sub(FloatVector.fromArray(LANES, b, bOffset + i));
            sum = d.fma(d, sum);
        }
        float s = sum.reduceLanes(VectorOperators.ADD);
        for (; i < dim; i++) {
            float d = a[aOffset + i] - b[bOffset + i];
            s += d * d;
        }
        return s;
    }

    @Override
    public void dots(float[][] queries, int first, int count, float[] rows, int rowOffset, int dim, float[] out) {
        if (count < QUERIES) {
            for (int j = 0; j < count; j++) {
                out[j] = dot(queries[first + j], 0, rows, rowOffset, dim);
            }
            return;
        }
        float[] q0 = queries[first];
        float[] q1 = queries[first + 1];
        float[] q2 = queries[first + 2];
        float[] q3 = queries[first + 3];
        FloatVector s0 = FloatVector.zero(LANES);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = 0;
        for (int end = LANES.loopBound(dim); i < end; i += LANES.length()) {
            FloatVector row = FloatVector.fromArray(LANES, rows, rowOffset + i);
            s0 = FloatVector.fromArray(LANES, q0, i).fma(row, s0);
            s1 = FloatVector.fromArray(LANES, q1, i).fma(row, s1);
            s2 = FloatVector.fromArray(LANES, q2, i).fma(row, s2);
            s3 = FloatVector.fromArray(LANES, q3, i).fma(row, s3);
        }
        float t0 = s0.reduceLanes(VectorOperators.ADD);
        float t1 = s1.reduceLanes(VectorOperators.ADD);
        float t2 = s2.reduceLanes(VectorOperators.ADD);
        float t3 = s3.reduceLanes(VectorOperators.ADD);
        for (; i < dim; i++) {
            float x = rows[rowOffset + i];
            t0 += q0[i] * x;
            t1 += q1[i] * x;
            t2 += q2[i] * x;
            t3 += q3[i] * x;
        }
        out[0] = t0;
        out[1] = t1;
        out[2] = t2;
        out[3] = t3;
    }

    @Override
    public void squaredDistances(float[][] queries, int first, int count, float[] rows, int rowOffset, int dim,
                                 float[] out) {
        if (count < QUERIES) {
            for (int j = 0; j < count; j++) {
                out[j] = squaredDistance(queries[first + j], 0, rows, rowOffset, dim);
            }
            return;
        }
        float[] q0 = queries[first];
        float[] q1 = queries[first + 1];
        float[] q2 = queries[first + 2];
        float[] q3 = queries[first + 3];
        FloatVector s0 = FloatVector.zero(LANES);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = 0;
        for (int end = LANES.loopBound(dim); i < end; i += LANES.length()) {
            FloatVector row = FloatVector.fromArray(LANES, rows, rowOffset + i);
            FloatVector d0 = FloatVector.fromArray(LANES, q0, i).sub(row);
            FloatVector d1 = FloatVector.fromArray(LANES, q1, i).sub(row);
            FloatVector d2 = FloatVector.fromArray(LANES, q2, i).sub(row);
            FloatVector d3 = FloatVector.fromArray(LANES, q3, i).sub(row);
            s0 = d0.fma(d0, s0);
            s1 = d1.fma(d1, s1);
            s2 = d2.fma(d2, s2);
            s3 = d3.fma(d3, s3);
        }
        float t0 = s0.reduceLanes(VectorOperators.ADD);
        float t1 = s1.reduceLanes(VectorOperators.ADD);
        float t2 = s2.reduceLanes(VectorOperators.ADD);
        float t3 = s3.reduceLanes(VectorOperators.ADD);
        for (; i < dim; i++) {
            float x = rows[rowOffset + i];
            float d0 = q0[i] - x;
            float d1 = q1[i] - x;
            float d2 = q2[i] - x;
            float d3 = q3[i] - x;
            t0 += d0 * d0;
            t1 += d1 * d1;
            t2 += d2 * d2;
            t3 += d3 * d3;
        }
        out[0] = t0;
        out[1] = t1;
        out[2] = t2;
        out[3] = t3;
    }

    @Override
    int panelWidth() {
        return VECTORS * LANES.length();
    }

    @Override
    void nearestCentroids(float[] x, int from, int rows, CentroidPanels centroids, int[] nearest, float[] scores) {
        int lanes = LANES.length();
        int d = centroids.dimension();
        int panels = centroids.panels();
        int panelFloats = d * panelWidth();
        int groupPanels = Math.max(1, GROUP_FLOATS / panelFloats);
        if ((long) panels * VECTORS > MAX_EXACT_FLOAT_INT) {
            throw new IllegalArgumentException(centroids.count() + " centroids are more than this search numbers"
                    + " exactly (" + MAX_EXACT_FLOAT_INT + " lane vectors)");
        }
        float[] dots = new float[ROWS * VECTORS * lanes];
        // per row and lane: the best score, and the number of the lane vector it came from (as a float, so that
        // one mask blends both)
        float[] best = new float[CHUNK_ROWS * lanes];
        float[] bestVector = new float[CHUNK_ROWS * lanes];
        for (int chunk = 0; chunk < rows; chunk += CHUNK_ROWS) {
            int chunkRows = Math.min(CHUNK_ROWS, rows - chunk);
            Arrays.fill(best, 0, chunkRows * lanes, Float.POSITIVE_INFINITY);
            Arrays.fill(bestVector, 0, chunkRows * lanes, 0);
            int last = from + chunk + chunkRows - 1;
            for (int group = 0; group < panels; group += groupPanels) {
                int groupEnd = Math.min(panels, group + groupPanels);
                for (int r = 0; r < chunkRows; r += ROWS) {
                    int row = from + chunk + r;
                    // a short last block repeats its last row; those results are not kept
                    int x0 = row * d;
                    int x1 = Math.min(row + 1, last) * d;
                    int x2 = Math.min(row + 2, last) * d;
                    int x3 = Math.min(row + 3, last) * d;
                    for (int p = group; p < groupEnd; p++) {
                        dots4x4(x, x0, x1, x2, x3, d, centroids.values(), p * panelFloats, dots);
                        keep(dots, Math.min(ROWS, chunkRows - r), centroids.norms(), p, best, bestVector, r * lanes);
                    }
                }
            }
            for (int r = 0; r < chunkRows; r++) {
                int at = r * lanes;
                float score = Float.POSITIVE_INFINITY;
                int index = 0;
                for (int lane = 0; lane < lanes; lane++) {
                    int j = (int) bestVector[at + lane] * lanes + lane;
                    if (best[at + lane] < score || best[at + lane] == score && j < index) {
                        score = best[at + lane];
                        index = j;
                    }
                }
                nearest[chunk + r] = index;
                scores[chunk + r] = score;
            }
        }
    }

    /**
     * The dot products of four rows with a panel's {@code 4 * lanes} centroids, in {@code dots}: row by row, each
     * row's four lane vectors. Kept apart from the rest so that C2 inlines all of its vector calls and keeps the
     * sixteen accumulators in registers.
     */
    private static void dots4x4(float[] x, int x0, int x1, int x2, int x3, int d, float[] panel, int at,
                                float[] dots) {
        int lanes = LANES.length();
        int width = VECTORS * lanes;
        FloatVector a00 = FloatVector.zero(LANES);
        FloatVector a01 = a00, a02 = a00, a03 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00, a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        for (int t = 0; t < d; t++) {
            int o = at + t * width;
            FloatVector c0 = FloatVector.fromArray(LANES, panel, o);
            FloatVector c1 = FloatVector.fromArray(LANES, panel, o + lanes);
            FloatVector c2 = FloatVector.fromArray(LANES, panel, o + 2 * lanes);
            FloatVector c3 = FloatVector.fromArray(LANES, panel, o + 3 * lanes);
            FloatVector v = FloatVector.broadcast(LANES, x[x0 + t]);
            a00 = v.fma(c0, a00);
            a01 = v.fma(c1, a01);
            a02 = v.fma(c2, a02);
            a03 = v.fma(c3, a03);
            v = FloatVector.broadcast(LANES, x[x1 + t]);
            a10 = v.fma(c0, a10);
            a11 = v.fma(c1, a11);
            a12 = v.fma(c2, a12);
            a13 = v.fma(c3, a13);
            v = FloatVector.broadcast(LANES, x[x2 + t]);
            a20 = v.fma(c0, a20);
            a21 = v.fma(c1, a21);
            a22 = v.fma(c2, a22);
            a23 = v.fma(c3, a23);
            v = FloatVector.broadcast(LANES, x[x3 + t]);
            a30 = v.fma(c0, a30);
            a31 = v.fma(c1, a31);
            a32 = v.fma(c2, a32);
            a33 = v.fma(c3, a33);
        }
        a00.intoArray(dots, 0);
        a01.intoArray(dots, lanes);
        a02.intoArray(dots, 2 * lanes);
        a03.intoArray(dots, 3 * lanes);
        a10.intoArray(dots, 4 * lanes);
        a11.intoArray(dots, 5 * lanes);
        a12.intoArray(dots, 6 * lanes);
        a13.intoArray(dots, 7 * lanes);
        a20.intoArray(dots, 8 * lanes);
        a21.intoArray(dots, 9 * lanes);
        a22.intoArray(dots, 10 * lanes);
        a23.intoArray(dots, 11 * lanes);
        a30.intoArray(dots, 12 * lanes);
        a31.intoArray(dots, 13 * lanes);
        a32.intoArray(dots, 14 * lanes);
        a33.intoArray(dots, 15 * lanes);
    }

    /**
     * Folds panel {@code p}'s scores ({@code norms[j] - 2 dot}) of {@code rows} rows into each lane's best, strictly
     * better only: a lane sees its centroids in increasing order, so the first of equals stays.
     */
    private static void keep(float[] dots, int rows, float[] norms, int p, float[] best, float[] bestVector,
                             int at) {
        int lanes = LANES.length();
        for (int r = 0; r < rows; r++) {
            int state = at + r * lanes;
            FloatVector score = FloatVector.fromArray(LANES, best, state);
            FloatVector vector = FloatVector.fromArray(LANES, bestVector, state);
            for (int v = 0; v < VECTORS; v++) {
                int j = (p * VECTORS + v) * lanes;
                FloatVector candidate = FloatVector.fromArray(LANES, norms, j)
                        .sub(FloatVector.fromArray(LANES, dots, (r * VECTORS + v) * lanes).mul(2f));
                VectorMask<Float> better = candidate.lt(score);
                score = score.blend(candidate, better);
                vector = vector.blend((float) (p * VECTORS + v), better);
            }
            score.intoArray(best, state);
            vector.intoArray(bestVector, state);
        }
    }

    @Override
    public String describe() {
        return "JDK vector API, " + LANES.length() + " float lanes";
    }
}
