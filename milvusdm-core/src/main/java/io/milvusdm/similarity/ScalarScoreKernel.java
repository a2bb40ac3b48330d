package io.milvusdm.similarity;

/** Scores in plain Java: eight independent sums a vector, which C2 overlaps though it does not vectorise them. */
final class ScalarScoreKernel extends ScoreKernel {

    @Override
    float dot(float[] a, int aOffset, float[] b, int bOffset, int dim) {
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
    float squaredDistance(float[] a, int aOffset, float[] b, int bOffset, int dim) {
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
    void dots(float[][] queries, int first, int count, float[] rows, int rowOffset, int dim, float[] out) {
        for (int j = 0; j < count; j++) {
            out[j] = dot(queries[first + j], 0, rows, rowOffset, dim);
        }
    }

    @Override
    void squaredDistances(float[][] queries, int first, int count, float[] rows, int rowOffset, int dim,
                          float[] out) {
        for (int j = 0; j < count; j++) {
            out[j] = squaredDistance(queries[first + j], 0, rows, rowOffset, dim);
        }
    }

    @Override
    String describe() {
        return "scalar Java";
    }
}
