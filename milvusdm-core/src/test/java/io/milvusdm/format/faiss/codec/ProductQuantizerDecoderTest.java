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

class ProductQuantizerDecoderTest {

    @TempDir
    static Path root;

    @BeforeAll
    static void writeFixtures() {
        FaissCodecFixtures.write(root, "pq_nbits4", "pq_nbits5", "pq_nbits6", "pq_nbits8", "pq_nbits10", "pq_nbits12",
                "pq_nbits16", "ivfpq_nbits6");
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 6, 8, 10, 12, 16})
    void decodes_like_faiss_bit_for_bit(int nbits) {
        FaissCodecFixtures.Case fixture = FaissCodecFixtures.Case.load(root, "pq_nbits" + nbits);
        int n = fixture.integer("n");
        int d = fixture.integer("d");
        ProductQuantizerDecoder decoder = new ProductQuantizerDecoder(d, fixture.integer("m"), nbits,
                fixture.f32("centroids"));
        assertThat(decoder.codeSize()).isEqualTo(fixture.integer("code_size"));
        byte[] codes = fixture.u8("codes");
        float[] decoded = new float[n * d];
        int first = n / 2;
        decoder.decode(codes, 0, first, decoded, 0);
        decoder.decode(codes, first * decoder.codeSize(), n - first, decoded, first * d);

        assertThat(bits(decoded)).containsExactly(bits(fixture.f32("decoded")));
    }

    @Test
    void ivfpq_codes_decode_like_faiss_reconstruct_after_adding_the_centroid() {
        FaissCodecFixtures.Case fixture = FaissCodecFixtures.Case.load(root, "ivfpq_nbits6");
        assertThat(fixture.flag("by_residual")).isTrue();
        int n = fixture.integer("n");
        int d = fixture.integer("d");
        ProductQuantizerDecoder decoder = new ProductQuantizerDecoder(d, fixture.integer("m"), fixture.integer("nbits"),
                fixture.f32("centroids"));
        float[] decoded = IvfRows.decodeResidualRows(fixture, n, d, decoder::decode, decoder.codeSize());

        assertThat(bits(decoded)).containsExactly(bits(fixture.f32("decoded")));
    }

    @Test
    void centroids_of_the_wrong_size_are_refused() {
        assertThatThrownBy(() -> new ProductQuantizerDecoder(8, 2, 4, new float[63]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ProductQuantizer centroids (m=2 x 2^4 x dsub=4) must hold 128 floats, found 63");
        assertThatThrownBy(() -> new ProductQuantizerDecoder(10, 4, 8, new float[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ProductQuantizer needs d > 0 divisible by m > 0: d=10, m=4");
    }
}
