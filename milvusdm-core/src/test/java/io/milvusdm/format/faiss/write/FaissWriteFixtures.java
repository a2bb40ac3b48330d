package io.milvusdm.format.faiss.write;

import io.milvusdm.format.npy.NpySource;
import io.milvusdm.format.npy.NpySourceSpec;
import io.milvusdm.pipeline.JobRunner;
import io.milvusdm.pipeline.JobSummary;
import io.milvusdm.pipeline.Ledger;
import io.milvusdm.pipeline.ProgressListener;
import io.milvusdm.pipeline.RunOptions;
import io.milvusdm.testing.TestEnvironment;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The inputs and faiss's own files ({@code scripts/fixtures/faiss_writer_fixtures.py}), a job that writes an index
 * from them, and faiss's verdict on what we wrote.
 */
final class FaissWriteFixtures {

    /** Two workers and small batches and splits, so that batches reach the sink out of order. */
    static final RunOptions SMALL = new RunOptions(2, 1024, 4096, false);
    /** The same for 8-byte binary rows. */
    static final RunOptions SMALL_BINARY = new RunOptions(2, 1024, 1024, false);

    private FaissWriteFixtures() {
    }

    /** Writes vectors.npy, ids.npy, queries.npy, faiss's index files and centroids into {@code dir}. */
    static Path write(Path dir) {
        TestEnvironment.runFixtureScript("faiss_writer_fixtures.py", "data", "--out", dir.toString());
        return dir;
    }

    static NpySourceSpec source(Path dir) {
        return NpySourceSpec.of(dir.resolve("vectors.npy"), dir.resolve("ids.npy"));
    }

    /** The binary vectors (uint8 rows of packed bits) with the same ids. */
    static NpySourceSpec binarySource(Path dir) {
        return NpySourceSpec.of(dir.resolve("bvectors.npy"), dir.resolve("ids.npy"));
    }

    /** Runs a job from {@code source} into a FaissSink; returns its summary. */
    static JobSummary run(NpySourceSpec source, FaissWriteSpec spec, RunOptions options) throws IOException {
        Path ledgerFile = spec.path().resolveSibling(spec.path().getFileName() + ".ledger");
        try (NpySource npy = NpySource.open(source);
             FaissSink sink = new FaissSink(spec, npy, options);
             Ledger ledger = Ledger.open(ledgerFile, spec.path().toString(), false)) {
            return new JobRunner(npy, sink, ledger, options, ProgressListener.NONE).run();
        } finally {
            java.nio.file.Files.deleteIfExists(ledgerFile);
        }
    }

    /** faiss reads {@code file} and finds it right for {@code kind}; fails the test with faiss's reasons otherwise. */
    static void checkWithFaiss(String kind, String metric, Path file, Path dir) {
        TestEnvironment.runFixtureScript("faiss_writer_fixtures.py", "check", kind, metric, file.toString(), dir.toString());
    }

    static String metricName(FaissWriteSpec.Metric metric) {
        return switch (metric) {
            case L2 -> "l2";
            case INNER_PRODUCT -> "ip";
            case HAMMING -> "hamming";
        };
    }
}
