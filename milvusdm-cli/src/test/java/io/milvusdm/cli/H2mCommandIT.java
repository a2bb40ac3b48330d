package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusdm.format.hdf5.Hdf5Fixtures;
import io.milvusdm.format.hdf5.Hdf5Fixtures.Expected;
import io.milvusdm.milvus.MilvusItSupport;
import io.milvusdm.testing.TestEnvironment;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code milvusdm --yaml H2M.yaml} against the real Milvus that scripts/test started, through the whole CLI. */
class H2mCommandIT {

    @TempDir
    static Path fixtures;

    @TempDir
    Path dir;

    private static MilvusItSupport milvus;
    private static final Map<String, String> ENV = Map.of();

    @BeforeAll
    static void setUp() {
        Hdf5Fixtures.write(fixtures, "float32_ids", "float64_ids", "multi_ids");
        milvus = new MilvusItSupport();
    }

    @AfterAll
    static void tearDown() {
        milvus.close();
    }

    private Path job(String collection, String partition, String mode, String dataPath, String extra)
            throws IOException {
        Path file = dir.resolve("H2M.yaml");
        Files.writeString(file, """
                H2M:
                  milvus-version: 2.x
                  data_path: %s
                  data_dir:
                  dest_uri: %s
                  mode: %s
                  dest_collection_name: %s
                  dest_partition_name: %s
                  collection_parameter:
                    dimension: 37
                    index_file_size: 1024
                    metric_type: L2
                %s""".formatted(dataPath, TestEnvironment.milvusUri(), mode, collection,
                partition == null ? "''" : partition, extra));
        return file;
    }

    private static void assertBitExact(Map<Object, int[]> actual, Expected expected) {
        assertThat(actual).hasSize((int) expected.rows());
        int d = expected.dimension();
        for (int row = 0; row < expected.rows(); row++) {
            assertThat(actual.get(expected.ids()[row])).as("row %d id %d", row, expected.ids()[row])
                    .containsExactly(MilvusItSupport.rawBits(expected.floats(), row * d, d));
        }
    }

    @Test
    void moves_every_vector_and_id_bit_exact_into_a_partition() throws IOException {
        String collection = milvus.freshCollection("h2m_cli");
        Path file = job(collection, "part_a", "overwrite", "[" + fixtures.resolve("float32_ids/float32_ids.h5") + "]",
                "  batch_bytes: 16KB\n  workers: 3\n");

        CliRun run = CliRun.run(ENV, "--yaml", file.toString(), "--json", "--no-progress");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("\"status\":\"done\"", "\"rowsWritten\":1003", "\"targetRows\":1003");
        Expected expected = Expected.load(fixtures.resolve("float32_ids"), "float32_ids");
        assertBitExact(milvus.readRawBitsByIds(collection, "part_a", expected.ids()), expected);
        milvus.drop(collection);
    }

    @Test
    void float64_files_arrive_as_numpy_narrows_them_and_several_files_go_in_order() throws IOException {
        String collection = milvus.freshCollection("h2m_cli_multi");
        Path file = job(collection, null, "append", "[" + fixtures.resolve("float64_ids/float64_ids.h5") + "]", "");
        CliRun first = CliRun.run(ENV, "--yaml", file.toString(), "--no-progress");
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.OK);
        Expected expected = Expected.load(fixtures.resolve("float64_ids"), "float64_ids");
        assertBitExact(milvus.readRawBitsByIds(collection, null, expected.ids()), expected);

        Path multi = job(collection + "_dir", null, "append", "", "");
        Files.writeString(multi, Files.readString(multi).replace("data_path: \n  data_dir:",
                "data_path:\n  data_dir: " + fixtures.resolve("multi_ids")));
        CliRun second = CliRun.run(ENV, "--yaml", multi.toString(), "--no-progress");
        assertThat(second.exitCode()).as(second.toString()).isEqualTo(ExitCodes.OK);
        assertThat(second.out()).contains("1,003 written");
        for (String part : new String[] {"part_0", "part_2"}) {
            Expected e = Expected.load(fixtures.resolve("multi_ids"), part);
            assertBitExact(milvus.readRawBitsByIds(collection + "_dir", null, e.ids()), e);
        }
        milvus.drop(collection);
        milvus.drop(collection + "_dir");
    }

    @Test
    void skip_leaves_an_existing_collection_untouched_and_exits_0() throws IOException {
        String collection = milvus.freshCollection("h2m_cli_skip");
        String data = "[" + fixtures.resolve("float32_ids/float32_ids.h5") + "]";
        assertThat(CliRun.run(ENV, "--yaml", job(collection, null, "append", data, "").toString(), "--no-progress")
                .exitCode()).isZero();

        CliRun skip = CliRun.run(ENV, "--yaml", job(collection, null, "skip", data, "").toString(), "--no-progress");

        assertThat(skip.exitCode()).as(skip.toString()).isEqualTo(ExitCodes.OK);
        assertThat(skip.out()).contains("H2M skipped", "0 written", "1,003 skipped");
        assertThat(milvus.count(collection)).isEqualTo(1003);
        milvus.drop(collection);
    }

    @Test
    void a_dimension_that_disagrees_with_the_files_exits_2_before_the_target_is_touched() throws IOException {
        String collection = milvus.freshCollection("h2m_cli_dim");
        Path file = job(collection, null, "overwrite", "[" + fixtures.resolve("float32_ids/float32_ids.h5") + "]", "");
        Files.writeString(file, Files.readString(file).replace("dimension: 37", "dimension: 128"));

        CliRun run = CliRun.run(ENV, "--yaml", file.toString(), "--no-progress");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("128", "37");
        assertThat(milvus.exists(collection)).isFalse();
    }

    @Test
    void a_bad_job_file_exits_2_naming_every_problem() throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "H2M:\n  data_path: [nowhere.h5]\n  data_dir: x\n  mode: merge\n");

        CliRun run = CliRun.run(ENV, "--yaml", file.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("H2M.data_path: set either data_path or data_dir, not both",
                "H2M.mode: expected one of skip, append, overwrite, upsert, found 'merge'",
                "H2M.dest_collection_name: required");
    }

    @Test
    void an_unreachable_server_exits_1_with_one_line_naming_it() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path file = job("never_created", null, "append", "[" + fixtures.resolve("float32_ids/float32_ids.h5") + "]", "");
        Files.writeString(file, Files.readString(file).replace(TestEnvironment.milvusUri(), "http://127.0.0.1:" + port));

        CliRun run = CliRun.run(ENV, "--yaml", file.toString(), "--no-progress");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("Cannot connect to Milvus at http://127.0.0.1:" + port).doesNotContain("\tat ");
    }

    @Test
    void a_target_that_keeps_fewer_rows_than_were_sent_exits_3() throws IOException {
        // the same file twice: Milvus Lite keeps one row per primary key, so the count comes out short
        String collection = milvus.freshCollection("h2m_cli_count");
        String data = fixtures.resolve("float32_ids/float32_ids.h5").toString();
        Path file = job(collection, null, "append", "[" + data + ", " + data + "]", "");

        CliRun run = CliRun.run(ENV, "--yaml", file.toString(), "--no-progress");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.MISMATCH);
        assertThat(run.out()).contains("rows in target: 1,003 (expected 2,006)  MISMATCH");
        milvus.drop(collection);
    }
}
