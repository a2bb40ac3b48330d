package io.milvusdm.format.faiss.write;

import io.milvusdm.format.faiss.write.FaissWriteSpec.Kind;
import io.milvusdm.format.faiss.write.FaissWriteSpec.Metric;
import io.milvusdm.format.npy.NpyReader;
import io.milvusdm.format.npy.NpySource;
import io.milvusdm.format.npy.NpySourceSpec;
import io.milvusdm.format.npy.NpyWriter;
import io.milvusdm.pipeline.JobSummary;
import io.milvusdm.pipeline.RunOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static io.milvusdm.format.faiss.write.FaissWriteFixtures.SMALL;
import static io.milvusdm.format.faiss.write.FaissWriteFixtures.SMALL_BINARY;
import static io.milvusdm.format.faiss.write.FaissWriteFixtures.binarySource;
import static io.milvusdm.format.faiss.write.FaissWriteFixtures.checkWithFaiss;
import static io.milvusdm.format.faiss.write.FaissWriteFixtures.metricName;
import static io.milvusdm.format.faiss.write.FaissWriteFixtures.run;
import static io.milvusdm.format.faiss.write.FaissWriteFixtures.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Indexes written from numpy files through the job runner, judged by faiss: bytes, stored rows, search results. */
class FaissSinkTest {

    @TempDir
    static Path data;
    @TempDir
    Path out;

