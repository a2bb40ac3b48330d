package io.milvusdm.bench;

import io.milvusdm.format.faiss.FaissSource;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.JobRunner;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.RunOptions;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Parse-and-decode throughput of {@link FaissSource} over a whole index file, best of {@code --repeats} in one
 * process (the first run pays for class loading and JIT). Each repeat times {@link FaissSource#open(Path, boolean)}
 * (the pre-scan: the whole structure parsed and checked, decoder parameters loaded) and then every split read with
 * the default 8 MiB batches and 64 MiB splits by {@code --workers} threads polling one queue of splits, as the
 * {@link JobRunner}'s readers do: each batch is touched (one value of every row, and every id) in the reading
 * thread and handed back with {@link FaissSource#recycle(VectorBatch)}, as the runner does once a batch is written.
 * Coded files (PQ, SQ) are opened with {@code allowLossy} true.
 *
 * <pre>FaissReadBench --file F.index --workers N [--repeats 3]</pre>
 */
public final class FaissReadBench {

    private FaissReadBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = BenchArgs.parse("FaissReadBench", args);
        Path file = Path.of(a.string("file"));
        int workers = (int) a.number("workers", RunOptions.DEFAULT_WORKERS);
        int repeats = (int) a.number("repeats", 3);
        RunOptions options = RunOptions.of(workers, RunOptions.DEFAULT_BATCH_BYTES, false);
        double[] seconds = new double[repeats];
        double[] openSeconds = new double[repeats];
        Result result = null;
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            try (FaissSource source = FaissSource.open(file, true)) {
                openSeconds[i] = (System.nanoTime() - start) / 1e9;
                result = readAll(source, options, workers, file);
            }
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        double best = Arrays.stream(seconds).min().orElseThrow();
        new Json().put("bench", "faiss-read").put("file", file.getFileName()).put("workers", workers)
                .put("rows", result.rows).put("splits", result.splits).put("batches", result.batches)
                .put("batchBytes", options.batchBytes()).put("splitBytes", options.splitBytes())
                .put("vectorBytes", result.vectorBytes).put("bestSeconds", best).put("rowsPerSecond", result.rows / best)
                .put("allSeconds", seconds).put("openSeconds", Arrays.stream(openSeconds).min().orElseThrow())
                .put("checksum", result.checksum).put("idChecksum", result.idChecksum).print();
    }

    private record Result(long rows, int splits, long batches, long vectorBytes, long checksum, long idChecksum) {
    }

    private static Result readAll(FaissSource source, RunOptions options, int workers, Path file) throws Exception {
        List<Split> splits = source.splits(options.splitBytes());
        ConcurrentLinkedQueue<Split> todo = new ConcurrentLinkedQueue<>(splits);
        AtomicLong rows = new AtomicLong();
        AtomicLong batches = new AtomicLong();
        AtomicLong vectorBytes = new AtomicLong();
        AtomicLong checksum = new AtomicLong();
        AtomicLong idChecksum = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Thread thread = new Thread(() -> {
                Split split;
                while (failure.get() == null && (split = todo.poll()) != null) {
                    try (BatchReader reader = source.open(split, options.batchBytes())) {
                        VectorBatch batch;
                        while ((batch = reader.next()) != null) {
                            touch(batch, checksum, idChecksum);
                            rows.addAndGet(batch.rowCount());
                            batches.incrementAndGet();
                            vectorBytes.addAndGet(batch.vectors().byteSize());
                            source.recycle(batch);
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }
            }, "read-" + w);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("reading " + file + " failed", failure.get());
        }
        if (rows.get() != source.schema().totalRows()) {
            throw new IllegalStateException("read " + rows.get() + " rows of " + file + ", expected "
                    + source.schema().totalRows());
        }
        return new Result(rows.get(), splits.size(), batches.get(), vectorBytes.get(), checksum.get(),
                idChecksum.get());
    }

    /** Reads one value of every row and every id, so that no batch goes unlooked-at. */
    private static void touch(VectorBatch batch, AtomicLong checksum, AtomicLong idChecksum) {
        float[] values = ((FloatVectors) batch.vectors()).values();
        int dim = batch.vectors().dimension();
        int rows = batch.rowCount();
        long sum = 0;
        for (int r = 0; r < rows; r++) {
            sum += Float.floatToRawIntBits(values[r * dim]);
        }
        long[] ids = ((PrimaryKeys.Int64Keys) batch.keys()).values();
        long idSum = 0;
        for (int r = 0; r < rows; r++) {
            idSum += ids[r];
        }
        checksum.addAndGet(sum);
        idChecksum.addAndGet(idSum);
    }
}
