package io.milvusdm.format.faiss.codec;

/** Error bounds of scalar quantizer codes, from the trained parameters alone. */
final class ScalarQuantizerErrors {

    private ScalarQuantizerErrors() {
    }

    /**
     * Range types: encoding maps {@code (x - vmin) / vdiff} in [0, 1] to {@code c = (int) (t * (2^bits - 1))} and
     * decoding returns the middle of that interval, so the error is at most half a step,
     * {@code vdiff / (2 (2^bits - 1))}. Float rounding can push a value sitting on a step edge into the next interval
     * and rounds the decode itself; a few ulps of the range's largest magnitude cover both.
     */
    static double halfStep(int bits, float[] vmin, float[] vdiff) {
        int top = (1 << bits) - 1;
        double max = 0;
        for (int i = 0; i < vmin.length; i++) {
            double slack = 4.0 * Math.ulp(Math.abs(vmin[i]) + Math.abs(vdiff[i]));
            max = Math.max(max, 0.5 * Math.abs(vdiff[i]) / top + slack);
        }
        return max;
    }

    /**
     * Lloyd-Max codes: {@code trained = [centroids[k], boundaries[k - 1]]}; a value between boundaries
     * {@code i - 1} and {@code i} decodes to centroid {@code i}. The bound is the widest distance from a centroid to
     * its cell's edge, the outer cells being closed at the outer centroids.
     */
    static double halfCell(int k, float[] trained) {
        double max = 0;
        for (int i = 0; i < k; i++) {
            double low = i == 0 ? trained[0] : trained[k + i - 1];
            double high = i == k - 1 ? trained[k - 1] : trained[k + i];
            max = Math.max(max, Math.max(trained[i] - low, high - trained[i]));
        }
        return max;
    }
}
