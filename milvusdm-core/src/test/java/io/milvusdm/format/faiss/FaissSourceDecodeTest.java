package io.milvusdm.format.faiss;

import io.milvusdm.format.UnsupportedFormatException;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Coded fixtures read back as faiss decodes the same codes: bit for bit for SQ, PQ, fast scan and residuals,
 * within the inverse's tolerance for pre-transforms; ids exact; the lossy gate; block-aligned fast-scan splits;
 * reused batch arrays; the error figures.
 */
class FaissSourceDecodeTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeFixtures() {
        List<String> cases = new ArrayList<>(FaissFixtures.DECODED);
        cases.addAll(List.of("dec_pcaw_flat", "dec_pq_fs_bbs64", "refine_flat"));
        FaissFixtures.write(dir, cases);
    }

    static List<String> decoded() {
        return FaissFixtures.DECODED;
    }

    private static FaissSource open(String name) throws IOException {
        return FaissSource.open(dir.resolve(name + ".index"), true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decoded")
    void vectors_match_faiss_and_ids_are_exact(String name) throws IOException {
        FaissFixtures.Expected expected = FaissFixtures.Expected.load(dir, name);
        try (FaissSource source = open(name)) {
            assertThat(source.schema().dimension()).isEqualTo(Integer.parseInt(expected.get("dimension")));
            assertThat(source.schema().metric()).contains(expected.get("metric"));
            assertThat(source.schema().totalRows()).isEqualTo(1003);
            assertThat(source.describe().ids()).hasToString(expected.get("ids_origin"));
            assertThat(source.describe().recovery()).isInstanceOfSatisfying(Recovery.Decoded.class,
                    d -> assertThat(d.lossy()).isEqualTo(Boolean.parseBoolean(expected.get("lossy"))));
            assertMatches(expected, FaissFixtures.readAll(source, Long.MAX_VALUE, 1 << 20));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decoded")
    void small_splits_and_batches_cover_every_row_once(String name) throws IOException {
        FaissFixtures.Expected expected = FaissFixtures.Expected.load(dir, name);
        try (FaissSource source = open(name)) {
            long rowBytes = 4L * source.schema().dimension();
            List<Split> splits = source.splits(rowBytes * 97);
            assertThat(splits).hasSizeGreaterThan(5);
            assertThat(splits.stream().mapToLong(Split::rowCount).sum()).isEqualTo(1003);
            assertMatches(expected, FaissFixtures.readAll(source, rowBytes * 97, (rowBytes + 8) * 13));
            assertMatches(expected, FaissFixtures.readAll(source, rowBytes * 200, (rowBytes + 8) * 70));
        }
    }

    private static void assertMatches(FaissFixtures.Expected expected, TreeMap<Long, ByteBuffer> rows) {
        assertThat(rows.keySet()).containsExactlyElementsOf(expected.rows().keySet());
        double tolerance = Double.parseDouble(expected.get("tolerance"));
        if (tolerance == 0) {
            assertThat(rows).isEqualTo(expected.rows());
            return;
        }
        double worst = 0;
        for (Map.Entry<Long, ByteBuffer> row : rows.entrySet()) {
            var ours = row.getValue().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            var faiss = expected.rows().get(row.getKey()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            for (int i = 0; i < ours.limit(); i++) {
                worst = Math.max(worst, Math.abs(ours.get(i) - faiss.get(i)));
            }
        }
        assertThat(worst).isLessThanOrEqualTo(tolerance);
    }

    @Test
    void fast_scan_splits_start_on_block_boundaries() throws IOException {
        for (String name : List.of("dec_pq_fs", "dec_pq_fs_bbs64")) {
            int bbs = name.endsWith("bbs64") ? 64 : 32;
            try (FaissSource source = open(name)) {
                List<Split> splits = source.splits(4L * 36 * 50);
                assertThat(splits).hasSizeGreaterThan(5).allSatisfy(s -> {
                    assertThat(((FaissSplit) s).startRow() % bbs).isZero();
                    assertThat(s.rowCount()).isLessThanOrEqualTo(Math.max(bbs, 50 - 50 % bbs));
                });
                assertThat(splits.stream().mapToLong(Split::rowCount).sum()).isEqualTo(1003);
                TreeMap<Long, ByteBuffer> whole = FaissFixtures.readAll(source, Long.MAX_VALUE, 1 << 20);
                assertThat(whole).hasSize(1003);
                assertThat(FaissFixtures.readAll(source, 4L * 36 * 50, 44L * 45)).isEqualTo(whole);
            }
        }
    }

    @Test
    void lossy_codes_need_the_flag_and_say_what_is_lost() {
        assertThatThrownBy(() -> FaissSource.open(dir.resolve("dec_sq8.index")))
                .isInstanceOf(UnsupportedFormatException.class)
                .hasMessageContaining("the vectors of this IxSQ index are stored as lossy codes (SQ QT_8bit)")
                .hasMessageContaining("QT_8bit: |x̂ - x| <= ")
                .hasMessageContaining("set allow_lossy: true in the job or pass --allow-lossy to accept decoded"
                        + " vectors");
        assertThatThrownBy(() -> FaissSource.open(dir.resolve("dec_pca_reduced.index")))
                .isInstanceOf(UnsupportedFormatException.class)
                .hasMessageContaining("(Pcam>float32)").hasMessageContaining("projection keeping 16 of 37");
    }

    @Test
    void exact_codecs_and_orthonormal_transforms_need_no_flag() throws IOException {
        for (String name : List.of("dec_sqfp16", "dec_sqbf16_ip", "dec_idmap_sqfp16", "dec_rr_flat_ip",
                "dec_centering")) {
            try (FaissSource source = FaissSource.open(dir.resolve(name + ".index"))) {
                assertThat(source.schema().totalRows()).isEqualTo(1003);
            }
        }
    }

    @Test
    void a_whitening_pca_is_refused_with_its_reason() {
        assertThatThrownBy(() -> FaissSource.open(dir.resolve("dec_pcaw_flat.index"), true))
                .isInstanceOf(UnsupportedFormatException.class)
                .hasMessageContaining("cannot be recovered: 37x37 matrix is not orthonormal");
    }

    @Test
    void the_description_carries_codec_and_expected_error() throws IOException {
        try (FaissSource sq = open("dec_ivf_sq8"); FaissSource pq = open("dec_opq_ivf_pq");
             FaissSource fp16 = open("dec_sqfp16")) {
            Recovery.Decoded sq8 = (Recovery.Decoded) sq.describe().recovery();
            assertThat(sq8.codec()).isEqualTo("SQ QT_8bit residual");
            assertThat(sq8.expectedError().absolute().getAsDouble()).isBetween(1e-4, 0.1);
            assertThat(sq.expectedError()).isEqualTo(sq8.expectedError());
            Recovery.Decoded opq = (Recovery.Decoded) pq.describe().recovery();
            assertThat(opq.codec()).isEqualTo("LTra>PQ 6x6 residual");
            assertThat(opq.expectedError().absolute()).isEmpty();
            assertThat(opq.expectedError().text()).startsWith("no a-priori bound").contains("orthonormal 36x36");
            Recovery.ErrorBound half = fp16.expectedError();
            assertThat(half.absolute()).hasValue(0x1p-25);
            assertThat(half.relative()).isEqualTo(0x1p-11);
            assertThat(half.text()).startsWith("QT_fp16 values decode exactly");
        }
    }

    @Test
    void the_error_is_measured_against_the_refine_vectors_only() throws IOException {
        try (FaissSource refine = FaissSource.open(dir.resolve("refine_flat.index")); FaissSource sq = open("dec_sq8")) {
            assertThat(refine.describe().recovery()).isInstanceOf(Recovery.Exact.class);
            assertThat(refine.measuredMaxError()).isEmpty();
            FaissFixtures.readAll(refine, 4L * 37 * 100, 1 << 12);
            assertThat(refine.measuredMaxError().getAsDouble()).isBetween(1e-4, 0.1);
            FaissFixtures.readAll(sq, Long.MAX_VALUE, 1 << 20);
            assertThat(sq.measuredMaxError()).isEmpty();
        }
    }

    @Test
    void recycled_arrays_are_reused_and_refilled_with_the_same_rows() throws IOException {
        FaissFixtures.Expected expected = FaissFixtures.Expected.load(dir, "dec_ivf_pq");
        try (FaissSource source = open("dec_ivf_pq")) {
            TreeMap<Long, ByteBuffer> rows = new TreeMap<>();
            List<float[]> arrays = new ArrayList<>();
            for (Split split : source.splits(Long.MAX_VALUE)) {
                try (BatchReader reader = source.open(split, (4L * 36 + 8) * 64)) {
                    for (VectorBatch batch = reader.next(); batch != null; batch = reader.next()) {
                        TreeMap<Long, ByteBuffer> one = new TreeMap<>();
                        FaissFixtures.collect(batch, one);
                        rows.putAll(one);
                        arrays.add(((FloatVectors) batch.vectors()).values());
                        source.recycle(batch);
                    }
                }
            }
            assertThat(rows).isEqualTo(expected.rows());
            assertThat(arrays.get(1)).isSameAs(arrays.get(0));
        }
    }
}
