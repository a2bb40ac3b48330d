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
    void a_target_the_sink_cleared_gets_every_split_again_and_a_fresh_ledger() throws IOException {
        RecordingSink sink = interruptedAtWrite(40);
        sink.interrupted = new InterruptedWrites(InterruptedWrites.Resolution.TARGET_CLEARED, 0);

        JobSummary resumed = run(new InMemorySource(ROWS), sink, new RunOptions(3, 1024, 4096, true),
                ProgressListener.NONE);

        assertThat(resumed.splitsResumed()).isZero();
        assertThat(resumed.rowsWritten()).isEqualTo(ROWS);
        assertThat(sink.writesPerId.values()).allMatch(count -> count.get() == 1);
        assertThat(sink.kinds.values()).containsOnly(WriteKind.INSERT);
        try (Ledger ledger = Ledger.open(dir.resolve("job.ledger"), "job", true)) {
            assertThat(ledger.committedRows()).isEqualTo(ROWS);
            assertThat(ledger.baselineRows()).isZero();
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
