package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusdm.milvus.LocalMilvus;
import io.milvusdm.milvus.MilvusItSupport;
import io.milvusdm.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every job file in examples/ runs as it is (from a copy of the folder, so the checkout stays clean). */
class ExamplesIT {

    @TempDir
    Path examples;

    @BeforeEach
    void copyExamples() throws IOException {
        Path source = TestEnvironment.projectRoot().resolve("examples");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = source.relativize(file);
                if (relative.toString().startsWith("milvus_demo.db") || relative.toString().startsWith("milvus_copy.db")
                        || relative.toString().endsWith(".ledger")) {
                    continue;
                }
                Path target = examples.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Test
    void h2m_local_starts_its_own_milvus_and_moves_the_example_data() {
        Path milvusLite = TestEnvironment.python().resolveSibling("milvus-lite");
        Map<String, String> environment = Map.of(LocalMilvus.ENV_EXECUTABLE, milvusLite.toString());

        CliRun run = CliRun.run(environment, "--yaml", examples.resolve("h2m-local.yaml").toString(), "--no-progress");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("H2M done: 2,000 rows read, 2,000 written",
                "rows in target: 2,000 (expected 2,000)");
        assertThat(examples.resolve("milvus_demo.db")).isDirectory();

        CliRun again = CliRun.run(environment, "--yaml", examples.resolve("h2m-local.yaml").toString(), "--no-progress");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.OK);
        assertThat(again.out()).contains("dropped and recreated", "rows in target: 2,000 (expected 2,000)");
    }

    @Test
    void m2m_local_copies_the_h2m_example_collection_into_a_second_local_milvus() {
        Path milvusLite = TestEnvironment.python().resolveSibling("milvus-lite");
        Map<String, String> environment = Map.of(LocalMilvus.ENV_EXECUTABLE, milvusLite.toString());
        CliRun h2m = CliRun.run(environment, "--yaml", examples.resolve("h2m-local.yaml").toString(), "--no-progress");
        assertThat(h2m.exitCode()).as(h2m.toString()).isEqualTo(ExitCodes.OK);

        CliRun run = CliRun.run(environment, "migrate", "--job", examples.resolve("m2m-local.yaml").toString(),
                "--no-progress");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("migrate default.demo_float/_default → default.demo_float_copy done: 2,000 rows"
                + " read, 2,000 written", "rows in target: 2,000 (expected 2,000)", "migrate total: 1 units, 1 done");
        assertThat(examples.resolve("milvus_copy.db")).isDirectory();
    }

    @Test
    void f2m_local_moves_the_example_faiss_index_into_its_own_milvus() {
        Path milvusLite = TestEnvironment.python().resolveSibling("milvus-lite");
        Map<String, String> environment = Map.of(LocalMilvus.ENV_EXECUTABLE, milvusLite.toString());

        CliRun inspect = CliRun.run(environment, "inspect", examples.resolve("data/ivf_2k.index").toString());
        CliRun run = CliRun.run(environment, "--yaml", examples.resolve("f2m-local.yaml").toString(), "--no-progress");

        assertThat(inspect.exitCode()).as(inspect.toString()).isEqualTo(ExitCodes.OK);
        assertThat(inspect.out()).contains("IwFl  IndexIVFFlat", "nlist=16", "vectors: exact");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("F2M done: 2,000 rows read, 2,000 written",
                "rows in target: 2,000 (expected 2,000)", "vectors: exact");
    }

    @Test
    void migration_local_dumps_the_example_faiss_index_and_loads_it_into_its_own_milvus() {
        Path milvusLite = TestEnvironment.python().resolveSibling("milvus-lite");
        Map<String, String> environment = Map.of(LocalMilvus.ENV_EXECUTABLE, milvusLite.toString());
        String config = examples.resolve("migration-local.yaml").toString();

        CliRun dump = CliRun.run(environment, "dump", "--config", config, "--no-progress");
        CliRun load = CliRun.run(environment, "load", "--config", config, "--no-progress");

        assertThat(dump.exitCode()).as(dump.toString()).isEqualTo(ExitCodes.OK);
        assertThat(dump.out()).contains("dump done: 2,000 rows of faiss index", "parquet files");
        assertThat(examples.resolve("dumps/migration/demo_migration/manifest.json")).isRegularFile();
        assertThat(load.exitCode()).as(load.toString()).isEqualTo(ExitCodes.OK);
        assertThat(load.out()).contains("with batched inserts", "bulk import not used",
                "rows in target: 2,000 (expected 2,000 from the manifest)");

        // the Milvus Lite milvusdm starts listens on another port each run: the ledger still knows the target
        CliRun again = CliRun.run(environment, "load", "--config", config, "--no-progress");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.OK);
        assertThat(again.out()).contains("were loaded by an earlier run",
                "rows in target: 2,000 (expected 2,000 from the manifest)");
    }

    @Test
    void h2m_server_writes_into_a_partition_of_a_running_server() throws IOException {
        Path job = examples.resolve("h2m-server.yaml");
        String port = TestEnvironment.milvusUri().replaceAll(".*:(\\d+)/?$", "$1");
        Files.writeString(job, Files.readString(job).replace("dest_port: 19530", "dest_port: " + port));
        try (MilvusItSupport milvus = new MilvusItSupport()) {
            milvus.drop("test_float");

            CliRun run = CliRun.run(Map.of(), "--yaml", job.toString(), "--no-progress");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
            assertThat(run.out()).contains("partition 'partition_1'", "rows in target: 2,000 (expected 2,000)");
            assertThat(milvus.count("test_float")).isEqualTo(2000);
            milvus.drop("test_float");
        }
    }
}
