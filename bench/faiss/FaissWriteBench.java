import io.milvusdm.distance.DistanceKernel;
import io.milvusdm.format.faiss.write.FaissIvfTrainer;
import io.milvusdm.format.faiss.write.FaissSink;
import io.milvusdm.format.faiss.write.FaissWriteSpec;
import io.milvusdm.format.npy.NpySource;
import io.milvusdm.format.npy.NpySourceSpec;
import io.milvusdm.pipeline.JobRunner;
import io.milvusdm.pipeline.JobSummary;
import io.milvusdm.pipeline.Ledger;
import io.milvusdm.pipeline.ProgressListener;
import io.milvusdm.pipeline.RunOptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes DIR/bench_vectors.npy + bench_ids.npy as a Faiss index through NpySource -> JobRunner -> FaissSink and
 * prints the seconds (IVF: training in prepare included); {@code train} only trains the IVF centroids.
 *   java -cp CP FaissWriteBench.java DIR idmap2|ivf|ivf_centroids|train NLIST WORKERS [TRAINING_SAMPLE]
 */
public class FaissWriteBench {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String kind = args[1];
        int nlist = Integer.parseInt(args[2]);
        int workers = Integer.parseInt(args[3]);
        long sample = args.length > 4 ? Long.parseLong(args[4]) : 0;
        Path out = dir.resolve("milvusdm_bench_" + kind + ".index");
        NpySourceSpec input = NpySourceSpec.of(dir.resolve("bench_vectors.npy"), dir.resolve("bench_ids.npy"));
        if (kind.equals("train")) {
            long start = System.nanoTime();
            try (NpySource source = NpySource.open(input)) {
                FaissIvfTrainer.train(source, RunOptions.defaults().splitBytes(), FaissWriteSpec.Metric.L2, nlist,
                        1234, sample);
            }
            System.out.printf("milvusdm_train_seconds=%.2f kernel=%s%n", (System.nanoTime() - start) / 1e9,
                    DistanceKernel.get().describe());
            return;
        }
        FaissWriteSpec.Metric l2 = FaissWriteSpec.Metric.L2;
        FaissWriteSpec spec = switch (kind) {
            case "idmap2" -> FaissWriteSpec.flat(out, FaissWriteSpec.Kind.IDMAP2_FLAT, l2);
            case "ivf" -> new FaissWriteSpec(out, FaissWriteSpec.Kind.IVF_FLAT, l2, FaissWriteSpec.Mode.OVERWRITE,
                    nlist, 1234, null, sample);
            default -> FaissWriteSpec.ivfWithCentroids(out, l2, dir.resolve("bench_centroids.npy"));
        };
        RunOptions options = RunOptions.of(workers, RunOptions.DEFAULT_BATCH_BYTES, false);
        Path ledgerFile = dir.resolve("bench.ledger");
        Files.deleteIfExists(ledgerFile);
        long start = System.nanoTime();
        try (NpySource source = NpySource.open(input);
             FaissSink sink = new FaissSink(spec, source, options);
             Ledger ledger = Ledger.open(ledgerFile, kind, false)) {
            JobSummary summary = new JobRunner(source, sink, ledger, options, ProgressListener.NONE).run();
            System.out.printf("milvusdm_%s_seconds=%.2f workers=%d rows=%d status=%s kernel=%s%n", kind,
                    (System.nanoTime() - start) / 1e9, workers, summary.rowsWritten(), summary.status(),
                    DistanceKernel.get().describe());
        }
        Files.deleteIfExists(ledgerFile);
    }
}
