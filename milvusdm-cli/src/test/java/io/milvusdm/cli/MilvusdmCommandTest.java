package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line without a server: help, version, usage errors and job-file errors. */
class MilvusdmCommandTest {

    @TempDir
    Path dir;

    @Test
    void help_lists_the_options_and_an_example_job_and_exits_0() {
        CliRun run = CliRun.run(Map.of(), "--help");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("--yaml=FILE", "--resume", "--json", "--workers=N", "--batch-bytes=SIZE",
                "dest_collection_name: test_float", "Exit codes: 0 done");
    }

    @Test
    void version_names_milvusdm_and_the_build_version() {
        CliRun run = CliRun.run(Map.of(), "--version");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith("milvusdm ").doesNotContain("${project.version}").doesNotContain("unknown");
    }

    @Test
    void no_job_prints_usage_and_exits_2() {
        CliRun run = CliRun.run(Map.of());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Usage: milvusdm");
    }

    @Test
    void an_unknown_option_exits_2_with_a_suggestion() {
        CliRun run = CliRun.run(Map.of(), "--yam", "x.yaml");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Unknown option", "'--yam'", "Possible solutions: --yaml");
    }

    @Test
    void a_batch_size_over_the_limit_exits_2() throws IOException {
        CliRun run = CliRun.run(Map.of(), "--yaml", job("H2M:\n  a: 1\n").toString(), "--batch-bytes", "64MB");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--batch-bytes: expected a size from 1KiB to 48MiB, found '64MB'");
    }

    @Test
    void a_missing_job_file_exits_2_naming_it() {
        Path missing = dir.resolve("nowhere.yaml");
        CliRun run = CliRun.run(Map.of(), "--yaml", missing.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("job file " + missing + ": no such file");
    }

    @Test
    void an_m2m_job_with_an_unreachable_mysql_meta_exits_1_naming_it_but_not_its_password() throws IOException {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Files.createDirectories(dir.resolve("milvus/db"));
        CliRun run = CliRun.run(Map.of(), "--yaml", job("""
                M2M:
                  source_milvus_path: milvus
                  mysql_parameter: {host: 127.0.0.1, user: root, port: %d, password: pw-never-shown, database: meta}
                  source_collection: {test: []}
                  dest_host: 127.0.0.1
                  dest_port: 1
                  mode: append
                """.formatted(closed)).toString(), "--no-progress");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("cannot connect to the Milvus 1.x MySQL meta at 127.0.0.1:" + closed + "/meta")
                .doesNotContain("pw-never-shown");
        assertThat(run.out()).doesNotContain("pw-never-shown");
    }

    @Test
    void a_missing_hdf5_file_exits_2_before_any_server_is_contacted() throws IOException {
        CliRun run = CliRun.run(Map.of(), "--yaml", job("""
                H2M:
                  data_path: [gone.h5]
                  dest_host: 127.0.0.1
                  dest_port: 1
                  mode: append
                  dest_collection_name: c
                  dest_partition_name: ''
                """).toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("H2M.data_path: no such file: " + dir.resolve("gone.h5"))
                .doesNotContain("Cannot connect");
    }

    @Test
    void a_file_that_is_not_hdf5_fails_with_exit_1_naming_it_before_any_server_is_contacted() throws IOException {
        Files.writeString(dir.resolve("fake.h5"), "not hdf5 at all");
        CliRun run = CliRun.run(Map.of(), "--yaml", job("""
                H2M:
                  data_path: [fake.h5]
                  dest_host: 127.0.0.1
                  dest_port: 1
                  mode: overwrite
                  dest_collection_name: c
                  dest_partition_name: ''
                """).toString(), "--no-progress");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains(dir.resolve("fake.h5").toString()).doesNotContain("Cannot connect");
    }

    private Path job(String yaml) throws IOException {
        Path file = dir.resolve("job.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
