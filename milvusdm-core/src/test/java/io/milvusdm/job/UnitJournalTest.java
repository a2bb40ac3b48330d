package io.milvusdm.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milvusdm.pipeline.JobSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnitJournalTest {

    private static final JobSummary DONE = new JobSummary(JobSummary.Status.DONE, "created", 0, 90, 10, 3, 1, 100, 100,
            1.0);
    private static final JobSummary SKIPPED = new JobSummary(JobSummary.Status.SKIPPED, "skipped", 0, 0, 50, 1, 0, -1,
            -1, 0.1);

    @TempDir
    Path dir;

    private Path path() {
        return UnitJournal.path(dir.resolve("job.yaml"));
    }

    @Test
    void a_run_after_an_interrupted_one_continues_it_and_leaves_its_finished_units_alone() throws IOException {
        try (UnitJournal first = UnitJournal.open(path(), "job1", UnitJournal.Rerun.AUTO)) {
            assertThat(first.resuming()).isFalse();
            first.recordExistingTargets(List.of("default.a", "default.a/_default"));
            first.unitStarted("default.a._default");
            first.unitFinished("default.a._default", DONE);
            first.unitStarted("default.a.p0");
            first.unitFinished("default.a.p0", SKIPPED);
            first.unitStarted("default.a.p1");
        }

        try (UnitJournal again = UnitJournal.open(path(), "job1", UnitJournal.Rerun.AUTO)) {
            assertThat(again.resuming()).isTrue();
            assertThat(again.unitsFinishedBefore()).isEqualTo(2);
            assertThat(again.existingTargets()).contains(Set.of("default.a", "default.a/_default"));
            assertThat(again.finishedEarlier("default.a._default")).hasValueSatisfying(s -> {
                assertThat(s.status()).isEqualTo(JobSummary.Status.DONE);
                assertThat(s.rowsSkipped()).isEqualTo(100);
            });
            assertThat(again.finishedEarlier("default.a.p0")).hasValueSatisfying(
                    s -> assertThat(s.status()).isEqualTo(JobSummary.Status.SKIPPED));
            assertThat(again.finishedEarlier("default.a.p1")).isEmpty();
            again.recordExistingTargets(List.of("default.a", "default.a/_default", "default.a/p1"));
            assertThat(again.existingTargets()).as("the first run's record stays")
                    .contains(Set.of("default.a", "default.a/_default"));
            again.unitFinished("default.a.p1", DONE);
            again.jobFinished();
        }

        try (UnitJournal third = UnitJournal.open(path(), "job1", UnitJournal.Rerun.AUTO)) {
            assertThat(third.resuming()).as("a finished run is not continued").isFalse();
            assertThat(third.existingTargets()).isEmpty();
            assertThat(third.finishedEarlier("default.a._default")).isEmpty();
        }
    }

    @Test
    void an_unfinished_run_of_a_changed_job_is_refused_unless_restarted() throws IOException {
        try (UnitJournal first = UnitJournal.open(path(), "job1", UnitJournal.Rerun.AUTO)) {
            first.unitStarted("default.a._default");
        }

        assertThatThrownBy(() -> UnitJournal.open(path(), "job2", UnitJournal.Rerun.AUTO))
                .isInstanceOf(UnfinishedRunException.class)
                .hasMessageContaining("records an unfinished run of this job as it was before its job file or target"
                        + " changed (job id job1, now job2)")
                .hasMessageContaining("--restart")
                .hasMessageContaining(path().toString());
        try (UnitJournal restarted = UnitJournal.open(path(), "job2", UnitJournal.Rerun.RESTART)) {
            assertThat(restarted.resuming()).isFalse();
            assertThat(restarted.unitsFinishedBefore()).isZero();
        }
    }

    @Test
    void a_finished_run_of_a_changed_job_is_forgotten_but_resume_refuses_it() throws IOException {
        try (UnitJournal first = UnitJournal.open(path(), "job1", UnitJournal.Rerun.AUTO)) {
            first.jobFinished();
        }

        assertThatThrownBy(() -> UnitJournal.open(path(), "job2", UnitJournal.Rerun.RESUME))
                .isInstanceOf(UnfinishedRunException.class).hasMessageContaining("run without --resume");
        try (UnitJournal fresh = UnitJournal.open(path(), "job2", UnitJournal.Rerun.AUTO)) {
            assertThat(fresh.resuming()).isFalse();
        }
    }

    @Test
    void resume_continues_even_a_finished_run_and_a_missing_journal() throws IOException {
        try (UnitJournal none = UnitJournal.open(path(), "job1", UnitJournal.Rerun.RESUME)) {
            assertThat(none.resuming()).as("unit ledgers of an older milvusdm are still resumed").isTrue();
            none.jobFinished();
        }
        try (UnitJournal again = UnitJournal.open(path(), "job1", UnitJournal.Rerun.RESUME)) {
            assertThat(again.resuming()).isTrue();
        }
    }

    @Test
    void a_run_with_a_count_mismatch_stays_unfinished_so_a_rerun_counts_that_unit_again() throws IOException {
        JobSummary mismatch = new JobSummary(JobSummary.Status.COUNT_MISMATCH, "created", 0, 90, 0, 3, 0, 95, 90,
                1.0);
        try (UnitJournal first = UnitJournal.open(path(), "job1", UnitJournal.Rerun.AUTO)) {
            first.recordExistingTargets(List.of());
            first.unitStarted("default.a._default");
            first.unitFinished("default.a._default", DONE);
            first.unitStarted("default.a.p1");
            first.unitFinished("default.a.p1", mismatch);
            first.jobFinished();
        }

        try (UnitJournal again = UnitJournal.open(path(), "job1", UnitJournal.Rerun.AUTO)) {
            assertThat(again.resuming()).as("not started afresh: that would copy every unit again").isTrue();
            assertThat(again.finishedEarlier("default.a._default")).isPresent();
            assertThat(again.finishedEarlier("default.a.p1")).as("counted again").isEmpty();
            again.unitFinished("default.a.p1", DONE);
            again.jobFinished();
        }

        try (UnitJournal third = UnitJournal.open(path(), "job1", UnitJournal.Rerun.AUTO)) {
            assertThat(third.resuming()).as("finished once every unit matched").isFalse();
        }
    }

    @Test
    void a_second_run_of_the_job_is_refused_while_the_first_holds_the_journal() throws IOException {
        try (UnitJournal first = UnitJournal.open(path(), "job1", UnitJournal.Rerun.AUTO)) {
            first.unitStarted("default.a._default");
            for (UnitJournal.Rerun rerun : UnitJournal.Rerun.values()) {
                assertThatThrownBy(() -> UnitJournal.open(path(), "job1", rerun))
                        .isInstanceOf(io.milvusdm.pipeline.LedgerException.class)
                        .hasMessageContaining("another run of this job holds " + path());
            }
        }
        try (UnitJournal again = UnitJournal.open(path(), "job1", UnitJournal.Rerun.AUTO)) {
            assertThat(again.resuming()).isTrue();
        }
    }

    @Test
    void a_journal_with_nothing_after_its_header_starts_afresh_whichever_job_it_names() throws IOException {
        UnitJournal.open(path(), "job1", UnitJournal.Rerun.AUTO).close();
        try (UnitJournal other = UnitJournal.open(path(), "job2", UnitJournal.Rerun.AUTO)) {
            assertThat(other.resuming()).isFalse();
        }
    }
}
