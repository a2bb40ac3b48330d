package io.milvusdm.format.faiss.codec;

import java.util.Arrays;

/**
 * Inverts a faiss {@code LinearTransform} ({@code y = A x + b}): RandomRotationMatrix ({@code rrot}), PCAMatrix
 * ({@code Pcam}/{@code PcAm}/{@code PCAm}), ITQMatrix ({@code Viqm}) and plain LinearTransform ({@code LTra}, which is
 * how OPQMatrix is stored). {@code A} is {@code dOut × dIn}, row-major, as faiss stores it.
 *
 * <p>{@link #reverse} computes {@code x = Aᵀ (y - b)} as faiss's {@code reverse_transform} does: {@code y - b} in
 * float, then the product. faiss does the product with BLAS sgemm, whose summation order depends on the BLAS build,
 * so the product here accumulates in double and rounds once: it is within faiss's own float rounding of faiss's
 * result, not bit-identical.
 *
 * <h2>Fidelity</h2>
 * Orthonormality is computed here from A, with faiss's tolerance 4e-5 on {@code max |A Aᵀ - I|}: faiss marks every
 * LinearTransform it loads from a file orthonormal, so the file cannot be trusted for this.
 * <ul>
 *   <li>{@code dOut == dIn}, orthonormal (random rotation, OPQ, ITQ, PCA without whitening): within rounding.
 *   <li>{@code dOut < dIn}, orthonormal rows (PCA reducing the dimension): lossy, {@code Aᵀ(y - b)} is the original
 *       projected on the kept subspace (plus the mean).
 *   <li>{@code dOut > dIn} with {@code Aᵀ A = I} (a random rotation's tight frame): within rounding, although faiss
 *       itself refuses this case.
 *   <li>anything else (whitening PCA, eigen_power != 0): not invertible here; {@code Aᵀ} is not the inverse.
 * </ul>
 */
public final class LinearTransformInverse implements InverseTransform {

    /** faiss's tolerance in {@code LinearTransform::set_is_orthonormal}. */
    public static final double FAISS_ORTHONORMAL_TOLERANCE = 4e-5;

    private final int dIn;
    private final int dOut;
    private final float[] a;
    private final float[] b;
    private final double rowDeviation;
    private final double columnDeviation;
    private final Fidelity fidelity;
    private final String reason;

    /**
     * @param dIn the forward transform's input dimension
     * @param dOut its output dimension
     * @param a {@code dOut * dIn} floats, row-major; kept, not copied
     * @param b {@code dOut} floats when {@code haveBias}; ignored otherwise (faiss stores it empty)
     * @param haveBias faiss's {@code have_bias}
     */
    public LinearTransformInverse(int dIn, int dOut, float[] a, float[] b, boolean haveBias) {
        if (dIn <= 0 || dOut <= 0) {
            throw new IllegalArgumentException("LinearTransform needs positive sizes: d_in=" + dIn + ", d_out=" + dOut);
        }
        CodecChecks.checkLength(a, (long) dIn * dOut, "LinearTransform A (d_out=" + dOut + " x d_in=" + dIn + ")");
        if (haveBias) {
            CodecChecks.checkLength(b, dOut, "LinearTransform b");
        }
        this.dIn = dIn;
        this.dOut = dOut;
        this.a = a;
        this.b = haveBias ? b : new float[dOut];
        this.rowDeviation = OrthonormalCheck.gramDeviation(a, dOut, dIn, true);
        this.columnDeviation = dOut > dIn ? OrthonormalCheck.gramDeviation(a, dOut, dIn, false) : Double.NaN;
        this.fidelity = classify();
        this.reason = explain();
    }

    /**
     * faiss's test: {@code dOut <= dIn} and every entry of {@code A Aᵀ - I} within {@code tolerance} (faiss uses
     * {@link #FAISS_ORTHONORMAL_TOLERANCE}).
     */
    public boolean isOrthonormal(double tolerance) {
        return dOut <= dIn && rowDeviation <= tolerance;
    }

    private Fidelity classify() {
        if (isOrthonormal(FAISS_ORTHONORMAL_TOLERANCE)) {
            return dOut == dIn ? Fidelity.WITHIN_ROUNDING : Fidelity.LOSSY;
        }
        if (dOut > dIn && columnDeviation <= FAISS_ORTHONORMAL_TOLERANCE) {
            return Fidelity.WITHIN_ROUNDING;
        }
        return Fidelity.NOT_INVERTIBLE;
    }

    private String explain() {
        return switch (fidelity) {
            case WITHIN_ROUNDING -> dOut == dIn
                    ? String.format("orthonormal %dx%d matrix (max |A Aᵀ - I| = %.2g): Aᵀ(y - b) recovers the"
                            + " vectors up to float rounding", dOut, dIn, rowDeviation)
                    : String.format("tight frame %d -> %d (max |Aᵀ A - I| = %.2g): Aᵀ y recovers the vectors up to"
                            + " float rounding", dIn, dOut, columnDeviation);
            case LOSSY -> String.format("projection keeping %d of %d dimensions (PCA-style): Aᵀ(y - b) is each"
                    + " vector projected on the kept subspace, the rest is lost", dOut, dIn);
            default -> String.format("%dx%d matrix is not orthonormal (max |A Aᵀ - I| = %.2g > %.0e), as for a"
                    + " whitening PCA: Aᵀ(y - b) is not its inverse, and faiss refuses it too", dOut, dIn,
                    rowDeviation, FAISS_ORTHONORMAL_TOLERANCE);
        };
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
        return fidelity;
    }

    @Override
    public String reason() {
        return reason;
    }

    @Override
    public void reverse(float[] y, int yOffset, int n, float[] x, int xOffset) {
        if (fidelity == Fidelity.NOT_INVERTIBLE) {
            throw new IllegalStateException("cannot reverse LinearTransform: " + reason);
        }
        CodecChecks.checkRange(y.length, yOffset, n, dOut, "y");
        CodecChecks.checkRange(x.length, xOffset, n, dIn, "x");
        float[] centred = new float[dOut];
        double[] sum = new double[dIn];
        for (int row = 0; row < n; row++) {
            int yo = yOffset + row * dOut;
            for (int j = 0; j < dOut; j++) {
                centred[j] = y[yo + j] - b[j]; // in float, as faiss subtracts the bias before the product
            }
            Arrays.fill(sum, 0.0);
            for (int j = 0; j < dOut; j++) {
                double yj = centred[j];
                int aj = j * dIn;
                for (int i = 0; i < dIn; i++) {
                    sum[i] += a[aj + i] * yj;
                }
            }
            int xo = xOffset + row * dIn;
            for (int i = 0; i < dIn; i++) {
                x[xo + i] = (float) sum[i];
            }
        }
    }
}
