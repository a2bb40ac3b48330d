package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusdm.format.hdf5.Hdf5Source;
import io.milvusdm.format.hdf5.Hdf5SourceSpec;
import io.milvusdm.milvus.MilvusItSupport;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a running {@code milvusdm} process mid-job, then finishes the job with {@code --resume}: the target
 * must hold every source row exactly once, bit-exact.
 */
class ResumeAfterKillIT {

    private static final int ROWS = 120_000;
    private static final int DIM = 64;

    @TempDir
    Path dir;

    @Test
    void resume_after_a_kill_leaves_no_duplicates_and_no_gaps() throws Exception {
        TestEnvironment.runFixtureScript("hdf5_fixtures.py", "--out", dir.toString(), "--rows",
                Integer.toString(ROWS), "--dim", Integer.toString(DIM), "bench");
        Path data = dir.resolve("bench/contiguous.h5");
        try (MilvusItSupport milvus = new MilvusItSupport()) {
            String collection = milvus.freshCollection("h2m_resume");
            Path job = dir.resolve("H2M.yaml");
            Files.writeString(job, """
                    H2M:
                      data_path: [%s]
                      dest_uri: %s
                      mode: overwrite
                      dest_collection_name: %s
                      dest_partition_name: ''
                      batch_bytes: 64KB
                      workers: 2
                    """.formatted(data, TestEnvironment.milvusUri(), collection));

            Process process = startCli(job);
            int committed = awaitCommits(JobLedgerFile.of(job), 4, process);
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            assertThat(committed).as("splits committed before the kill").isGreaterThanOrEqualTo(4);
            assertThat(milvus.count(collection)).as("rows before resume").isLessThan(ROWS);

            CliRun resumed = CliRun.run(Map.of(), "--yaml", job.toString(), "--resume", "--no-progress");

            assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(ExitCodes.OK);
            assertThat(resumed.out()).contains("rows in target: 120,000 (expected 120,000)", "resumed:");
            assertThat(milvus.count(collection)).isEqualTo(ROWS);
            assertEveryRowMatches(milvus, collection, data);
            milvus.drop(collection);
        }
    }

    private static Process startCli(Path job) throws IOException {
        Path jar = TestEnvironment.projectRoot().resolve("milvusdm-cli/target/milvusdm.jar");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-jar", jar.toString(), "--yaml", job.toString(), "--no-progress")
                .redirectErrorStream(true).redirectOutput(job.resolveSibling("first-run.log").toFile()).start();
    }

    /** Waits until the ledger records {@code wanted} committed splits (or the process ends); returns how many. */
    private static int awaitCommits(JobLedgerFile ledger, int wanted, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int commits = 0;
        while (System.nanoTime() < deadline && process.isAlive()) {
            commits = ledger.commits();
            if (commits >= wanted) {
                return commits;
            }
            Thread.sleep(20);
        }
        return ledger.commits();
    }

    private static void assertEveryRowMatches(MilvusItSupport milvus, String collection, Path data) throws IOException {
        try (Hdf5Source source = Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(data), false))) {
            List<Long> seen = new ArrayList<>();
            for (Split split : source.splits(8L << 20)) {
                try (BatchReader reader = source.open(split, 4L << 20)) {
                    VectorBatch batch;
                    while ((batch = reader.next()) != null) {
                        long[] ids = ((PrimaryKeys.Int64Keys) batch.keys()).values();
                        float[] values = ((FloatVectors) batch.vectors()).values();
                        Map<Object, int[]> rows = milvus.readRawBitsByIds(collection, null, ids);
                        assertThat(rows).hasSize(ids.length);
                        for (int i = 0; i < ids.length; i++) {
                            assertThat(rows.get(ids[i])).as("id %d", ids[i])
                                    .containsExactly(MilvusItSupport.rawBits(values, i * DIM, DIM));
                            seen.add(ids[i]);
                        }
                    }
                }
            }
            assertThat(seen).hasSize(ROWS).doesNotHaveDuplicates();
        }
    }

    /** Reads the committed-split count of a job's ledger as a running process writes it. */
    private record JobLedgerFile(Path path) {
        static JobLedgerFile of(Path job) {
            return new JobLedgerFile(job.resolveSibling(job.getFileName() + ".ledger"));
        }

        int commits() throws IOException {
            if (!Files.exists(path)) {
                return 0;
            }
            return (int) Files.readAllLines(path).stream().filter(line -> line.startsWith("C ")).count();
        }
    }
}
