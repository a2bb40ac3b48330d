package io.milvusdm.format.faiss.write;

import io.milvusdm.format.faiss.write.FaissWriteSpec.Metric;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layout against the worked example of the project's Faiss notes (faiss-format.md §9, validated against
 * faiss): {@code IndexIVFFlat(IndexFlatL2(2), 2, 2)}, centroids (0,0) and (5,5), three vectors in lists of 2 and 1.
 */
class FaissFileLayoutTest {

    private static String hex(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void ivf_prefix_matches_the_worked_example_up_to_the_first_list() {
        String expected = "4977466c" + "02000000" + "0300000000000000" + "0000100000000000" + "0000100000000000"
                + "01" + "01000000"
                + "0200000000000000" + "0100000000000000"
                + "49784632" + "02000000" + "0200000000000000" + "0000100000000000" + "0000100000000000" + "01"
                + "01000000" + "0400000000000000" + "00000000" + "00000000" + "0000a040" + "0000a040"
                + "00" + "0000000000000000"
                + "696c6172" + "0200000000000000" + "0800000000000000" + "66756c6c" + "0200000000000000"
                + "0200000000000000" + "0100000000000000";
        ByteBuffer prefix = FaissFileLayout.ivfPrefix(Metric.L2, 2, FaissFileLayout.floatRows(new float[] {0, 0, 5, 5}),
                new long[] {2, 1});
        assertThat(prefix.remaining()).isEqualTo(0xab);
        assertThat(hex(prefix)).isEqualTo(expected);
    }

    /**
     * faiss-cpu 1.15.1's {@code serialize_index_binary} of {@code IndexBinaryIVF(IndexBinaryFlat(16), 16, 2)} trained
     * to centroids 1a66 and 4183, holding five vectors in lists of 3 and 2, up to the first list's codes.
     */
    @Test
    void binary_ivf_prefix_matches_faiss_up_to_the_first_list() {
        String expected = "49427746" + "10000000" + "02000000" + "0500000000000000" + "01" + "01000000"
                + "0200000000000000" + "0100000000000000"
                + "49427846" + "10000000" + "02000000" + "0200000000000000" + "01" + "01000000"
                + "0400000000000000" + "1a664183"
                + "00" + "0000000000000000"
                + "696c6172" + "0200000000000000" + "0200000000000000" + "66756c6c" + "0200000000000000"
                + "0300000000000000" + "0200000000000000";
        ByteBuffer prefix = FaissFileLayout.ivfPrefix(Metric.HAMMING, 16, HexFormat.of().parseHex("1a664183"),
                new long[] {3, 2});
        assertThat(hex(prefix)).isEqualTo(expected);
    }

    @Test
    void binary_flat_and_id_map_prefixes_have_the_binary_header() {
        assertThat(hex(FaissFileLayout.flatPrefix(Metric.HAMMING, 16, 5))).isEqualTo("49427846" + "10000000"
                + "02000000" + "0500000000000000" + "01" + "01000000" + "0a00000000000000");
        assertThat(hex(FaissFileLayout.idMapPrefix(FaissWriteSpec.Kind.IDMAP_FLAT, Metric.HAMMING, 16, 5)))
                .isEqualTo("49424d70" + "10000000" + "02000000" + "0500000000000000" + "01" + "01000000");
    }

    @Test
    void flat_prefix_is_fourcc_header_and_float_count() {
        assertThat(hex(FaissFileLayout.flatPrefix(Metric.INNER_PRODUCT, 2, 3))).isEqualTo("49784649" + "02000000"
                + "0300000000000000" + "0000100000000000" + "0000100000000000" + "01" + "00000000"
                + "0600000000000000");
    }
}
