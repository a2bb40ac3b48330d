package io.milvusdm.format.faiss.codec;

import io.milvusdm.format.faiss.codec.InverseTransform.Fidelity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static io.milvusdm.format.faiss.codec.FaissCodecFixtures.bits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InverseTransformTest {

    /** One float rounding, relative. */
    private static final double U = 0x1p-24;

    @TempDir
    static Path root;

    @BeforeAll
    static void writeFixtures() {
        FaissCodecFixtures.write(root, "transforms");
    }

    @ParameterizedTest
    @CsvSource({"rrot, WITHIN_ROUNDING", "opq, WITHIN_ROUNDING", "itq, WITHIN_ROUNDING", "pca_square, WITHIN_ROUNDING",
        "rrot_tight, WITHIN_ROUNDING", "pca_reduce, LOSSY", "pca_whiten, NOT_INVERTIBLE"})
    void linear_transforms_are_classified_as_faiss_tests_them(String name, Fidelity expected) {
        FaissCodecFixtures.Case fixture = FaissCodecFixtures.Case.load(root, "lt_" + name);
        LinearTransformInverse inverse = linear(fixture);
        assertThat(inverse.fidelity()).as(inverse.reason()).isEqualTo(expected);
        assertThat(inverse.isOrthonormal(LinearTransformInverse.FAISS_ORTHONORMAL_TOLERANCE))
                .isEqualTo(fixture.flag("faiss_orthonormal"));
    }

    /**
     * faiss multiplies by Aᵀ with BLAS sgemm (summation order and FMA use depend on the BLAS build), this class in
     * double; so the two may differ by faiss's float rounding of the dot product, bounded by
     * {@code dOut * u * sum_j |A_ji (y_j - b_j)|}, plus one rounding of ours. Bit-exactness is not possible here.
     */
    @ParameterizedTest
    @CsvSource({"rrot", "opq", "itq", "pca_square", "pca_reduce"})
    void reverse_matches_faiss_reverse_transform_within_its_float_rounding(String name) {
        FaissCodecFixtures.Case fixture = FaissCodecFixtures.Case.load(root, "lt_" + name);
        LinearTransformInverse inverse = linear(fixture);
        int n = fixture.integer("n");
        float[] y = fixture.f32("transformed");
        float[] x = new float[n * inverse.dIn()];
        inverse.reverse(y, 0, n, x, 0);

        float[] faiss = fixture.f32("decoded");
        float[] a = fixture.f32("a");
        float[] b = fixture.flag("have_bias") ? fixture.f32("b") : new float[inverse.dOut()];
        for (int row = 0; row < n; row++) {
            for (int i = 0; i < inverse.dIn(); i++) {
                double magnitude = 0;
                for (int j = 0; j < inverse.dOut(); j++) {
                    magnitude += Math.abs(a[j * inverse.dIn() + i] * (y[row * inverse.dOut() + j] - b[j]));
                }
                int at = row * inverse.dIn() + i;
                double bound = inverse.dOut() * U * magnitude + Math.ulp(faiss[at]);
                assertThat(Math.abs((double) x[at] - faiss[at])).as("row %d, component %d", row, i)
                        .isLessThanOrEqualTo(bound);
            }
        }
    }

    /**
     * Against the original: the forward product rounded (dIn terms), A is orthonormal only within faiss's tolerance,
     * and the reverse rounds again, so each component is within {@code (tol + 2 (d + 1) u) * |x|}.
     */
    @ParameterizedTest
    @CsvSource({"rrot", "opq", "itq", "pca_square", "rrot_tight"})
    void orthonormal_transforms_give_back_the_original_up_to_rounding(String name) {
        FaissCodecFixtures.Case fixture = FaissCodecFixtures.Case.load(root, "lt_" + name);
        LinearTransformInverse inverse = linear(fixture);
        int n = fixture.integer("n");
        float[] x = new float[n * inverse.dIn()];
        inverse.reverse(fixture.f32("transformed"), 0, n, x, 0);

        float[] original = fixture.f32("original");
        int d = Math.max(inverse.dIn(), inverse.dOut());
        double relative = LinearTransformInverse.FAISS_ORTHONORMAL_TOLERANCE + 2 * (d + 1) * U;
        for (int row = 0; row < n; row++) {
            double norm = 0;
            for (int i = 0; i < inverse.dIn(); i++) {
                norm += (double) original[row * inverse.dIn() + i] * original[row * inverse.dIn() + i];
            }
            for (int i = 0; i < inverse.dIn(); i++) {
                int at = row * inverse.dIn() + i;
                assertThat(Math.abs((double) x[at] - original[at])).isLessThanOrEqualTo(relative * Math.sqrt(norm));
            }
        }
    }

    @Test
    void whitening_pca_is_refused_with_its_reason() {
        LinearTransformInverse inverse = linear(FaissCodecFixtures.Case.load(root, "lt_pca_whiten"));
        assertThat(inverse.reason()).startsWith("40x40 matrix is not orthonormal (max |A Aᵀ - I| = ")
                .endsWith("as for a whitening PCA: Aᵀ(y - b) is not its inverse, and faiss refuses it too");
        assertThatThrownBy(() -> inverse.reverse(new float[40], 0, 1, new float[40], 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot reverse LinearTransform: " + inverse.reason());
    }

    @Test
    void dimension_reducing_pca_says_what_is_lost() {
        LinearTransformInverse inverse = linear(FaissCodecFixtures.Case.load(root, "lt_pca_reduce"));
        assertThat(inverse.reason()).isEqualTo("projection keeping 16 of 40 dimensions (PCA-style): Aᵀ(y - b) is"
                + " each vector projected on the kept subspace, the rest is lost");
    }

    @ParameterizedTest
    @CsvSource({"remap_grow, EXACT", "remap_shrink, LOSSY"})
    void remapping_is_reversed_bit_for_bit_like_faiss(String name, Fidelity expected) {
        FaissCodecFixtures.Case fixture = FaissCodecFixtures.Case.load(root, "vt_" + name);
        RemapDimensionsInverse inverse = new RemapDimensionsInverse(fixture.integer("d_in"), fixture.integer("d_out"),
                fixture.i32("map"));
        float[] x = reverse(inverse, fixture);
        assertThat(bits(x)).containsExactly(bits(fixture.f32("decoded")));
        assertThat(inverse.fidelity()).as(inverse.reason()).isEqualTo(expected);
        if (expected == Fidelity.EXACT) {
            assertThat(bits(x)).containsExactly(bits(fixture.f32("original")));
        }
    }

    @Test
    void centering_is_reversed_bit_for_bit_like_faiss() {
        FaissCodecFixtures.Case fixture = FaissCodecFixtures.Case.load(root, "vt_centering");
        CenteringInverse inverse = new CenteringInverse(fixture.f32("mean"));
        float[] x = reverse(inverse, fixture);
        assertThat(bits(x)).containsExactly(bits(fixture.f32("decoded")));
        assertThat(inverse.fidelity()).isEqualTo(Fidelity.WITHIN_ROUNDING);
        float[] original = fixture.f32("original");
        float[] mean = fixture.f32("mean");
        for (int at = 0; at < x.length; at++) {
            // x - mean and + mean each round once, to the ulp of the larger operand.
            float scale = Math.max(Math.abs(original[at]), Math.abs(mean[at % mean.length]));
            assertThat(Math.abs(x[at] - original[at])).isLessThanOrEqualTo(2 * Math.ulp(2 * scale));
        }
    }

    @Test
    void normalization_keeps_the_direction_and_says_the_norm_is_lost() {
        NormalizationInverse inverse = new NormalizationInverse(3, 2.0f);
        float[] y = {0.6f, 0.8f, 0f};
        float[] x = new float[3];
        inverse.reverse(y, 0, 1, x, 0);
        assertThat(x).containsExactly(y);
        assertThat(inverse.fidelity()).isEqualTo(Fidelity.LOSSY);
        assertThat(inverse.reason()).isEqualTo("L2 normalisation keeps only each vector's direction: its norm is lost"
                + " (fine for COSINE or IP, not for L2)");
    }

    @Test
    void a_map_entry_outside_the_input_is_refused() {
        assertThatThrownBy(() -> new RemapDimensionsInverse(4, 2, new int[] {1, 4}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RemapDimensionsTransform map[1] = 4 is neither -1 nor an input dimension below 4");
    }

    private static float[] reverse(InverseTransform inverse, FaissCodecFixtures.Case fixture) {
        int n = fixture.integer("n");
        float[] x = new float[n * inverse.dIn()];
        inverse.reverse(fixture.f32("transformed"), 0, n, x, 0);
        return x;
    }

    private static LinearTransformInverse linear(FaissCodecFixtures.Case fixture) {
        boolean haveBias = fixture.flag("have_bias");
        return new LinearTransformInverse(fixture.integer("d_in"), fixture.integer("d_out"), fixture.f32("a"),
                haveBias ? fixture.f32("b") : null, haveBias);
    }
}
