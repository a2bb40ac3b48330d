package io.milvusdm.similarity;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Scores with the JDK's vector API in the machine's widest lanes: one fused multiply-add accumulator per query,
 * four queries sharing each load of the row. Loaded only when the JVM has the jdk.incubator.vector module.
 */
final class VectorApiScoreKernel extends ScoreKernel {

    private static final VectorSpecies<Float> LANES = FloatVector.SPECIES_PREFERRED;

    @Override
    float dot(float[] a, int aOffset, float[] b, int bOffset, int dim) {
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
    float squaredDistance(float[] a, int aOffset, float[] b, int bOffset, int dim) {
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
    void dots(float[][] queries, int first, int count, float[] rows, int rowOffset, int dim, float[] out) {
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
    void squaredDistances(float[][] queries, int first, int count, float[] rows, int rowOffset, int dim,
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
    String describe() {
        return "JDK vector API, " + LANES.length() + " float lanes";
    }
}
