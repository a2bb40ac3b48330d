package io.milvusdm.format.faiss;

import io.milvusdm.format.UnsupportedFormatException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The description tree, the recovery verdicts, and the errors for what cannot be read. */
class FaissDescribeTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeFixtures() {
        List<String> cases = new ArrayList<>(FaissFixtures.CODED);
        cases.addAll(List.of("idmap_ivf", "ivf_sparse", "ivf_dm_hashtable", "flat_lp", "hnsw_no_storage", "lsh",
                "ivf_ondisk", "refine_flat"));
        FaissFixtures.write(dir, cases);
    }

    static List<String> coded() {
        return FaissFixtures.CODED;
    }

    private static FaissDescription describe(String name) throws IOException {
        return FaissIndexFile.read(dir.resolve(name + ".index")).describe();
    }

    @Test
    void an_id_map_over_ivf_flat_shows_its_tree() throws IOException {
        FaissDescription description = describe("idmap_ivf");
        FaissNode root = description.root();
        assertThat(root.fourcc()).isEqualTo("IxMp");
        assertThat(root.faissClass()).isEqualTo("IndexIDMap");
        assertThat(root).extracting(FaissNode::d, FaissNode::ntotal, FaissNode::metric).containsExactly(37, 1003L, "L2");
        FaissNode ivf = root.children().get(0);
        assertThat(ivf).extracting(FaissNode::fourcc, FaissNode::faissClass, FaissNode::codeType, FaissNode::codeSize,
                FaissNode::directMap, FaissNode::listEncoding)
                .containsExactly("IwFl", "IndexIVFFlat", "float32", 148L, "NONE", "ilar/full");
        assertThat(ivf.nlist()).hasValue(7);
        assertThat(ivf.children()).singleElement().satisfies(q -> assertThat(q.fourcc()).isEqualTo("IxF2"));
        assertThat(description.recovery()).isEqualTo(new Recovery.Exact());
        assertThat(description.ids()).isEqualTo(IdOrigin.ID_MAP);
    }

    @Test
    void list_encodings_direct_maps_and_metric_args_are_shown() throws IOException {
        assertThat(describe("ivf_sparse").root().listEncoding()).isEqualTo("ilar/sprs");
        assertThat(describe("ivf_dm_hashtable").root().directMap()).isEqualTo("HASHTABLE");
        assertThat(describe("ivf_ondisk").root().listEncoding()).isEqualTo("ilod");
        FaissNode lp = describe("flat_lp").root();
        assertThat(lp).extracting(FaissNode::fourcc, FaissNode::metric, FaissNode::metricArg)
                .containsExactly("IxFl", "Lp", 3.0f);
        assertThat(describe("refine_flat").root().faissClass()).isEqualTo("IndexRefineFlat");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("coded")
    void coded_indexes_are_described_as_decoded_and_lossy_ones_need_the_flag(String name) throws IOException {
        FaissDescription description = describe(name);
        assertThat(description.recovery()).isInstanceOf(Recovery.Decoded.class);
        assertThat(description.root().ntotal()).isEqualTo(1003);
        Recovery.Decoded decoded = (Recovery.Decoded) description.recovery();
        // fp16 decodes exactly; PCA keeping all 37 dimensions and the random rotation invert within rounding.
        assertThat(decoded.lossy()).isEqualTo(!List.of("ivf_sqfp16_ip", "pca_flat", "rr_flat").contains(name));
        if (decoded.lossy()) {
            assertThatThrownBy(() -> FaissSource.open(dir.resolve(name + ".index")))
                    .isInstanceOf(UnsupportedFormatException.class)
                    .hasMessageContaining("(" + decoded.codec() + ")")
                    .hasMessageContaining("set allow_lossy: true in the job or pass --allow-lossy");
        }
        try (FaissSource source = FaissSource.open(dir.resolve(name + ".index"), true)) {
            assertThat(source.schema().totalRows()).isEqualTo(1003);
        }
    }

    @Test
    void coded_parameters_are_exposed_for_the_decoder() throws IOException {
        FaissIndexIVFPQ ivfpq = (FaissIndexIVFPQ) ((FaissIndexPreTransform) FaissIndexFile
                .read(dir.resolve("opq_ivf_pq.index")).root()).index();
        assertThat(ivfpq.pq()).extracting(PqParams::d, PqParams::m, PqParams::nbits).containsExactly(36, 6, 6);
        assertThat(ivfpq.pq().centroids().length()).isEqualTo(36L * 64 * 4);
        assertThat(ivfpq.byResidual()).isTrue();
        assertThat(ivfpq.lists().totalSize()).isEqualTo(1003);
        assertThat(ivfpq.lists().codes(0).length()).isEqualTo(ivfpq.lists().size(0) * 5);
        FaissIndexScalarQuantizer sq = (FaissIndexScalarQuantizer) FaissIndexFile.read(dir.resolve("sq8.index")).root();
        assertThat(sq.sq()).extracting(SqParams::qtype, SqParams::d, SqParams::codeSize).containsExactly(0, 37, 37L);
        assertThat(sq.sq().trained().length()).isEqualTo(2 * 37 * 4);
        assertThat(sq.codes().length()).isEqualTo(1003L * 37);
        FaissIndexPreTransform pca = (FaissIndexPreTransform) FaissIndexFile.read(dir.resolve("pca_flat.index")).root();
        assertThat(pca.chain()).singleElement().isInstanceOfSatisfying(TransformParams.Linear.class, t -> {
            assertThat(t.fourcc()).isEqualTo("Pcam");
            assertThat(t.a().length()).isEqualTo(37L * 37 * 4);
            assertThat(t.pca()).isNotNull();
        });
        assertThat(describe("pca_flat").recovery()).isInstanceOfSatisfying(Recovery.Decoded.class, d -> {
            assertThat(d.codec()).isEqualTo("Pcam>float32");
            assertThat(d.lossy()).isFalse();
        });
    }

    @Test
    void lsh_is_refused_saying_why() {
        assertThatThrownBy(() -> FaissIndexFile.read(dir.resolve("lsh.index")))
                .isInstanceOf(UnsupportedFormatException.class)
                .hasMessageStartingWith("Faiss index type 'IxHe' is not recoverable: IndexLSH stores only the sign bits");
    }

    @Test
    void hnsw_without_storage_is_described_and_refused() throws IOException {
        assertThat(describe("hnsw_no_storage").recovery()).isInstanceOfSatisfying(Recovery.None.class,
                none -> assertThat(none.reason()).contains("IO_FLAG_SKIP_STORAGE"));
        assertThatThrownBy(() -> FaissSource.open(dir.resolve("hnsw_no_storage.index")))
                .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("cannot be recovered");
    }

    @Test
    void an_on_disk_index_without_its_data_file_says_where_it_looked() throws IOException {
        Path alone = Files.createDirectories(dir.resolve("alone"));
        Path copy = Files.copy(dir.resolve("ivf_ondisk.index"), alone.resolve("moved.index"));
        Path data = dir.resolve("ivf_ondisk.ivfdata");
        Path hidden = Files.move(data, dir.resolve("hidden.bin"));
        try {
            assertThatThrownBy(() -> FaissSource.open(copy)).isInstanceOf(NoSuchFileException.class)
                    .hasMessageContaining("ivf_ondisk.ivfdata' (").hasMessageContaining("is neither beside the index");
            assertThat(FaissIndexFile.read(copy).describe().recovery()).isInstanceOf(Recovery.None.class);
        } finally {
            Files.move(hidden, data);
        }
        Files.copy(data, alone.resolve("ivf_ondisk.ivfdata"));
        try (FaissSource source = FaissSource.open(copy)) {
            assertThat(source.schema().totalRows()).isEqualTo(1003);
        }
    }
}
