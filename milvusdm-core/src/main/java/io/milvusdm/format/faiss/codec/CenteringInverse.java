package io.milvusdm.format.faiss.codec;

/**
 * Inverts a faiss {@code CenteringTransform} ({@code VCnt}, {@code y = x - mean}): {@code x = y + mean} in float, as
 * faiss's {@code reverse_transform} does, so the result equals faiss's bit for bit. It differs from the original
 * only by the float rounding of the subtraction and the addition.
 */
public final class CenteringInverse implements InverseTransform {

    private final float[] mean;

    /** @param mean faiss's {@code mean}, one float per dimension; kept, not copied */
    public CenteringInverse(float[] mean) {
        if (mean == null || mean.length == 0) {
            throw new IllegalArgumentException("CenteringTransform needs a non-empty mean");
        }
        this.mean = mean;
    }

    @Override
    public int dIn() {
        return mean.length;
    }

    @Override
    public int dOut() {
        return mean.length;
    }

    @Override
    public Fidelity fidelity() {
        return Fidelity.WITHIN_ROUNDING;
    }

    @Override
    public String reason() {
        return "centering: the mean is added back, up to the float rounding of subtracting and adding it";
    }

    @Override
    public void reverse(float[] y, int yOffset, int n, float[] x, int xOffset) {
        int d = mean.length;
        CodecChecks.checkRange(y.length, yOffset, n, d, "y");
        CodecChecks.checkRange(x.length, xOffset, n, d, "x");
        for (int row = 0; row < n; row++) {
            int yo = yOffset + row * d;
            int xo = xOffset + row * d;
            for (int i = 0; i < d; i++) {
                x[xo + i] = y[yo + i] + mean[i];
            }
        }
    }
}
