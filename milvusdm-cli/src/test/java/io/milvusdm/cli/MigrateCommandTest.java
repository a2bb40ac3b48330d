package io.milvusdm.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code milvusdm migrate}: what it says before any server is involved, and when the server is not there. */
class MigrateCommandTest {

    @TempDir
    Path dir;

    @Test
    void a_bad_job_file_exits_2_naming_every_problem() throws IOException {
        Path job = Files.writeString(dir.resolve("job.yaml"), """
                source: {uri: http://127.0.0.1:1}
                target: {}
                collections: {mode: often}
                """);

        CliRun run = CliRun.run(Map.of(), "migrate", "--job", job.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("target.uri: required", "collections.include: required",
                "collections.mode: expected one of skip, append, overwrite, upsert, found 'often'");
    }

    @Test
    void an_unreachable_source_exits_1_naming_it_without_its_password() throws IOException {
        Path job = Files.writeString(dir.resolve("job.yaml"), """
                source: {uri: http://127.0.0.1:1, user: root, password_env: SRC_PW}
                target: {uri: http://127.0.0.1:2}
                collections: {include: ["*"]}
                """);

        CliRun run = CliRun.run(Map.of("SRC_PW", "hunter2-secret"), "migrate", "--job", job.toString(), "--no-progress");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("Cannot connect to Milvus at http://127.0.0.1:1").doesNotContain("hunter2");
        assertThat(run.out()).doesNotContain("hunter2");
    }

    @Test
    void help_names_the_job_option_and_an_example() {
        CliRun run = CliRun.run(Map.of(), "migrate", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--job=FILE", "--resume", "include: [\"demo_*\"]");
    }
}
