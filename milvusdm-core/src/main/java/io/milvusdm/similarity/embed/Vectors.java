package io.milvusdm.similarity.embed;

/** Small vector arithmetic the models share. */
final class Vectors {

    private Vectors() {
    }

    /**
     * Scales {@code v} in place to unit length, as {@code torch.nn.functional.normalize} does: the norm is clamped
     * below at 1e-12, so a zero vector stays zero instead of turning into NaNs.
     */
    static float[] l2Normalize(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        double norm = Math.max(Math.sqrt(sum), 1e-12);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / norm);
        }
        return v;
    }
}
