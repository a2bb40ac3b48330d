package io.milvusdm.milvus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMilvusTest {

    @TempDir
    Path dir;

    @Test
    void a_live_scripts_server_on_the_directory_is_reused() throws IOException {
        Files.writeString(dir.resolve("milvus-local.pid"), ProcessHandle.current().pid() + "\n");
        Files.writeString(dir.resolve("milvus-local.state"), "server=lite\nport=19599\nauth=false\n");
        assertThat(LocalMilvus.scriptServerPort(dir)).isEqualTo(19599);
    }

    @Test
    void a_stale_pid_file_is_not_taken_for_a_server() throws IOException {
        Process gone = new ProcessBuilder("true").start();
        try {
            gone.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.writeString(dir.resolve("milvus-local.pid"), gone.pid() + "\n");
        Files.writeString(dir.resolve("milvus-local.state"), "server=lite\nport=19599\n");
        assertThat(LocalMilvus.scriptServerPort(dir)).isNull();
        assertThat(LocalMilvus.scriptServerPort(dir.resolve("absent"))).isNull();
    }

    @Test
    void without_milvus_lite_the_error_says_how_to_install_it() {
        assertThatThrownBy(() -> LocalMilvus.findExecutable(Map.of("PATH", dir.toString())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("milvus-lite is not installed")
                .hasMessageContaining("scripts/milvus-local install");
    }

    @Test
    void a_configured_executable_that_is_missing_is_named() {
        Path missing = dir.resolve("bin/milvus-lite");
        assertThatThrownBy(() -> LocalMilvus.findExecutable(Map.of(LocalMilvus.ENV_EXECUTABLE, missing.toString())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void a_server_an_interrupted_run_left_on_the_directory_is_stopped_and_nothing_else() throws Exception {
        Path fake = dir.resolve("bin/milvus-lite");
        Files.createDirectories(fake.getParent());
        Files.writeString(fake, "#!/bin/sh\ntrap 'exit 0' TERM\nwhile true; do sleep 1; done\n");
        fake.toFile().setExecutable(true);
        Path data = dir.resolve("milvus.db");
        Process left = new ProcessBuilder(fake.toString(), "server", "--data-dir", data.toString(), "--host",
                "127.0.0.1", "--port", "1").start();
        try {
            Files.writeString(LocalMilvus.pidFile(data), left.pid() + "\n");
            Files.writeString(LocalMilvus.pidFile(dir.resolve("other.db")), ProcessHandle.current().pid() + "\n");

            LocalMilvus.stopLeftBehind(dir.resolve("other.db"));
            LocalMilvus.stopLeftBehind(data);

            assertThat(left.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).as("the left server stopped").isTrue();
            assertThat(ProcessHandle.current().isAlive()).isTrue();
            assertThat(LocalMilvus.pidFile(data)).doesNotExist();
            assertThat(LocalMilvus.pidFile(dir.resolve("other.db"))).as("a stale record is dropped").doesNotExist();
        } finally {
            left.destroyForcibly();
        }
    }
}
