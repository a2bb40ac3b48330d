package io.milvusdm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {

    @TempDir
    Path dir;

    @Test
    void resume_replays_baseline_started_and_committed_splits() throws IOException {
        Path path = dir.resolve("job.ledger");
        try (Ledger ledger = Ledger.open(path, "job1", false)) {
            ledger.recordBaseline(7);
            ledger.markStarted("a");
            ledger.markCommitted("a", 10);
            ledger.markStarted("b");
        }
        try (Ledger ledger = Ledger.open(path, "job1", true)) {
            assertThat(ledger.baselineRows()).isEqualTo(7);
            assertThat(ledger.isCommitted("a")).isTrue();
            assertThat(ledger.isCommitted("b")).isFalse();
            assertThat(ledger.wasStarted("b")).isTrue();
            assertThat(ledger.committedRows()).isEqualTo(10);
            ledger.markCommitted("b", 5);
        }
        try (Ledger ledger = Ledger.open(path, "job1", true)) {
            assertThat(ledger.committedRows()).isEqualTo(15);
        }
    }

    @Test
    void resume_replays_the_split_size_and_the_target_state_and_a_restart_voids_every_entry() throws IOException {
        Path path = dir.resolve("job.ledger");
        try (Ledger ledger = Ledger.open(path, "job1", false)) {
            ledger.recordTargetExisted(false);
            ledger.recordBaseline(0);
            ledger.recordSplitBytes(65536);
            ledger.markStarted("a");
            ledger.markCommitted("a", 10);
        }
        try (Ledger ledger = Ledger.open(path, "job1", true)) {
            assertThat(ledger.splitBytes()).isEqualTo(65536);
            assertThat(ledger.targetExisted()).contains(false);
            assertThat(ledger.committedRows("a")).hasValue(10);
            ledger.restartClearingTarget(0, 65536);
        }
        long linesBefore = Files.readAllLines(path).size();
        try (Ledger ledger = Ledger.open(path, "job1", true)) {
            assertThat(ledger.isCommitted("a")).isFalse();
            assertThat(ledger.wasStarted("a")).isFalse();
            assertThat(ledger.splitBytes()).as("kept by the restart entry").isEqualTo(65536);
            assertThat(ledger.targetExisted()).as("kept by the restart entry").contains(false);
            assertThat(ledger.baselineRows()).isZero();
            assertThat(ledger.clearingTarget()).as("a restart not recorded as cleared").isTrue();
            ledger.recordTargetCleared();
        }
        try (Ledger ledger = Ledger.open(path, "job1", true)) {
            assertThat(ledger.clearingTarget()).isFalse();
            assertThat(ledger.baselineRows()).isZero();
        }
        assertThat(Files.readAllLines(path)).as("a restart is one entry, its clearing done another")
                .hasSize((int) linesBefore + 1);
        assertThat(Ledger.jobIdOf(path)).contains("job1");
        assertThat(Ledger.jobIdOf(dir.resolve("missing.ledger"))).isEmpty();
    }

    @Test
    void a_version_1_ledger_is_still_read() throws IOException {
        Path path = dir.resolve("job.ledger");
        StringBuilder text = new StringBuilder();
        for (String body : new String[] {"milvusdm-ledger 1 job1", "B 3", "S a", "C a 10"}) {
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(body.getBytes(StandardCharsets.UTF_8));
            text.append(body).append(' ').append(Long.toHexString(crc.getValue())).append('\n');
        }
        Files.writeString(path, text);
        try (Ledger ledger = Ledger.open(path, "job1", true)) {
            assertThat(ledger.baselineRows()).isEqualTo(3);
            assertThat(ledger.isCommitted("a")).isTrue();
            assertThat(ledger.splitBytes()).isEqualTo(-1);
        }
    }

    @Test
    void a_fresh_run_forgets_the_earlier_ledger() throws IOException {
        Path path = dir.resolve("job.ledger");
        try (Ledger ledger = Ledger.open(path, "job1", false)) {
            ledger.markCommitted("a", 10);
        }
        try (Ledger ledger = Ledger.open(path, "job1", false)) {
            assertThat(ledger.isCommitted("a")).isFalse();
            assertThat(ledger.baselineRows()).isEqualTo(-1);
        }
    }

    @Test
    void a_torn_last_entry_is_ignored_and_cut_off() throws IOException {
        Path path = dir.resolve("job.ledger");
        try (Ledger ledger = Ledger.open(path, "job1", false)) {
            ledger.markCommitted("a", 10);
        }
        Files.writeString(path, "C b 20 dead", StandardOpenOption.APPEND);
        try (Ledger ledger = Ledger.open(path, "job1", true)) {
            assertThat(ledger.isCommitted("a")).isTrue();
            assertThat(ledger.isCommitted("b")).isFalse();
            ledger.markCommitted("c", 1);
        }
        try (Ledger ledger = Ledger.open(path, "job1", true)) {
            assertThat(ledger.isCommitted("c")).isTrue();
        }
    }

    @Test
    void a_corrupt_entry_before_the_end_is_an_error_naming_the_line() throws IOException {
        Path path = dir.resolve("job.ledger");
        try (Ledger ledger = Ledger.open(path, "job1", false)) {
            ledger.markCommitted("a", 10);
            ledger.markCommitted("b", 10);
        }
        String text = Files.readString(path).replace("C a 10", "C a 99");
        Files.writeString(path, text);
        assertThatThrownBy(() -> Ledger.open(path, "job1", true))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("corrupt entry at line 2")
                .hasMessageContaining(path.toString());
    }

    @Test
    void a_version_2_restart_voids_the_entries_before_it() throws IOException {
        Path path = dir.resolve("job.ledger");
        StringBuilder text = new StringBuilder();
        for (String body : new String[] {"milvusdm-ledger 2 job1", "T 0", "B 0", "Z 4096", "S a", "C a 10", "S b",
                "R", "B 0", "Z 4096"}) {
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(body.getBytes(StandardCharsets.UTF_8));
            text.append(body).append(' ').append(Long.toHexString(crc.getValue())).append('\n');
        }
        Files.writeString(path, text);
        try (Ledger ledger = Ledger.open(path, "job1", true)) {
            assertThat(ledger.isCommitted("a")).isFalse();
            assertThat(ledger.wasStarted("b")).isFalse();
            assertThat(ledger.baselineRows()).isZero();
            assertThat(ledger.splitBytes()).isEqualTo(4096);
            assertThat(ledger.clearingTarget()).isFalse();
        }
    }

    @Test
    void another_jobs_ledger_is_refused_on_resume() throws IOException {
        Path path = dir.resolve("job.ledger");
        try (Ledger ledger = Ledger.open(path, "job1", false)) {
            ledger.recordBaseline(0);
        }
        assertThatThrownBy(() -> Ledger.open(path, "job2", true))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("belongs to another job")
                .hasMessageContaining("run without --resume");
    }

    @Test
    void a_newer_ledger_version_says_a_newer_milvusdm_wrote_it() throws IOException {
        Path path = dir.resolve("job.ledger");
        String body = "milvusdm-ledger 9 job1";
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        Files.writeString(path, body + " " + Long.toHexString(crc.getValue()) + "\n");
        assertThatThrownBy(() -> Ledger.open(path, "job1", true))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("newer milvusdm");
    }

    @Test
    void a_foreign_file_is_not_taken_for_a_ledger() throws IOException {
        Path path = dir.resolve("job.ledger");
        Files.writeString(path, "hello\n");
        assertThatThrownBy(() -> Ledger.open(path, "job1", true))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("not a milvusdm ledger");
    }

    @Test
    void a_last_entry_whole_but_for_its_newline_is_cut_off_and_the_next_entry_starts_a_line_of_its_own()
            throws IOException {
        Path path = dir.resolve("job.ledger");
        try (Ledger ledger = Ledger.open(path, "job1", false)) {
            ledger.recordBaseline(0);
            ledger.markStarted("a");
        }
        // the process died after writing the entry's bytes, before its newline reached the disk
        byte[] bytes = Files.readAllBytes(path);
        Files.write(path, java.util.Arrays.copyOf(bytes, bytes.length - 1));
        try (Ledger ledger = Ledger.open(path, "job1", true)) {
            assertThat(ledger.wasStarted("a")).as("an entry without its newline is torn").isFalse();
            ledger.markCommitted("a", 10);
        }
        try (Ledger ledger = Ledger.open(path, "job1", true)) {
            assertThat(ledger.isCommitted("a")).isTrue();
            assertThat(ledger.baselineRows()).isZero();
        }
        assertThat(Files.readAllBytes(path)).doesNotContain((byte) 0);
    }

    @Test
    void a_last_entry_cut_inside_a_multibyte_character_is_ignored() throws IOException {
        Path path = dir.resolve("job.ledger");
        try (Ledger ledger = Ledger.open(path, "job1", false)) {
            ledger.recordBaseline(0);
            ledger.markStarted("\u00e9t\u00e9");
        }
        byte[] bytes = Files.readAllBytes(path);
        int cut = new String(bytes, StandardCharsets.ISO_8859_1).lastIndexOf('S') + 3; // inside the first 2-byte char
        Files.write(path, java.util.Arrays.copyOf(bytes, cut));
        try (Ledger ledger = Ledger.open(path, "job1", true)) {
            assertThat(ledger.wasStarted("\u00e9t\u00e9")).isFalse();
            assertThat(ledger.baselineRows()).isZero();
            ledger.markStarted("\u00e9t\u00e9");
        }
        try (Ledger ledger = Ledger.open(path, "job1", true)) {
            assertThat(ledger.wasStarted("\u00e9t\u00e9")).isTrue();
        }
    }

    @Test
    void an_empty_ledger_a_torn_header_and_a_header_without_entries_start_afresh_on_resume() throws IOException {
        Path path = dir.resolve("job.ledger");
        Ledger.open(path, "other", false).close();
        byte[] header = Files.readAllBytes(path);
        for (byte[] left : new byte[][] {new byte[0], java.util.Arrays.copyOf(header, 9),
                java.util.Arrays.copyOf(header, header.length - 1), header}) {
            Files.write(path, left);
            try (Ledger ledger = Ledger.open(path, "job1", true)) {
                assertThat(ledger.recordsNothing()).isTrue();
                ledger.recordBaseline(5);
            }
            assertThat(Ledger.jobIdOf(path)).contains("job1");
            try (Ledger ledger = Ledger.open(path, "job1", true)) {
                assertThat(ledger.baselineRows()).isEqualTo(5);
            }
        }
    }

    @Test
    void a_second_open_in_this_process_is_refused_until_the_first_is_closed() throws IOException {
        Path path = dir.resolve("job.ledger");
        try (Ledger first = Ledger.open(path, "job1", false)) {
            first.recordBaseline(3);
            for (boolean resume : new boolean[] {true, false}) {
                assertThatThrownBy(() -> Ledger.open(path, "job1", resume))
                        .isInstanceOf(LedgerException.class)
                        .hasMessageContaining("another run of this job holds " + path);
            }
            assertThatThrownBy(() -> Ledger.jobIdOf(path)).isInstanceOf(LedgerException.class);
            first.markCommitted("a", 1);
        }
        try (Ledger again = Ledger.open(path, "job1", true)) {
            assertThat(again.baselineRows()).as("the refused opens changed nothing").isEqualTo(3);
            assertThat(again.isCommitted("a")).isTrue();
        }
    }

    @Test
    void a_ledger_another_process_holds_is_refused() throws Exception {
        Path path = dir.resolve("job.ledger");
        try (Ledger ledger = Ledger.open(path, "job1", false)) {
            ledger.recordBaseline(3);
        }
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LedgerHolder.class.getName(), path.toString())
                .redirectErrorStream(true).start();
        try {
            String said = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            assertThat(said).isEqualTo(LedgerHolder.HOLDING);
            assertThatThrownBy(() -> Ledger.open(path, "job1", true))
                    .isInstanceOf(LedgerException.class)
                    .hasMessageContaining("another run of this job holds " + path);
        } finally {
            holder.getOutputStream().close(); // the holder ends when its input ends
            holder.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            holder.destroyForcibly();
        }
        try (Ledger ledger = Ledger.open(path, "job1", true)) {
            assertThat(ledger.baselineRows()).isEqualTo(3);
        }
    }
}
