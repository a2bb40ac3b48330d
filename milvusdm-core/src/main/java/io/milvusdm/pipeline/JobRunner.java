package io.milvusdm.pipeline;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves every split of a source into a sink: reader threads turn splits into batches, a bounded queue hands
 * them to writer threads, and a split is committed to the ledger once all its batches are acknowledged.
 *
 * <p>Memory stays bounded whatever the input size: at most {@code workers} batches being read,
 * {@code 2 * workers} queued and {@code workers} being written, each at most {@link RunOptions#batchBytes()}.
 *
 * <p>Order of calls: the source's pre-scan ran when it was opened; then {@link Sink#prepare}, so a source that
 * cannot be read whole never touches the target; then the splits; then {@link Sink#complete}.
 */
public final class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final Source source;
    private final Sink sink;
    private final Ledger ledger;
    private final RunOptions options;
    private final ProgressListener progress;

    /**
     * @param ledger the job's ledger, opened with the same {@code resume} flag as {@code options}
     */
    public JobRunner(Source source, Sink sink, Ledger ledger, RunOptions options, ProgressListener progress) {
        this.source = source;
        this.sink = sink;
        this.ledger = ledger;
        this.options = options;
        this.progress = progress;
    }

    public JobSummary run() throws IOException {
        long start = System.nanoTime();
        SourceSchema schema = source.schema();
        boolean resuming = options.resume() && ledger.baselineRows() >= 0;
        // a resumed run cuts the splits the first one did, whatever batch size it was given: other cuts, other ids
        long splitBytes = resuming && ledger.splitBytes() > 0 ? ledger.splitBytes() : options.splitBytes();
        List<Split> splits = source.splits(splitBytes);
        SinkPreparation preparation = resuming ? sink.prepare(schema, true, ledger.baselineRows()) : prepareAfresh(schema);
        if (preparation.skip()) {
            return new JobSummary(JobSummary.Status.SKIPPED, preparation.message(), 0, 0, schema.totalRows(),
                    splits.size(), 0, -1, -1, seconds(start));
        }
        if (!resuming) {
            CrashPoints.reached(CrashPoints.TARGET_PREPARED);
            ledger.recordBaseline(preparation.rowsBefore());
            ledger.recordSplitBytes(splitBytes);
        }
        String cleared = resuming && ledger.clearingTarget() ? finishClearing() : "";
        Rewrite rewrite = resuming ? rewriteOfUnfinished(splits, splitBytes) : Rewrite.NONE;
        String message = preparation.message() + cleared + rewrite.note();
        List<Split> todo = new ArrayList<>();
        int resumed = 0;
        for (Split split : splits) {
            if (ledger.isCommitted(split.id())) {
                resumed++;
            } else {
                todo.add(split);
            }
        }
        long doneRows = ledger.committedRows();
        log.debug("{}: {} rows in {} splits, {} already committed", message, schema.totalRows(), splits.size(),
                resumed);
        Transfer transfer = new Transfer(todo, rewrite.upsert());
        progress.started(schema.totalRows(), doneRows);
        try {
            transfer.run();
        } finally {
            progress.finished();
        }
        SinkCompletion completion = sink.complete(ledger.baselineRows(), schema.totalRows());
        JobSummary.Status status = completion.matches() ? JobSummary.Status.DONE : JobSummary.Status.COUNT_MISMATCH;
        return new JobSummary(status, message, transfer.rowsRead.get(), transfer.rowsWritten.get(), doneRows,
                splits.size(), resumed, completion.targetRows(), completion.expectedRows(), seconds(start));
    }

    /**
     * Prepares the target, first recording whether it existed: a run that dies after creating it and before writing
     * a row leaves that record, and the next run then does not skip the target as one that was there before.
     */
    private SinkPreparation prepareAfresh(SourceSchema schema) throws IOException {
        Optional<Boolean> recorded = options.resume() ? ledger.targetExisted() : Optional.empty();
        boolean existed = recorded.isPresent() ? recorded.get() : sink.targetExists();
        if (recorded.isEmpty()) {
            ledger.recordTargetExisted(existed);
        }
        return existed ? sink.prepare(schema, false, -1) : sink.prepareOwnTarget(schema);
    }

    /**
     * How a resumed run writes the splits the earlier one started and did not commit.
     *
     * @param upsert write them with upsert (their rows that landed are replaced by key)
     * @param note what was found and done, for the summary ("" when there were none)
     */
    private record Rewrite(boolean upsert, String note) {
        static final Rewrite NONE = new Rewrite(false, "");
    }

    /** Asks the sink how the unfinished splits' rows are kept from appearing twice, and acts on its answer. */
    private Rewrite rewriteOfUnfinished(List<Split> splits, long splitBytes) throws IOException {
        long unfinished = splits.stream().filter(this::unfinished).count();
        if (unfinished == 0) {
            return new Rewrite(true, "");
        }
        InterruptedWrites interrupted = sink.resolveInterrupted(ledger.baselineRows(), ledger.committedRows());
        if (interrupted.resolution() == InterruptedWrites.Resolution.CLEAR_TARGET) {
            // recorded before the delete: a run killed while deleting, or after, must not take the target for whole
            ledger.restartClearingTarget(ledger.baselineRows(), splitBytes);
            clearTarget();
        }
        return new Rewrite(interrupted.resolution() == InterruptedWrites.Resolution.REWRITE_BY_KEY,
                "; " + describe(interrupted, unfinished));
    }

    /** An earlier run recorded a restart and was killed before recording the target cleared: clears it again. */
    private String finishClearing() throws IOException {
        clearTarget();
        return "; the interrupted run was clearing the target to start over: it was cleared and every split is"
                + " written again";
    }

    private void clearTarget() throws IOException {
        sink.clearTarget();
        CrashPoints.reached(CrashPoints.TARGET_CLEARED);
        ledger.recordTargetCleared();
    }

    /** Started by an earlier run and not committed: its rows may be in the target, some or all. */
    private boolean unfinished(Split split) {
        return ledger.wasStarted(split.id()) && !ledger.isCommitted(split.id());
    }

    private static String describe(InterruptedWrites interrupted, long splits) {
        String which = splits == 1 ? "the split the earlier run left unfinished"
                : "the " + splits + " splits the earlier run left unfinished";
        return switch (interrupted.resolution()) {
            case REWRITE_BY_KEY -> which + " written again with upsert (rows that had landed are replaced, not"
                    + " repeated)";
            case NOTHING_LANDED -> which + " written again (none of their rows had landed)";
            case CLEAR_TARGET -> "the target held only this job's rows and generates its keys, so they were"
                    + " deleted and every split is written again";
            case CANNOT_TELL_APART -> String.format(Locale.ROOT, "%,d rows that had landed for %s have keys the"
                    + " target generated (auto-id) and cannot be told apart: they stay and appear twice",
                    interrupted.strayRows(), which);
        };
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** A split being moved: it is committed when it was read to the end and every batch is written. */
    private static final class SplitState {
        final Split split;
        final WriteKind kind;
        final AtomicLong pendingBatches = new AtomicLong();
        final AtomicLong rows = new AtomicLong();
        volatile boolean allRead;
        private boolean committed;

        SplitState(Split split, WriteKind kind) {
            this.split = split;
            this.kind = kind;
        }

        synchronized boolean claimCommit() {
            if (committed || !allRead || pendingBatches.get() != 0) {
                return false;
            }
            committed = true;
            return true;
        }
    }

    private record Item(VectorBatch batch, SplitState state) {
        static final Item END = new Item(null, null);
    }

    /** One run of the reader and writer threads over the splits still to do. */
    private final class Transfer {
        final ConcurrentLinkedQueue<Split> todo;
        final boolean upsertStarted;
        final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(2 * options.workers());
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicLong rowsRead = new AtomicLong();
        final AtomicLong rowsWritten = new AtomicLong();

        /**
         * @param upsertStarted write the splits an earlier run started with upsert (their rows are replaced by key)
         */
        Transfer(List<Split> todo, boolean upsertStarted) {
            this.todo = new ConcurrentLinkedQueue<>(todo);
            this.upsertStarted = upsertStarted;
        }

        void run() throws IOException {
            List<Thread> readers = new ArrayList<>();
            List<Thread> writers = new ArrayList<>();
            for (int i = 0; i < options.workers(); i++) {
                readers.add(start("milvusdm-reader-" + i, this::readLoop));
                writers.add(start("milvusdm-writer-" + i, this::writeLoop));
            }
            joinAll(readers);
            for (int i = 0; i < writers.size(); i++) {
                putUninterruptibly(Item.END);
            }
            joinAll(writers);
            Throwable t = failure.get();
            if (t instanceof IOException e) {
                throw e;
            } else if (t instanceof RuntimeException e) {
                throw e;
            } else if (t instanceof Error e) {
                throw e;
            } else if (t != null) {
                throw new IOException(t);
            }
        }

        private Thread start(String name, Runnable body) {
            Thread thread = new Thread(body, name);
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        private void joinAll(List<Thread> threads) throws InterruptedIOException {
            for (Thread thread : threads) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure.compareAndSet(null, e);
                    throw new InterruptedIOException("interrupted while waiting for " + thread.getName());
                }
            }
        }

        private void readLoop() {
            Split split;
            while (failure.get() == null && (split = todo.poll()) != null) {
                try {
                    readSplit(split);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }
        }

        private void readSplit(Split split) throws IOException {
            boolean repeat = upsertStarted && ledger.wasStarted(split.id());
            SplitState state = new SplitState(split, repeat ? WriteKind.UPSERT : WriteKind.INSERT);
            ledger.markStarted(split.id());
            long rows = 0;
            try (BatchReader reader = source.open(split, options.batchBytes())) {
                VectorBatch batch;
                while (failure.get() == null && (batch = reader.next()) != null) {
                    rows += batch.rowCount();
                    rowsRead.addAndGet(batch.rowCount());
                    state.pendingBatches.incrementAndGet();
                    putUninterruptibly(new Item(batch, state));
                }
            }
            if (failure.get() != null) {
                return;
            }
            if (rows != split.rowCount()) {
                throw new IllegalStateException("split " + split.id() + " produced " + rows + " rows, expected "
                        + split.rowCount());
            }
            state.allRead = true;
            commitIfComplete(state);
        }

        private void writeLoop() {
            while (true) {
                Item item = takeUninterruptibly();
                if (item == Item.END) {
                    return;
                }
                if (failure.get() != null) {
                    continue; // drain, so that readers blocked on a full queue can finish
                }
                try {
                    sink.write(item.batch(), item.state().kind);
                    int rows = item.batch().rowCount();
                    source.recycle(item.batch());
                    item.state().rows.addAndGet(rows);
                    rowsWritten.addAndGet(rows);
                    progress.rowsWritten(rows);
                    item.state().pendingBatches.decrementAndGet();
                    commitIfComplete(item.state());
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }
        }

        private void commitIfComplete(SplitState state) throws IOException {
            if (state.claimCommit()) {
                CrashPoints.reached(CrashPoints.SPLIT_WRITTEN);
                ledger.markCommitted(state.split.id(), state.rows.get());
            }
        }

        private void putUninterruptibly(Item item) {
            boolean interrupted = false;
            while (true) {
                try {
                    queue.put(item);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private Item takeUninterruptibly() {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return queue.take();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
