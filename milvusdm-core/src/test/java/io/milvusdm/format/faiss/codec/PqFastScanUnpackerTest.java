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

/**
 * Fast-scan codes against faiss: the unpacked codes must be the codes faiss packed ({@code compute_codes} of the same
 * vectors), and decoding them must give faiss's decode. faiss's own {@code reconstruct} is not the reference: for
 * {@code bbs > 32} it unpacks wrongly (see {@link PqFastScanUnpacker}).
 */
class PqFastScanUnpackerTest {

    @TempDir
    static Path root;

    @BeforeAll
    static void writeFixtures() {
        FaissCodecFixtures.write(root, "pqfs_bbs32", "pqfs_bbs64", "ivfpqfs_bbs32_residual", "ivfpqfs_bbs64_direct");
    }

    @ParameterizedTest
    @ValueSource(ints = {32, 64})
    void index_pq_fast_scan_codes_unpack_to_faiss_codes(int bbs) {
        FaissCodecFixtures.Case fixture = FaissCodecFixtures.Case.load(root, "pqfs_bbs" + bbs);
        int n = fixture.integer("n");
        int d = fixture.integer("d");
        int m = fixture.integer("m");
        PqFastScanUnpacker unpacker = new PqFastScanUnpacker(m, bbs);
        byte[] packed = fixture.u8("packed");
        assertThat((long) packed.length).isEqualTo(unpacker.packedSize(fixture.integer("ntotal2")));
        assertThat(unpacker.codeSize()).isEqualTo(fixture.integer("code_size"));

        byte[] codes = new byte[n * unpacker.codeSize()];
        unpacker.unpack(packed, 0, n, codes, 0);
        assertThat(codes).containsExactly(fixture.u8("codes"));

        ProductQuantizerDecoder decoder = new ProductQuantizerDecoder(d, m, 4, fixture.f32("centroids"));
        float[] decoded = new float[n * d];
        decoder.decode(codes, 0, n, decoded, 0);
        assertThat(bits(decoded)).containsExactly(bits(fixture.f32("decoded")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ivfpqfs_bbs32_residual", "ivfpqfs_bbs64_direct"})
    void ivf_pq_fast_scan_lists_unpack_and_decode_like_faiss(String name) {
        FaissCodecFixtures.Case fixture = FaissCodecFixtures.Case.load(root, name);
        int n = fixture.integer("n");
        int d = fixture.integer("d");
        int m = fixture.integer("m");
        PqFastScanUnpacker unpacker = new PqFastScanUnpacker(m, fixture.integer("bbs"));
        byte[] packed = fixture.u8("packed");
        byte[] codes = new byte[n * unpacker.codeSize()];
        int row = 0;
        int packedOffset = 0;
        for (int size : fixture.i32("listsizes")) {
            // Each list is its own run of blocks, padded to whole blocks.
            unpacker.unpack(packed, packedOffset, size, codes, row * unpacker.codeSize());
            row += size;
            packedOffset += (int) unpacker.packedSize(size);
        }
        assertThat(packedOffset).isEqualTo(packed.length);
        assertThat(codes).containsExactly(fixture.u8("codes"));

        ProductQuantizerDecoder decoder = new ProductQuantizerDecoder(d, m, 4, fixture.f32("centroids"));
        float[] decoded = IvfRows.decodeRows(codes, fixture.i32("listno"), fixture.f32("coarse"), n, d,
                decoder::decode, decoder.codeSize(), fixture.flag("by_residual"));
        assertThat(bits(decoded)).containsExactly(bits(fixture.f32("decoded")));
    }

    @Test
    void block_sizes_follow_faiss() {
        PqFastScanUnpacker odd = new PqFastScanUnpacker(9, 32);
        assertThat(odd.codeSize()).isEqualTo(5);
        assertThat(odd.blockSize()).isEqualTo(160);
        assertThat(odd.packedSize(33)).isEqualTo(320);
        assertThat(odd.packedSize(0)).isZero();
    }

    @Test
    void block_sizes_that_are_not_multiples_of_32_are_refused() {
        assertThatThrownBy(() -> new PqFastScanUnpacker(8, 48))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fast-scan bbs must be a positive multiple of 32, found 48");
    }

    @Test
    void a_packed_array_shorter_than_its_blocks_is_refused() {
        PqFastScanUnpacker unpacker = new PqFastScanUnpacker(4, 32);
        assertThatThrownBy(() -> unpacker.unpack(new byte[60], 0, 20, new byte[40], 0))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("packed: 20 rows from offset 0 need 64 bytes, array has 60");
    }
}
