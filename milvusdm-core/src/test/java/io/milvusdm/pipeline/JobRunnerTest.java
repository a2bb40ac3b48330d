package io.milvusdm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobRunnerTest {

    private static final long ROWS = 10_007;
    private static final RunOptions SMALL = new RunOptions(3, 1024, 4096, false);

    @TempDir
    Path dir;

    private JobSummary run(InMemorySource source, RecordingSink sink, RunOptions options, ProgressListener progress)
            throws IOException {
        try (Ledger ledger = Ledger.open(dir.resolve("job.ledger"), "job", options.resume())) {
            return new JobRunner(source, sink, ledger, options, progress).run();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5})
    void every_row_arrives_exactly_once_with_its_vector(int workers) throws IOException {
        RecordingSink sink = new RecordingSink();
        JobSummary summary = run(new InMemorySource(ROWS), sink, new RunOptions(workers, 1024, 4096, false),
                ProgressListener.NONE);

        assertThat(summary.status()).isEqualTo(JobSummary.Status.DONE);
        assertThat(summary.rowsRead()).isEqualTo(ROWS);
        assertThat(summary.rowsWritten()).isEqualTo(ROWS);
        assertThat(sink.rows).hasSize((int) ROWS);
        assertThat(sink.writesPerId.values()).allMatch(count -> count.get() == 1);
        for (long id = 0; id < ROWS; id++) {
            for (int c = 0; c < InMemorySource.DIMENSION; c++) {
                assertThat(sink.rows.get(id)[c]).isEqualTo(InMemorySource.valueOf(id, c));
            }
        }
    }

    @Test
    void every_written_batch_goes_back_to_the_source_once_and_only_after_its_write() throws IOException {
        InMemorySource source = new InMemorySource(ROWS);
        RecordingSink sink = new RecordingSink();
        sink.source = source;
        run(source, sink, SMALL, ProgressListener.NONE);
        assertThat(source.recycled).hasSize(sink.writes.get());
    }

    @Test
    void progress_hears_every_written_row() throws IOException {
        AtomicLong heard = new AtomicLong();
        AtomicInteger finished = new AtomicInteger();
        ProgressListener progress = new ProgressListener() {
            @Override
            public void rowsWritten(long rows) {
                heard.addAndGet(rows);
            }

            @Override
            public void finished() {
                finished.incrementAndGet();
            }
        };
        run(new InMemorySource(ROWS), new RecordingSink(), SMALL, progress);
        assertThat(heard.get()).isEqualTo(ROWS);
        assertThat(finished.get()).isEqualTo(1);
    }

    @Test
    void a_failed_write_stops_the_job_and_resume_completes_it_without_duplicates_or_gaps() throws IOException {
        RecordingSink sink = new RecordingSink();
        sink.failOnWrite = 40;
        assertThatThrownBy(() -> run(new InMemorySource(ROWS), sink, SMALL, ProgressListener.NONE))
                .isInstanceOf(IOException.class)
                .hasMessage("server went away");
        int writtenBefore = sink.rows.size();
        assertThat(writtenBefore).isLessThan((int) ROWS);

        sink.failOnWrite = -1;
        JobSummary resumed = run(new InMemorySource(ROWS), sink, new RunOptions(3, 1024, 4096, true),
                ProgressListener.NONE);

        assertThat(sink.preparedAsResume).isTrue();
        assertThat(resumed.status()).isEqualTo(JobSummary.Status.DONE);
        assertThat(resumed.splitsResumed()).isPositive();
        assertThat(resumed.rowsSkipped() + resumed.rowsWritten()).isGreaterThanOrEqualTo(ROWS);
        assertThat(sink.rows).hasSize((int) ROWS);
        // rows of splits that were committed are never written again; rows of started splits are upserted
        sink.writesPerId.forEach((id, count) -> {
            if (count.get() > 1) {
                assertThat(sink.kinds.get(id)).as("row %d written twice", id).isEqualTo(WriteKind.UPSERT);
            }
        });
    }

    /** A sink into which a run failed at its {@code write}-th write, leaving splits started and not committed. */
    private RecordingSink interruptedAtWrite(int write) {
        RecordingSink sink = new RecordingSink();
        sink.failOnWrite = write;
        assertThatThrownBy(() -> run(new InMemorySource(ROWS), sink, SMALL, ProgressListener.NONE))
                .isInstanceOf(IOException.class);
        sink.failOnWrite = -1;
        return sink;
    }

    @Test
    void a_resume_with_another_batch_size_cuts_the_splits_of_the_first_run() throws IOException {
        RecordingSink sink = interruptedAtWrite(40);

        JobSummary resumed = run(new InMemorySource(ROWS), sink, new RunOptions(2, 2048, 32768, true),
                ProgressListener.NONE);

        assertThat(resumed.splits()).as("the first run's 4096-byte splits").isEqualTo(
                new InMemorySource(ROWS).splits(4096).size());
        assertThat(resumed.splitsResumed()).isPositive();
        assertThat(sink.rows).hasSize((int) ROWS);
        sink.writesPerId.forEach((id, count) -> {
            if (count.get() > 1) {
                assertThat(sink.kinds.get(id)).as("row %d written twice", id).isEqualTo(WriteKind.UPSERT);
            }
        });
    }

    @Test
    void unfinished_splits_are_written_with_insert_when_the_sink_says_none_of_their_rows_landed() throws IOException {
        RecordingSink sink = interruptedAtWrite(40);
        sink.interrupted = new InterruptedWrites(InterruptedWrites.Resolution.NOTHING_LANDED, 0);
        sink.kinds.clear();

        JobSummary resumed = run(new InMemorySource(ROWS), sink, new RunOptions(3, 1024, 4096, true),
                ProgressListener.NONE);

        assertThat(sink.resolvedInterrupted).isEqualTo(1);
        assertThat(sink.kinds.values()).containsOnly(WriteKind.INSERT);
        assertThat(resumed.message()).contains("left unfinished written again (none of their rows had landed)");
    }

    @Test
    void a_target_the_sink_clears_gets_every_split_again_and_a_fresh_ledger() throws IOException {
        RecordingSink sink = interruptedAtWrite(40);
        sink.interrupted = new InterruptedWrites(InterruptedWrites.Resolution.CLEAR_TARGET, 0);

        JobSummary resumed = run(new InMemorySource(ROWS), sink, new RunOptions(3, 1024, 4096, true),
                ProgressListener.NONE);

        assertThat(sink.clears).hasValue(1);
        assertThat(resumed.splitsResumed()).isZero();
        assertThat(resumed.rowsWritten()).isEqualTo(ROWS);
        assertThat(sink.writesPerId.values()).allMatch(count -> count.get() == 1);
        assertThat(sink.kinds.values()).containsOnly(WriteKind.INSERT);
        try (Ledger ledger = Ledger.open(dir.resolve("job.ledger"), "job", true)) {
            assertThat(ledger.committedRows()).isEqualTo(ROWS);
            assertThat(ledger.baselineRows()).isZero();
            assertThat(ledger.clearingTarget()).isFalse();
            assertThat(ledger.targetExisted()).as("kept across the restart").contains(false);
        }
    }

    @Test
    void a_run_killed_after_recording_the_restart_and_before_the_target_was_cleared_has_it_cleared_again()
            throws IOException {
        RecordingSink sink = interruptedAtWrite(40);
        long committedBefore;
        try (Ledger ledger = Ledger.open(dir.resolve("job.ledger"), "job", true)) {
            committedBefore = ledger.committedRows();
            // the rerun recorded the restart, then was killed while deleting (or after, before recording it done)
            ledger.restartClearingTarget(ledger.baselineRows(), ledger.splitBytes());
        }
        assertThat(committedBefore).isPositive();
        assertThat(sink.rows).hasSizeGreaterThan((int) committedBefore);

        JobSummary again = run(new InMemorySource(ROWS), sink, new RunOptions(3, 1024, 4096, true),
                ProgressListener.NONE);

        assertThat(sink.clears).hasValue(1);
        assertThat(sink.resolvedInterrupted).as("nothing is left unfinished after a restart").isZero();
        assertThat(again.status()).isEqualTo(JobSummary.Status.DONE);
        assertThat(again.splitsResumed()).isZero();
        assertThat(again.message()).contains("the interrupted run was clearing the target to start over");
        assertThat(sink.rows).hasSize((int) ROWS);
        assertThat(sink.writesPerId.values()).allMatch(count -> count.get() == 1);
        try (Ledger ledger = Ledger.open(dir.resolve("job.ledger"), "job", true)) {
            assertThat(ledger.clearingTarget()).isFalse();
            assertThat(ledger.committedRows()).isEqualTo(ROWS);
        }
    }

    @Test
    void a_second_run_of_the_job_is_refused_while_the_first_holds_the_ledger() throws Exception {
        java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        RecordingSink sink = new RecordingSink() {
            @Override
            public void write(VectorBatch batch, WriteKind kind) throws IOException {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                super.write(batch, kind);
            }
        };
        var first = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var summary = first.submit(() -> run(new InMemorySource(ROWS), sink, SMALL, ProgressListener.NONE));
            assertThat(writing.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            RecordingSink second = new RecordingSink();
            for (boolean resume : new boolean[] {false, true}) {
                assertThatThrownBy(() -> run(new InMemorySource(ROWS), second, new RunOptions(3, 1024, 4096, resume),
                        ProgressListener.NONE))
                        .isInstanceOf(LedgerException.class)
                        .hasMessageContaining("another run of this job holds " + dir.resolve("job.ledger"));
            }
            release.countDown();

            assertThat(summary.get(30, java.util.concurrent.TimeUnit.SECONDS).status())
                    .isEqualTo(JobSummary.Status.DONE);
            assertThat(second.writes).hasValue(0);
            assertThat(sink.writesPerId.values()).allMatch(count -> count.get() == 1);
        } finally {
            release.countDown();
            first.shutdownNow();
        }
        try (Ledger ledger = Ledger.open(dir.resolve("job.ledger"), "job", true)) {
            assertThat(ledger.committedRows()).as("the first run's ledger is whole").isEqualTo(ROWS);
        }
    }

    @Test
    void a_target_that_did_not_exist_before_the_first_run_is_prepared_as_the_jobs_own_on_a_rerun() throws IOException {
        Path path = dir.resolve("job.ledger");
        try (Ledger ledger = Ledger.open(path, "job", false)) {
            ledger.recordTargetExisted(false); // then the run died while preparing
        }
        RecordingSink sink = new RecordingSink();
        sink.exists = true;

        run(new InMemorySource(100), sink, new RunOptions(1, 1024, 4096, true), ProgressListener.NONE);

        assertThat(sink.preparedAsOwn).isTrue();
    }

    @Test
    void resuming_a_finished_job_writes_nothing() throws IOException {
        RecordingSink sink = new RecordingSink();
        run(new InMemorySource(ROWS), sink, SMALL, ProgressListener.NONE);
        int writes = sink.writes.get();

        JobSummary again = run(new InMemorySource(ROWS), sink, new RunOptions(3, 1024, 4096, true),
                ProgressListener.NONE);

        assertThat(sink.writes.get()).isEqualTo(writes);
        assertThat(again.rowsWritten()).isZero();
        assertThat(again.rowsSkipped()).isEqualTo(ROWS);
    }

    @Test
    void a_skipped_target_reads_and_writes_nothing() throws IOException {
        RecordingSink sink = new RecordingSink();
        sink.skip = true;
        JobSummary summary = run(new InMemorySource(ROWS), sink, SMALL, ProgressListener.NONE);
        assertThat(summary.status()).isEqualTo(JobSummary.Status.SKIPPED);
        assertThat(summary.rowsSkipped()).isEqualTo(ROWS);
        assertThat(sink.writes.get()).isZero();
    }

    @Test
    void an_empty_source_completes() throws IOException {
        JobSummary summary = run(new InMemorySource(0), new RecordingSink(), SMALL, ProgressListener.NONE);
        assertThat(summary.status()).isEqualTo(JobSummary.Status.DONE);
        assertThat(summary.rowsWritten()).isZero();
    }
}
