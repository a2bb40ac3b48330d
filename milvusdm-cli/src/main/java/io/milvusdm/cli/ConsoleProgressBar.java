package io.milvusdm.cli;

import io.milvusdm.pipeline.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress bar on stderr: rows done, rows per second and the time left. On a terminal it redraws one line
 * five times a second; elsewhere (a CI log, a file) it prints a line every ten seconds instead.
 */
public final class ConsoleProgressBar implements ProgressListener {

    private static final int WIDTH = 28;

    private final PrintWriter err;
    private final String task;
    private final boolean terminal;
    private final AtomicLong written = new AtomicLong();
    private volatile long total;
    private volatile long done;
    private volatile long startNanos;
    private ScheduledExecutorService ticker;
    private int lastLength;

    public ConsoleProgressBar(PrintWriter err, String task, boolean terminal) {
        this.err = err;
        this.task = task;
        this.terminal = terminal;
    }

    @Override
    public void started(long totalRows, long doneRows) {
        total = totalRows;
        done = doneRows;
        startNanos = System.nanoTime();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "milvusdm-progress");
            thread.setDaemon(true);
            return thread;
        });
        long period = terminal ? 200 : 10_000;
        ticker.scheduleAtFixedRate(this::draw, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void rowsWritten(long rows) {
        written.addAndGet(rows);
    }

    @Override
    public void finished() {
        if (ticker == null) {
            return;
        }
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        draw();
        if (terminal) {
            synchronized (this) {
                err.println();
                err.flush();
            }
        }
    }

    private synchronized void draw() {
        String line = render(task, done + written.get(), total, written.get(), (System.nanoTime() - startNanos) / 1e9);
        if (terminal) {
            String padded = line.length() < lastLength ? line + " ".repeat(lastLength - line.length()) : line;
            err.print("\r" + padded);
            lastLength = line.length();
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** One progress line; {@code rowsThisRun} over {@code seconds} gives the rate. */
    static String render(String task, long rowsDone, long totalRows, long rowsThisRun, double seconds) {
        double fraction = totalRows == 0 ? 1 : Math.min(1, (double) rowsDone / totalRows);
        int filled = (int) Math.round(fraction * WIDTH);
        double rate = seconds > 0 ? rowsThisRun / seconds : 0;
        String eta = rate > 0 ? duration((totalRows - rowsDone) / rate) : "--:--";
        return String.format(Locale.ROOT, "%s [%s%s] %3d%% %,d/%,d rows  %,.0f rows/s  ETA %s", task,
                "#".repeat(filled), ".".repeat(WIDTH - filled), (int) Math.floor(fraction * 100), rowsDone, totalRows,
                rate, eta);
    }

    static String duration(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
