package io.milvusdm.milvus.bulkimport;

import io.milvusdm.pipeline.ProgressListener;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one bulk import job per file group, at most {@code workers} at once, each polled until it completes,
 * fails, or outlives the timeout. Every group is tried even when one fails, so the result names every file
 * group that did not load, with the server's reason.
 */
public final class ImportJobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ImportJobRunner.class);

    /** One group of files the server imports as one job, and the rows it holds. */
    public record FileGroup(String name, List<String> files, long rows) {
    }

    /** A group that did not load: its files and why. */
    public record Failure(FileGroup group, String reason) {
    }

    /**
     * Where the runner records each group's progress durably (a load ledger), so that a rerun knows which groups
     * completed and which jobs were submitted but not seen to end. Called from the worker threads.
     */
    public interface Journal {
        Journal NONE = new Journal() {
        };

        /** The group is about to be submitted. */
        default void started(FileGroup group) throws IOException {
        }

        /** The server accepted the group's job. */
        default void submitted(FileGroup group, String jobId) throws IOException {
        }

        /** The group's job completed: its rows are in the collection. */
        default void completed(FileGroup group) throws IOException {
        }
    }

    private final BulkImportClient client;
    private final String collection;
    private final String partition;
    private final int workers;
    private final Duration timeout;
    private final Duration pollInterval;
    private final ProgressListener progress;

    public ImportJobRunner(BulkImportClient client, String collection, String partition, int workers,
                           Duration timeout, Duration pollInterval, ProgressListener progress) {
        this.client = client;
        this.collection = collection;
        this.partition = partition;
        this.workers = workers;
        this.timeout = timeout;
        this.pollInterval = pollInterval;
        this.progress = progress;
    }

    /**
     * @return the groups that failed, empty when all completed
     * @throws BulkImportException when the server has no import API at all (the first submit says so), so the
     *     caller can fall back before anything was imported
     */
    public List<Failure> run(List<FileGroup> groups) throws IOException {
        return run(groups, Journal.NONE);
    }

    /**
     * As {@link #run(List)}, recording each group's start, job id and completion in {@code journal}.
     */
    public List<Failure> run(List<FileGroup> groups, Journal journal) throws IOException {
        ConcurrentLinkedQueue<FileGroup> todo = new ConcurrentLinkedQueue<>(groups);
        List<Failure> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong unsupported = new AtomicLong();
        BulkImportException[] unsupportedFailure = new BulkImportException[1];
        long total = groups.stream().mapToLong(FileGroup::rows).sum();
        progress.started(total, 0);
        List<Thread> threads = new ArrayList<>();
        try {
            for (int i = 0; i < Math.min(workers, Math.max(1, groups.size())); i++) {
                Thread thread = new Thread(() -> {
                    FileGroup group;
                    while (unsupported.get() == 0 && (group = todo.poll()) != null) {
                        try {
                            String reason = importOne(group, journal);
                            if (reason != null) {
                                failures.add(new Failure(group, reason));
                            }
                        } catch (BulkImportException e) {
                            if (e.unsupported()) {
                                synchronized (unsupportedFailure) {
                                    unsupportedFailure[0] = e;
                                }
                                unsupported.incrementAndGet();
                            } else {
                                failures.add(new Failure(group, e.getMessage()));
                            }
                        } catch (IOException | RuntimeException e) {
                            failures.add(new Failure(group, String.valueOf(e.getMessage())));
                        }
                    }
                }, "milvusdm-import-" + i);
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while importing into collection '" + collection + "'");
        } finally {
            progress.finished();
        }
        if (unsupported.get() > 0) {
            throw unsupportedFailure[0];
        }
        return List.copyOf(failures);
    }

    /** Imports one group; null when it completed, else the reason it did not. */
    private String importOne(FileGroup group, Journal journal) throws IOException {
        journal.started(group);
        String jobId = client.submit(collection, partition, group.files());
        journal.submitted(group, jobId);
        LOG.info("{} job {}: {} ({} rows)", client.api(), jobId, group.files(), group.rows());
        String reason = await(group, jobId);
        if (reason == null) {
            journal.completed(group);
        }
        return reason;
    }

    /**
     * Polls a submitted job (of this run or of an interrupted one) until it completes, fails or outlives the
     * timeout, reporting its rows as progress.
     *
     * @return null when it completed, else the reason it did not
     */
    public String await(FileGroup group, String jobId) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long reported = 0;
        while (true) {
            ImportProgress state = client.progress(jobId);
            long rowsNow = state.state() == ImportProgress.State.COMPLETED ? group.rows()
                    : Math.min(group.rows(), group.rows() * Math.max(0, state.percent()) / 100);
            if (rowsNow > reported) {
                progress.rowsWritten(rowsNow - reported);
                reported = rowsNow;
            }
            if (state.state() == ImportProgress.State.COMPLETED) {
                return null;
            }
            if (state.state() == ImportProgress.State.FAILED) {
                return "import job " + jobId + " failed: " + (state.reason() == null ? "no reason given" : state.reason());
            }
            if (System.nanoTime() > deadline) {
                return "import job " + jobId + " did not finish within " + timeout.toSeconds() + " s (last state "
                        + state.state() + ", " + state.percent() + "%)";
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for import job " + jobId);
            }
        }
    }
}
