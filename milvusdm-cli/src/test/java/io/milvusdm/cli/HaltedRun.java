package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusdm.pipeline.CrashPoints;
import io.milvusdm.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the command line from the built jar in a process of its own that halts at a test crash point. */
final class HaltedRun {

    private HaltedRun() {
    }

    /**
     * Runs {@code milvusdm args} with {@code -Dmilvusdm.test.halt=point}, its output to {@code log}, and asserts that
     * it halted there (a process that finished or failed otherwise shows its log).
     */
    static void haltAt(String point, Path log, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-D" + CrashPoints.PROPERTY + "=" + point, "-jar",
                TestEnvironment.projectRoot().resolve("milvusdm-cli/target/milvusdm.jar").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("halted within 180 s").isTrue();
        assertThat(process.exitValue()).as(Files.readString(log)).isEqualTo(CrashPoints.STATUS);
    }
}
