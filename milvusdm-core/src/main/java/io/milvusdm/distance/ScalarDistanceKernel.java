package io.milvusdm.distance;

import java.util.Arrays;

/**
 * Scores in plain Java: eight independent sums a vector, which C2 overlaps though it does not vectorise them. The
 * nearest-centroid search takes four rows by four centroids a step: sixteen independent multiply-add chains.
 * {@link Math#fma} keeps it bit for bit the vector kernel's; it is one instruction on every x86-64 since 2013 and
 * every 64-bit ARM (elsewhere the JDK computes it exactly in software, slowly).
 */
final class ScalarDistanceKernel extends DistanceKernel {

    private static final int ROWS = 4;
    private static final int WIDTH = 4;

    @Override
    public float dot(float[] a, int aOffset, float[] b, int bOffset, int dim) {
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

    @Override
    public float squaredDistance(float[] a, int aOffset, float[] b, int bOffset, int dim) {
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

    @Override
    public void dots(float[][] queries, int first, int count, float[] rows, int rowOffset, int dim, float[] out) {
        for (int j = 0; j < count; j++) {
            out[j] = dot(queries[first + j], 0, rows, rowOffset, dim);
        }
    }

    @Override
    public void squaredDistances(float[][] queries, int first, int count, float[] rows, int rowOffset, int dim,
                                 float[] out) {
        for (int j = 0; j < count; j++) {
            out[j] = squaredDistance(queries[first + j], 0, rows, rowOffset, dim);
        }
    }

    @Override
    int panelWidth() {
        return WIDTH;
    }

    @Override
    void nearestCentroids(float[] x, int from, int rows, CentroidPanels centroids, int[] nearest, float[] scores) {
        int d = centroids.dimension();
        float[] values = centroids.values();
        float[] norms = centroids.norms();
        float[] best = new float[ROWS];
        int[] bestIndex = new int[ROWS];
        float[] dots = new float[ROWS * WIDTH];
        for (int i = 0; i < rows; i += ROWS) {
            int last = from + rows - 1;
            int x0 = (from + i) * d;
            int x1 = Math.min(from + i + 1, last) * d;
            int x2 = Math.min(from + i + 2, last) * d;
            int x3 = Math.min(from + i + 3, last) * d;
            Arrays.fill(best, Float.POSITIVE_INFINITY);
            Arrays.fill(bestIndex, 0);
            for (int p = 0, panels = centroids.panels(); p < panels; p++) {
                dots4x4(x, x0, x1, x2, x3, d, values, p * d * WIDTH, dots);
                for (int r = 0; r < ROWS; r++) {
                    for (int c = 0; c < WIDTH; c++) {
                        int j = p * WIDTH + c;
                        float score = norms[j] - 2 * dots[r * WIDTH + c];
                        if (score < best[r]) {
                            best[r] = score;
                            bestIndex[r] = j;
                        }
                    }
                }
            }
            for (int r = 0; r < ROWS && i + r < rows; r++) {
                nearest[i + r] = bestIndex[r];
                scores[i + r] = best[r];
            }
        }
    }

    /** The dot products of four rows with a panel's four centroids: {@code dots[row * 4 + centroid]}. */
    private static void dots4x4(float[] x, int x0, int x1, int x2, int x3, int d, float[] panel, int at,
                                float[] dots) {
        float a00 = 0, a01 = 0, a02 = 0, a03 = 0, a10 = 0, a11 = 0, a12 = 0, a13 = 0;
        float a20 = 0, a21 = 0, a22 = 0, a23 = 0, a30 = 0, a31 = 0, a32 = 0, a33 = 0;
        for (int t = 0; t < d; t++) {
            int o = at + t * WIDTH;
            float c0 = panel[o];
            float c1 = panel[o + 1];
            float c2 = panel[o + 2];
            float c3 = panel[o + 3];
            float v = x[x0 + t];
            a00 = Math.fma(v, c0, a00);
            a01 = Math.fma(v, c1, a01);
            a02 = Math.fma(v, c2, a02);
            a03 = Math.fma(v, c3, a03);
            v = x[x1 + t];
            a10 = Math.fma(v, c0, a10);
            a11 = Math.fma(v, c1, a11);
            a12 = Math.fma(v, c2, a12);
            a13 = Math.fma(v, c3, a13);
            v = x[x2 + t];
            a20 = Math.fma(v, c0, a20);
            a21 = Math.fma(v, c1, a21);
            a22 = Math.fma(v, c2, a22);
            a23 = Math.fma(v, c3, a23);
            v = x[x3 + t];
            a30 = Math.fma(v, c0, a30);
            a31 = Math.fma(v, c1, a31);
            a32 = Math.fma(v, c2, a32);
            a33 = Math.fma(v, c3, a33);
        }
        dots[0] = a00;
        dots[1] = a01;
        dots[2] = a02;
        dots[3] = a03;
        dots[4] = a10;
        dots[5] = a11;
        dots[6] = a12;
        dots[7] = a13;
        dots[8] = a20;
        dots[9] = a21;
        dots[10] = a22;
        dots[11] = a23;
        dots[12] = a30;
        dots[13] = a31;
        dots[14] = a32;
        dots[15] = a33;
    }

    @Override
    public String describe() {
        return "scalar Java";
    }
}
