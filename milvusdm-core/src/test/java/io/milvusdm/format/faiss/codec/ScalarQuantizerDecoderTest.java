package io.milvusdm.format.faiss.codec;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static io.milvusdm.format.faiss.codec.FaissCodecFixtures.bits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScalarQuantizerDecoderTest {

    private static final String[] CASES = {"sq_QT_8bit", "sq_QT_4bit", "sq_QT_8bit_uniform", "sq_QT_4bit_uniform",
        "sq_QT_fp16", "sq_QT_8bit_direct", "sq_QT_6bit", "sq_QT_bf16", "sq_QT_8bit_direct_signed", "sq_QT_0bit",
        "sq_QT_3bit_tqmse", "sq_QT_5bit_eden", "ivfsq_8bit"};

    @TempDir
    static Path root;

    @BeforeAll
    static void writeFixtures() {
        FaissCodecFixtures.write(root, CASES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"QT_8bit", "QT_4bit", "QT_8bit_uniform", "QT_4bit_uniform", "QT_fp16", "QT_8bit_direct",
        "QT_6bit", "QT_bf16", "QT_8bit_direct_signed", "QT_0bit", "QT_3bit_tqmse", "QT_5bit_eden"})
    void decodes_like_faiss_bit_for_bit(String qtypeName) {
        FaissCodecFixtures.Case fixture = FaissCodecFixtures.Case.load(root, "sq_" + qtypeName);
        int n = fixture.integer("n");
        int d = fixture.integer("d");
        ScalarQuantizerDecoder decoder = new ScalarQuantizerDecoder(fixture.integer("qtype"), d,
                fixture.f32("trained"));
        assertThat(ScalarQuantizerDecoder.qtypeName(decoder.qtype())).isEqualTo(qtypeName);
        assertThat(decoder.codeSize()).isEqualTo(fixture.integer("code_size"));

        float[] decoded = decodeWithOffsets(decoder, fixture.u8("codes"), n, d);

        assertThat(bits(decoded)).containsExactly(bits(fixture.f32("decoded")));
        assertWithinBound(decoder, decoded, fixture.f32("original"), lloydMaxRange(decoder, fixture));
    }

    /** Decodes through nonzero offsets, in two calls, to exercise the offset arithmetic. */
    private static float[] decodeWithOffsets(ScalarQuantizerDecoder decoder, byte[] codes, int n, int d) {
        int lead = 3;
        byte[] shifted = new byte[lead + codes.length];
        System.arraycopy(codes, 0, shifted, lead, codes.length);
        float[] out = new float[lead + n * d];
        int first = n / 3;
        decoder.decode(shifted, lead, first, out, lead);
        decoder.decode(shifted, lead + first * decoder.codeSize(), n - first, out, lead + first * d);
        float[] decoded = new float[n * d];
        System.arraycopy(out, lead, decoded, 0, n * d);
        return decoded;
    }

    /** Lloyd-Max bounds hold between the outer centroids; other types bound every component. */
    private static float[] lloydMaxRange(ScalarQuantizerDecoder decoder, FaissCodecFixtures.Case fixture) {
        int qtype = decoder.qtype();
        if (qtype < 10) {
            return new float[] {Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
        }
        float[] trained = fixture.f32("trained");
        int k = (trained.length + 1) / 2;
        return new float[] {trained[0], trained[k - 1]};
    }

    private static void assertWithinBound(ScalarQuantizerDecoder decoder, float[] decoded, float[] original,
                                          float[] range) {
        double worst = 0;
        for (int i = 0; i < original.length; i++) {
            if (original[i] < range[0] || original[i] > range[1]) {
                continue;
            }
            double error = Math.abs((double) decoded[i] - original[i]);
            double bound = decoder.maxAbsError() + decoder.maxRelError() * Math.abs(original[i]);
            worst = Math.max(worst, error / bound);
        }
        assertThat(worst).as("largest error / bound for %s", decoder).isLessThanOrEqualTo(1.0);
    }

    @Test
    void ivf_residual_codes_decode_like_faiss_reconstruct_after_adding_the_centroid() {
        FaissCodecFixtures.Case fixture = FaissCodecFixtures.Case.load(root, "ivfsq_8bit");
        assertThat(fixture.flag("by_residual")).isTrue();
        int n = fixture.integer("n");
        int d = fixture.integer("d");
        ScalarQuantizerDecoder decoder = new ScalarQuantizerDecoder(fixture.integer("qtype"), d,
                fixture.f32("trained"));
        float[] decoded = IvfRows.decodeResidualRows(fixture, n, d, decoder::decode, decoder.codeSize());

        assertThat(bits(decoded)).containsExactly(bits(fixture.f32("decoded")));
        float[] original = fixture.f32("original");
        for (int i = 0; i < original.length; i++) {
            // The residual is within the bound; adding the centroid back rounds once more.
            double bound = decoder.maxAbsError() + 2 * Math.ulp(original[i]);
            assertThat(Math.abs((double) decoded[i] - original[i])).isLessThanOrEqualTo(bound);
        }
    }

    @Test
    void exact_types_are_the_ones_whose_codes_are_the_values() {
        assertThat(new ScalarQuantizerDecoder(4, 3, new float[0]).exact()).isTrue();
        assertThat(new ScalarQuantizerDecoder(7, 3, new float[0]).exact()).isTrue();
        assertThat(new ScalarQuantizerDecoder(5, 3, new float[0]).exact()).isTrue();
        assertThat(new ScalarQuantizerDecoder(8, 3, new float[0]).exact()).isTrue();
        assertThat(new ScalarQuantizerDecoder(2, 3, new float[2]).exact()).isFalse();
        assertThat(new ScalarQuantizerDecoder(9, 3, null).maxAbsError()).isInfinite();
    }

    @Test
    void unknown_and_unsupported_qtypes_are_refused_by_name() {
        assertThatThrownBy(() -> new ScalarQuantizerDecoder(27, 8, new float[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown ScalarQuantizer qtype 27 (faiss 1.15 defines 0..26)");
        assertThatThrownBy(() -> new ScalarQuantizerDecoder(16, 8, new float[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ScalarQuantizer QT_3bit_tq (16, full TurboQuant) is not supported: its decode needs"
                        + " faiss's random generator and a QR factorisation to rebuild the QJL projection");
    }

    @Test
    void trained_arrays_of_the_wrong_size_are_refused() {
        assertThatThrownBy(() -> new ScalarQuantizerDecoder(0, 5, new float[5]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ScalarQuantizer QT_8bit with d=5 needs 10 trained values, found 5");
    }

    @Test
    void ranges_past_the_arrays_are_refused_before_decoding() {
        ScalarQuantizerDecoder decoder = new ScalarQuantizerDecoder(5, 4, new float[0]);
        assertThatThrownBy(() -> decoder.decode(new byte[7], 0, 2, new float[8], 0))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("codes: 2 rows of 4 from offset 0 need 8 elements, array has 7");
    }
}
