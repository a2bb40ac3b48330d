import io.milvusdm.format.hdf5.Hdf5Source;
import io.milvusdm.format.hdf5.Hdf5SourceSpec;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Reads every vector of an HDF5 file through {@link Hdf5Source} (pre-scan included), 64 MiB splits on
 * {@code THREADS} threads, 16 MiB batches; prints the best of {@code REPS} wall times.
 * Usage: {@code java -cp CLASSPATH Hdf5ReadBench.java FILE THREADS REPS}
 */
public class Hdf5ReadBench {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        int reps = Integer.parseInt(args[2]);
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < reps; rep++) {
            long start = System.nanoTime();
            readAll(file, threads);
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        System.out.printf("milvusdm %s threads=%d best=%.3f s%n", file.getFileName(), threads, best);
    }

    private static double readAll(Path file, int threads) throws Exception {
        try (Hdf5Source source = Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(file), true))) {
            ConcurrentLinkedQueue<Split> queue = new ConcurrentLinkedQueue<>(source.splits(64L << 20));
            DoubleAdder checksum = new DoubleAdder();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        for (Split split = queue.poll(); split != null; split = queue.poll()) {
                            try (BatchReader reader = source.open(split, 16L << 20)) {
                                for (VectorBatch batch = reader.next(); batch != null; batch = reader.next()) {
                                    float[] values = ((FloatVectors) batch.vectors()).values();
                                    checksum.add(values[0] + values[values.length - 1]);
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> future : done) {
                    future.get();
                }
            } finally {
                pool.shutdown();
            }
            return checksum.sum();
        }
    }
}
