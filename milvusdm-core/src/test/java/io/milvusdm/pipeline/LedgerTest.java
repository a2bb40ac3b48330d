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
            ledger.restart();
            ledger.recordBaseline(0);
        }
        try (Ledger ledger = Ledger.open(path, "job1", true)) {
            assertThat(ledger.isCommitted("a")).isFalse();
            assertThat(ledger.wasStarted("a")).isFalse();
            assertThat(ledger.splitBytes()).isEqualTo(-1);
            assertThat(ledger.targetExisted()).isEmpty();
            assertThat(ledger.baselineRows()).isZero();
        }
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
    void another_jobs_ledger_is_refused_on_resume() throws IOException {
        Path path = dir.resolve("job.ledger");
        Ledger.open(path, "job1", false).close();
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
}
