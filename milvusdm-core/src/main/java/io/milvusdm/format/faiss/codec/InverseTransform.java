package io.milvusdm.format.faiss.codec;

/**
 * The inverse of one faiss {@code VectorTransform} of an {@code IndexPreTransform} chain. A chain
 * {@code y = T_k(...T_0(x))} is undone by applying the inverses in reverse order, last transform first.
 *
 * <p>{@link #dIn()} and {@link #dOut()} are the forward transform's sizes: {@link #reverse} reads vectors of
 * {@code dOut} floats and writes vectors of {@code dIn} floats.
 */
public interface InverseTransform {

    /** How much of the original vector the inverse gives back. */
    enum Fidelity {
        /** The original floats, bit for bit. */
        EXACT,
        /** The original up to float rounding (an orthonormal matrix, a mean added back). */
        WITHIN_ROUNDING,
        /** Something the original cannot be recovered from in full; {@link #reason()} says what is lost. */
        LOSSY,
        /** No inverse is implemented; {@link #reverse} refuses and {@link #reason()} says why. */
        NOT_INVERTIBLE
    }

    /** The forward transform's input dimension: the size of the vectors {@link #reverse} writes. */
    int dIn();

    /** The forward transform's output dimension: the size of the vectors {@link #reverse} reads. */
    int dOut();

    /** How faithful {@link #reverse} is. */
    Fidelity fidelity();

    /** One sentence for the migration summary: why the fidelity is what it is. */
    String reason();

    /**
     * Maps {@code n} vectors of {@link #dOut()} floats at {@code y[yOffset..]} back to {@code n} vectors of
     * {@link #dIn()} floats at {@code x[xOffset..]}.
     *
     * @throws IllegalStateException if the fidelity is {@link Fidelity#NOT_INVERTIBLE}
     */
    void reverse(float[] y, int yOffset, int n, float[] x, int xOffset);
}
