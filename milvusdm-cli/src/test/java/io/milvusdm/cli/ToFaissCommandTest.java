package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusdm.format.faiss.FaissSource;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.testing.TestEnvironment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code milvusdm to-faiss}: the files it writes are checked by faiss-cpu itself. */
class ToFaissCommandTest {

    @TempDir
    static Path data;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeData() {
        TestEnvironment.runFixtureScript("faiss_writer_fixtures.py", "data", "--out", data.toString());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"flat, L2, flat", "idmap, IP, idmap", "idmap2, L2, idmap2", "idmap2, IP, idmap2", "ivf, L2, ivf_own"})
    void faiss_reads_the_file_back_and_searches_it_as_its_own(String kind, String metric, String check) {
        Path out = dir.resolve(kind + ".index");
        CliRun run = CliRun.run(Map.of(), "to-faiss", "--npy", data.resolve("vectors.npy").toString(), "--npy-ids",
                data.resolve("ids.npy").toString(), "--out", out.toString(), "--kind", kind, "--metric", metric,
                "--nlist", kind.equals("ivf") ? "16" : "0", "--no-progress", "--batch-bytes", "64KB");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        String verdict = TestEnvironment.runFixtureScript("faiss_writer_fixtures.py", "check", check,
                metric.equals("IP") ? "ip" : "l2", out.toString(), data.toString());
        assertThat(verdict.trim()).isEqualTo("ok");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"flat, bflat", "idmap, bidmap", "idmap2, bidmap2", "ivf, bivf_own"})
    void binary_numpy_rows_become_a_binary_index_with_the_hamming_metric_by_default(String kind, String check) {
        Path out = dir.resolve("b" + kind + ".index");
        CliRun run = CliRun.run(Map.of(), "to-faiss", "--npy", data.resolve("bvectors.npy").toString(), "--npy-ids",
                data.resolve("ids.npy").toString(), "--out", out.toString(), "--kind", kind,
                "--nlist", kind.equals("ivf") ? "16" : "0", "--no-progress");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        String verdict = TestEnvironment.runFixtureScript("faiss_writer_fixtures.py", "check", check, "hamming",
                out.toString(), data.toString());
        assertThat(verdict.trim()).isEqualTo("ok");
    }

    @Test
    void binary_ivf_over_faiss_centroids_is_faiss_own_file() throws IOException {
        Path out = dir.resolve("bivf.index");
        CliRun run = CliRun.run(Map.of(), "to-faiss", "--npy", data.resolve("bvectors.npy").toString(), "--npy-ids",
                data.resolve("ids.npy").toString(), "--out", out.toString(), "--kind", "ivf", "--centroids",
                data.resolve("bcentroids_hamming.npy").toString(), "--no-progress");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(Files.mismatch(out, data.resolve("faiss_bivf_hamming.index"))).isEqualTo(-1);
    }

    @Test
    void binary_hdf5_rows_become_a_binary_id_map_holding_every_row_by_id() throws IOException {
        TestEnvironment.runFixtureScript("hdf5_fixtures.py", "--out", dir.toString(), "uint8_ids");
        Path h5 = dir.resolve("uint8_ids/uint8_ids.h5");
        Path out = dir.resolve("bits.index");

        CliRun run = CliRun.run(Map.of(), "to-faiss", "--hdf5", h5.toString(), "--out", out.toString(), "--kind",
                "idmap", "--no-progress");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        byte[] bits = Files.readAllBytes(dir.resolve("uint8_ids/uint8_ids.vectors.bin"));
        ByteBuffer ids = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("uint8_ids/uint8_ids.ids.bin")))
                .order(ByteOrder.LITTLE_ENDIAN);
        Map<Long, String> expected = new HashMap<>();
        int width = bits.length / (ids.remaining() / 8);
        for (int row = 0; ids.hasRemaining(); row++) {
            expected.put(ids.getLong(), HexFormat.of().formatHex(bits, row * width, (row + 1) * width));
        }
        Map<Long, String> written = new HashMap<>();
        try (FaissSource index = FaissSource.open(out)) {
            assertThat(index.describe().root().fourcc()).isEqualTo("IBMp");
            for (Split split : index.splits(1 << 20)) {
                try (BatchReader reader = index.open(split, 1 << 16)) {
                    for (VectorBatch b = reader.next(); b != null; b = reader.next()) {
                        long[] keys = ((PrimaryKeys.Int64Keys) b.keys()).values();
                        byte[] values = ((ByteVectors) b.vectors()).values();
                        for (int r = 0; r < keys.length; r++) {
                            written.put(keys[r], HexFormat.of().formatHex(values, r * width, (r + 1) * width));
                        }
                    }
                }
            }
        }
        assertThat(written).isEqualTo(expected);
    }

    @Test
    void a_float_metric_for_binary_vectors_is_refused() {
        CliRun run = CliRun.run(Map.of(), "to-faiss", "--npy", data.resolve("bvectors.npy").toString(), "--npy-ids",
                data.resolve("ids.npy").toString(), "--out", dir.resolve("x.index").toString(), "--metric", "IP",
                "--no-progress");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("compares by Hamming distance", "metric INNER_PRODUCT (use HAMMING)");
    }

    @Test
    void a_coded_faiss_index_becomes_an_exact_one_holding_the_decoded_vectors() throws IOException {
        Path fixtures = dir.resolve("faiss");
        TestEnvironment.runFixtureScript("faiss_fixtures.py", "--out", fixtures.toString(), "dec_ivf_pq");
        Path out = dir.resolve("decoded.index");

        CliRun refused = CliRun.run(Map.of(), "to-faiss", "--faiss", fixtures.resolve("dec_ivf_pq.index").toString(),
                "--out", out.toString());
        CliRun run = CliRun.run(Map.of(), "to-faiss", "--faiss", fixtures.resolve("dec_ivf_pq.index").toString(),
                "--allow-lossy", "--out", out.toString(), "--kind", "idmap2", "--no-progress");

        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.err()).contains("allow_lossy");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        ByteBuffer expected = ByteBuffer.wrap(Files.readAllBytes(
                fixtures.resolve("dec_ivf_pq.vectors.bin"))).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer ids = ByteBuffer.wrap(Files.readAllBytes(
                fixtures.resolve("dec_ivf_pq.ids.bin"))).order(ByteOrder.LITTLE_ENDIAN);
        Map<Long, Integer> rowOfId = new HashMap<>();
        for (int row = 0; ids.hasRemaining(); row++) {
            rowOfId.put(ids.getLong(), row);
        }
        try (FaissSource written = FaissSource.open(out)) {
            int d = written.schema().dimension();
            long seen = 0;
            for (Split split : written.splits(1 << 20)) {
                try (BatchReader reader = written.open(split, 1 << 16)) {
                    for (var batch = reader.next(); batch != null; batch = reader.next()) {
                        long[] batchIds = ((PrimaryKeys.Int64Keys) batch.keys()).values();
                        float[] values = ((FloatVectors) batch.vectors()).values();
                        for (int r = 0; r < batchIds.length; r++) {
                            int row = rowOfId.get(batchIds[r]);
                            for (int j = 0; j < d; j++) {
                                assertThat(Float.floatToRawIntBits(values[r * d + j])).as("id %d", batchIds[r])
                                        .isEqualTo(expected.getInt((row * d + j) * Float.BYTES));
                            }
                        }
                        seen += batchIds.length;
                    }
                }
            }
            assertThat(seen).isEqualTo(rowOfId.size());
        }
    }

    @Test
    void append_is_refused_with_the_reason() {
        CliRun run = CliRun.run(Map.of(), "to-faiss", "--npy", data.resolve("vectors.npy").toString(), "--out",
                dir.resolve("x.index").toString(), "--mode", "append");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("cannot be appended to in place");
    }

    @Test
    void nlist_without_ivf_is_a_usage_error() {
        CliRun run = CliRun.run(Map.of(), "to-faiss", "--npy", data.resolve("vectors.npy").toString(), "--out",
                dir.resolve("x.index").toString(), "--kind", "flat", "--nlist", "8");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--nlist and --centroids go with --kind ivf");
    }
}
