package io.milvusdm.bench;

import io.milvusdm.format.hdf5.Hdf5Source;
import io.milvusdm.format.hdf5.Hdf5SourceSpec;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.JobRunner;
import io.milvusdm.pipeline.JobSummary;
import io.milvusdm.pipeline.Ledger;
import io.milvusdm.pipeline.ProgressListener;
import io.milvusdm.pipeline.RunOptions;
import io.milvusdm.pipeline.Sink;
import io.milvusdm.pipeline.SinkCompletion;
import io.milvusdm.pipeline.SinkPreparation;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.WriteKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Read throughput of {@link Hdf5Source} over the whole file, with the default batch and split sizes, best of
 * {@code --repeats} in one process (the first run pays for class loading and JIT):
 * <ul>
 *   <li>{@code --through source}: {@code --workers} threads take splits from one queue and read them, as the
 *       {@link JobRunner}'s readers do, touching each batch in the reading thread: the reader alone;</li>
 *   <li>{@code --through runner}: the {@link JobRunner} itself (readers, bounded queue, writers, ledger written
 *       with fsync per split) into a sink that only touches each batch: what a job could move if the target cost
 *       nothing.</li>
 * </ul>
 *
 * <pre>ReadBench --file F.h5 --workers N [--through source|runner] [--repeats 3]</pre>
 */
public final class ReadBench {

    private ReadBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = BenchArgs.parse("ReadBench", args);
        Path file = Path.of(a.string("file"));
        int workers = (int) a.number("workers", RunOptions.DEFAULT_WORKERS);
        int repeats = (int) a.number("repeats", 3);
        boolean runner = a.optional("through", "source").equals("runner");
        double[] seconds = new double[repeats];
        long rows = 0;
        long checksum = 0;
        long bytes = 0;
        for (int i = 0; i < repeats; i++) {
            DiscardSink sink = new DiscardSink();
            long start = System.nanoTime();
            rows = runner ? runOnce(file, workers, sink).rowsRead() : readOnce(file, workers, sink);
            seconds[i] = (System.nanoTime() - start) / 1e9;
            checksum = sink.checksum.get();
            bytes = sink.vectorBytes.get();
        }
        double best = Arrays.stream(seconds).min().orElseThrow();
        new Json().put("bench", "read").put("through", runner ? "runner" : "source").put("file", file.getFileName()).put("workers", workers).put("rows", rows)
                .put("vectorBytes", bytes).put("bestSeconds", best).put("rowsPerSecond", rows / best)
                .put("allSeconds", seconds).put("checksum", checksum).print();
    }

    /**
     * The JobRunner's reader loop without the runner: each thread polls a split, reads it, touches each batch and
     * hands it back to the source, as the runner does once a batch is written.
     */
    private static long readOnce(Path file, int workers, DiscardSink sink) throws Exception {
        try (Hdf5Source source = Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(file), false))) {
            RunOptions options = RunOptions.of(workers, RunOptions.DEFAULT_BATCH_BYTES, false);
            ConcurrentLinkedQueue<Split> todo = new ConcurrentLinkedQueue<>(source.splits(options.splitBytes()));
            AtomicLong rows = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                Thread thread = new Thread(() -> {
                    Split split;
                    while (failure.get() == null && (split = todo.poll()) != null) {
                        try (BatchReader reader = source.open(split, options.batchBytes())) {
                            VectorBatch batch;
                            while ((batch = reader.next()) != null) {
                                sink.write(batch, WriteKind.INSERT);
                                rows.addAndGet(batch.rowCount());
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
            return rows.get();
        }
    }

    private static JobSummary runOnce(Path file, int workers, DiscardSink sink) throws IOException {
        Path ledgerDir = Files.createTempDirectory("milvusdm-readbench");
        Path ledgerPath = ledgerDir.resolve("read.ledger");
        try (Hdf5Source source = Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(file), false));
             Ledger ledger = Ledger.open(ledgerPath, "read-bench", false)) {
            RunOptions options = RunOptions.of(workers, RunOptions.DEFAULT_BATCH_BYTES, false);
            return new JobRunner(source, sink, ledger, options, ProgressListener.NONE).run();
        } finally {
            Files.deleteIfExists(ledgerPath);
            Files.deleteIfExists(ledgerDir);
        }
    }

    /** Takes every batch and reads one value of every row, so that no batch goes unlooked-at. */
    private static final class DiscardSink implements Sink {
        final AtomicLong checksum = new AtomicLong();
        final AtomicLong vectorBytes = new AtomicLong();

        @Override
        public SinkPreparation prepare(SourceSchema schema, boolean resuming, long baselineRows) {
            return new SinkPreparation(false, "discard", 0);
        }

        @Override
        public void write(VectorBatch batch, WriteKind kind) {
            float[] values = ((FloatVectors) batch.vectors()).values();
            int dim = batch.vectors().dimension();
            long sum = 0;
            for (int i = 0; i < values.length; i += dim) {
                sum += Float.floatToRawIntBits(values[i]);
            }
            checksum.addAndGet(sum);
            vectorBytes.addAndGet(batch.vectors().byteSize());
        }

        @Override
        public SinkCompletion complete(long rowsBefore, long sourceRows) {
            return new SinkCompletion(rowsBefore + sourceRows, rowsBefore + sourceRows);
        }

        @Override
        public void close() {
        }
    }
}