    @BeforeAll
    static void writeFixtures() {
        FaissWriteFixtures.write(data);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"FLAT, L2, flat", "FLAT, INNER_PRODUCT, flat", "IDMAP_FLAT, L2, idmap", "IDMAP2_FLAT, L2, idmap2",
        "IDMAP2_FLAT, INNER_PRODUCT, idmap2", "FLAT, HAMMING, bflat", "IDMAP_FLAT, HAMMING, bidmap",
        "IDMAP2_FLAT, HAMMING, bidmap2"})
    void flat_and_id_map_files_are_byte_identical_to_faiss_and_search_alike(Kind kind, Metric metric, String name)
            throws IOException {
        Path file = out.resolve("ours.index");
        JobSummary summary = run(metric.binary() ? binarySource(data) : source(data),
                FaissWriteSpec.flat(file, kind, metric), metric.binary() ? SMALL_BINARY : SMALL);
        assertThat(summary.status()).isEqualTo(JobSummary.Status.DONE);
        assertThat(summary.splits()).isGreaterThan(10);
        Path theirs = data.resolve("faiss_" + name + "_" + metricName(metric) + ".index");
        assertThat(Files.mismatch(file, theirs)).as("first differing byte").isEqualTo(-1);
        checkWithFaiss(name, metricName(metric), file, data);
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left).as("no staging or temporary file is left").containsExactly(file);
        }
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void ivf_over_faiss_centroids_is_byte_identical_to_faiss_and_searches_alike(Metric metric) throws IOException {
        Path file = out.resolve("ivf.index");
        String kind = metric.binary() ? "bivf" : "ivf";
        Path centroids = data.resolve((metric.binary() ? "bcentroids_" : "centroids_") + metricName(metric) + ".npy");
        run(metric.binary() ? binarySource(data) : source(data), FaissWriteSpec.ivfWithCentroids(file, metric,
                centroids), metric.binary() ? SMALL_BINARY : SMALL);
        assertThat(Files.mismatch(file, data.resolve("faiss_" + kind + "_" + metricName(metric) + ".index")))
                .as("first differing byte").isEqualTo(-1);
        checkWithFaiss(kind, metricName(metric), file, data);
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void ivf_over_our_kmeans_reads_back_exactly_with_full_recall(Metric metric) throws IOException {
        Path file = out.resolve("own.index");
        run(metric.binary() ? binarySource(data) : source(data), FaissWriteSpec.ivf(file, metric, 32, 7), SMALL);
        checkWithFaiss(metric.binary() ? "bivf_own" : "ivf_own", metricName(metric), file, data);
    }

    @Test
    void binary_vectors_need_the_hamming_metric_and_float_vectors_another() {
        Path file = out.resolve("mismatch.index");
        assertThatThrownBy(() -> run(binarySource(data), FaissWriteSpec.flat(file, Kind.FLAT, Metric.L2), SMALL))
                .hasMessage("the source has binary vectors, which a Faiss binary index compares by Hamming distance;"
                        + " the job asks for metric L2 (use HAMMING)");
        assertThatThrownBy(() -> run(source(data), FaissWriteSpec.flat(file, Kind.FLAT, Metric.HAMMING), SMALL))
                .hasMessage("metric HAMMING is for binary vectors; the source has FLOAT_VECTOR (use L2 or IP)");
        assertThat(file).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(value = Metric.class, names = {"L2", "HAMMING"})
    void our_kmeans_is_deterministic_for_a_seed_whatever_the_workers(Metric metric) throws IOException {
        Path one = out.resolve("one.index");
        Path two = out.resolve("two.index");
        NpySourceSpec input = metric.binary() ? binarySource(data) : source(data);
        run(input, FaissWriteSpec.ivf(one, metric, 0, 11), metric.binary() ? SMALL_BINARY : SMALL);
        run(input, FaissWriteSpec.ivf(two, metric, 0, 11), new RunOptions(1, 1 << 20, 1 << 22, false));
        assertThat(Files.mismatch(one, two)).isEqualTo(-1);
    }

    @Test
    void lists_mostly_empty_are_written_sparse_and_faiss_reads_them() throws IOException {
        float[] faissCentroids;
        try (NpyReader reader = NpyReader.open(data.resolve("centroids_l2.npy"))) {
            faissCentroids = new float[(int) (reader.header().rows() * 24)];
            reader.readFloats(0, (int) reader.header().rows(), faissCentroids, 0);
        }
        Path centroids = out.resolve("sparse_centroids.npy");
        try (NpyWriter writer = NpyWriter.float32(centroids, 24)) {
            writer.write(faissCentroids, 0, faissCentroids.length);
            float[] far = new float[40 * 24];
            Arrays.fill(far, 1e6f); // 40 lists no vector is near: 32 of 72 lists are used
            writer.write(far, 0, far.length);
        }
        Path file = out.resolve("sparse.index");
        run(source(data), FaissWriteSpec.ivfWithCentroids(file, Metric.L2, centroids), SMALL);
        checkWithFaiss("ivf_own", "l2", file, data);
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(bytes).as("list sizes as (list, size) pairs").contains("sprs").doesNotContain("full");
    }

    @Test
    void an_existing_file_is_left_alone_with_skip_and_replaced_with_overwrite() throws IOException {
        Path file = out.resolve("existing.index");
        Files.writeString(file, "precious");
        FaissWriteSpec spec = FaissWriteSpec.flat(file, Kind.FLAT, Metric.L2);
        JobSummary skipped = run(source(data), spec.withMode(FaissWriteSpec.Mode.SKIP), SMALL);
        assertThat(skipped.status()).isEqualTo(JobSummary.Status.SKIPPED);
        assertThat(Files.readString(file)).isEqualTo("precious");
        run(source(data), spec, SMALL);
        assertThat(Files.mismatch(file, data.resolve("faiss_flat_l2.index"))).isEqualTo(-1);
    }

    @Test
    void append_auto_id_and_resume_are_refused_before_any_row_moves() throws IOException {
        Path file = out.resolve("refused.index");
        FaissWriteSpec idmap = FaissWriteSpec.flat(file, Kind.IDMAP2_FLAT, Metric.L2);
        assertThatThrownBy(() -> run(source(data),
                        idmap.withMode(FaissWriteSpec.Mode.APPEND), SMALL))
                .hasMessage("mode append is not possible for a Faiss file (" + file + "): faiss cannot add rows to "
                        + "a file in place; use overwrite, or skip");
        var autoId = new NpySourceSpec(source(data).files(), true);
        assertThatThrownBy(() -> run(autoId, idmap, SMALL))
                .hasMessage("a Faiss IDMAP2_FLAT index stores int64 ids; the source has none (auto-id); turn auto-id "
                        + "off, or write a FLAT index");
        try (var npy = NpySource.open(source(data));
             FaissSink sink = new FaissSink(idmap, npy, SMALL)) {
            assertThatThrownBy(() -> sink.prepare(npy.schema(), true, 0))
                    .hasMessageContaining("cannot be resumed");
        }
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left.toList()).isEqualTo(List.of());
        }
    }
}
