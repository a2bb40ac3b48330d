package io.milvusdm.format.faiss.codec;

/** How far a row-major matrix is from having orthonormal rows or columns, computed in double. */
final class OrthonormalCheck {

    private OrthonormalCheck() {
    }

    /**
     * {@code max |G - I|} for {@code G = A Aᵀ} ({@code rows = true}, {@code rows × rows}) or {@code G = Aᵀ A}
     * ({@code cols × cols}), {@code A} being {@code rows × cols} row-major.
     */
    static double gramDeviation(float[] a, int rows, int cols, boolean ofRows) {
        int size = ofRows ? rows : cols;
        double max = 0;
        for (int p = 0; p < size; p++) {
            for (int q = p; q < size; q++) {
                double dot = ofRows ? rowDot(a, cols, p, q) : columnDot(a, rows, cols, p, q);
                max = Math.max(max, Math.abs(dot - (p == q ? 1.0 : 0.0)));
            }
        }
        return max;
    }

    private static double rowDot(float[] a, int cols, int p, int q) {
        double dot = 0;
        for (int k = 0, ap = p * cols, aq = q * cols; k < cols; k++) {
            dot += (double) a[ap + k] * a[aq + k];
        }
        return dot;
    }

    private static double columnDot(float[] a, int rows, int cols, int p, int q) {
        double dot = 0;
        for (int k = 0; k < rows; k++) {
            dot += (double) a[k * cols + p] * a[k * cols + q];
        }
        return dot;
    }
}
