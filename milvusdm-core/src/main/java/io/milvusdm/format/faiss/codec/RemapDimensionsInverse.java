package io.milvusdm.format.faiss.codec;

import java.util.Arrays;

/**
 * Inverts a faiss {@code RemapDimensionsTransform} ({@code RmDT}): the forward transform sets
 * {@code y[j] = map[j] < 0 ? 0 : x[map[j]]}; the inverse, like faiss's {@code reverse_transform}, zeroes {@code x}
 * and sets {@code x[map[j]] = y[j]} for every {@code map[j] >= 0}, in order of {@code j}. The result equals faiss's
 * bit for bit. It is the original exactly when every input dimension appears in {@code map}; dimensions that do not
 * come back as 0.
 */
public final class RemapDimensionsInverse implements InverseTransform {

    private final int dIn;
    private final int dOut;
    private final int[] map;
    private final int dropped;

    /**
     * @param dIn the forward transform's input dimension
     * @param dOut its output dimension, the length of {@code map}
     * @param map faiss's {@code map}: for each output dimension, its input dimension or -1; kept, not copied
     */
    public RemapDimensionsInverse(int dIn, int dOut, int[] map) {
        if (dIn <= 0 || dOut <= 0 || map == null || map.length != dOut) {
            throw new IllegalArgumentException("RemapDimensionsTransform needs d_in, d_out > 0 and d_out map entries:"
                    + " d_in=" + dIn + ", d_out=" + dOut + ", map=" + (map == null ? "null" : map.length));
        }
        boolean[] kept = new boolean[dIn];
        for (int j = 0; j < dOut; j++) {
            if (map[j] < -1 || map[j] >= dIn) {
                throw new IllegalArgumentException("RemapDimensionsTransform map[" + j + "] = " + map[j]
                        + " is neither -1 nor an input dimension below " + dIn);
            }
            if (map[j] >= 0) {
                kept[map[j]] = true;
            }
        }
        int missing = 0;
        for (boolean k : kept) {
            missing += k ? 0 : 1;
        }
        this.dIn = dIn;
        this.dOut = dOut;
        this.map = map;
        this.dropped = missing;
    }

    @Override
    public int dIn() {
        return dIn;
    }

    @Override
    public int dOut() {
        return dOut;
    }

    @Override
    public Fidelity fidelity() {
        return dropped == 0 ? Fidelity.EXACT : Fidelity.LOSSY;
    }

    @Override
    public String reason() {
        return dropped == 0
                ? "dimension remapping " + dIn + " -> " + dOut + " keeps every input dimension: copied back exactly"
                : "dimension remapping " + dIn + " -> " + dOut + " drops " + dropped + " of " + dIn
                        + " input dimensions: they come back as 0";
    }

    @Override
    public void reverse(float[] y, int yOffset, int n, float[] x, int xOffset) {
        CodecChecks.checkRange(y.length, yOffset, n, dOut, "y");
        CodecChecks.checkRange(x.length, xOffset, n, dIn, "x");
        Arrays.fill(x, xOffset, xOffset + n * dIn, 0f);
        for (int row = 0; row < n; row++) {
            int yo = yOffset + row * dOut;
            int xo = xOffset + row * dIn;
            for (int j = 0; j < dOut; j++) {
                if (map[j] >= 0) {
                    x[xo + map[j]] = y[yo + j];
                }
            }
        }
    }
}
