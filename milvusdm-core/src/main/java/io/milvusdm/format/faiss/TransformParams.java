package io.milvusdm.format.faiss;

import java.util.Objects;

/**
 * One {@code VectorTransform} of an {@code IndexPreTransform} chain, with what an inverse needs. Every kind ends
 * with the common trailer <b>[int32]</b> d_in, <b>[int32]</b> d_out, <b>[uint8]</b> is_trained. Parsed by
 * {@link VectorTransformReader}; see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L304-L492">read_VectorTransform_up</a>.
 */
public sealed interface TransformParams {

    /** The transform's fourcc. */
    String fourcc();

    int dIn();

    int dOut();

    /**
     * A linear map {@code y = A x + b}: {@code rrot} (RandomRotationMatrix), {@code Pcam}/{@code PcAm}/{@code PCAm}
     * (PCAMatrix: eigen_power, [epsilon], random_rotation, [balanced_bins], mean, eigenvalues, PCAMat, then the
     * linear body), {@code Viqm} (ITQMatrix: max_iter, seed, body), {@code LTra} (LinearTransform, also OPQMatrix).
     * The body: <b>[uint8]</b> have_bias, <b>[vector&lt;float32&gt;]</b> A (d_out × d_in, row-major),
     * <b>[vector&lt;float32&gt;]</b> b.
     *
     * @param a the matrix
     * @param b the bias (empty when {@code haveBias} is false)
     * @param pca the PCA fields, or {@code null} for other kinds
     */
    record Linear(String fourcc, int dIn, int dOut, boolean haveBias, Section a, Section b, Pca pca)
            implements TransformParams {
        public Linear {
            Objects.requireNonNull(a, "a");
            Objects.requireNonNull(b, "b");
        }
    }

    /**
     * The fields of a PCAMatrix before its linear body (A and b are already final: a reader needs only them).
     *
     * @param epsilon 0 in files older than {@code Pcam}
     */
    record Pca(float eigenPower, float epsilon, boolean randomRotation, Section mean, Section eigenvalues,
               Section pcaMatrix) {
    }

    /** {@code RmDT}: <b>[vector&lt;int32&gt;]</b> map, d_out values (-1 for a zero output). */
    record RemapDimensions(String fourcc, int dIn, int dOut, Section map) implements TransformParams {
    }

    /** {@code VNrm}: <b>[float32]</b> norm; the magnitude of the input is lost. */
    record Normalization(String fourcc, int dIn, int dOut, float norm) implements TransformParams {
    }

    /** {@code VCnt}: <b>[vector&lt;float32&gt;]</b> mean, subtracted. */
    record Centering(String fourcc, int dIn, int dOut, Section mean) implements TransformParams {
    }

    /** {@code Viqt}: mean, <b>[uint8]</b> do_pca, then two nested transforms (ITQ matrix, PCA then ITQ). */
    record Itq(String fourcc, int dIn, int dOut, Section mean, boolean doPca, TransformParams itq,
               TransformParams pcaThenItq) implements TransformParams {
    }

    /** {@code HRot} (v1.15): <b>[uint32]</b> seed; the signs come from Faiss's RNG. */
    record HadamardRotation(String fourcc, int dIn, int dOut, long seed) implements TransformParams {
    }
}
