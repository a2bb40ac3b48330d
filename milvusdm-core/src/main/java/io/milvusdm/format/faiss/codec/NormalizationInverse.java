package io.milvusdm.format.faiss.codec;

/**
 * Stands in for the inverse of a faiss {@code NormalizationTransform} ({@code VNrm}, L2 normalisation when
 * {@code norm == 2}): there is none, since each vector's norm was thrown away. Like faiss's {@code reverse_transform},
 * {@link #reverse} copies the vectors unchanged, which keeps their direction: enough for a COSINE or inner-product
 * target, lossy for L2.
 */
public final class NormalizationInverse implements InverseTransform {

    private final int d;
    private final float norm;

    /**
     * @param d the dimension
     * @param norm faiss's {@code norm}, the p of the p-norm (faiss only applies 2)
     */
    public NormalizationInverse(int d, float norm) {
        if (d <= 0) {
            throw new IllegalArgumentException("NormalizationTransform needs a positive dimension: " + d);
        }
        this.d = d;
        this.norm = norm;
    }

    @Override
    public int dIn() {
        return d;
    }

    @Override
    public int dOut() {
        return d;
    }

    @Override
    public Fidelity fidelity() {
        return Fidelity.LOSSY;
    }

    @Override
    public String reason() {
        return "L" + (norm == Math.rint(norm) ? String.valueOf((int) norm) : String.valueOf(norm))
                + " normalisation keeps only each vector's direction: its norm is lost (fine for COSINE or IP,"
                + " not for L2)";
    }

    @Override
    public void reverse(float[] y, int yOffset, int n, float[] x, int xOffset) {
        CodecChecks.checkRange(y.length, yOffset, n, d, "y");
        CodecChecks.checkRange(x.length, xOffset, n, d, "x");
        System.arraycopy(y, yOffset, x, xOffset, n * d);
    }
}
