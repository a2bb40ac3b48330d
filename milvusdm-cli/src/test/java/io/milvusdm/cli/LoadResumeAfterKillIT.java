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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a running {@code milvusdm load} (batched inserts into Milvus Lite) once its load ledger records a few
 * committed splits, then finishes it with {@code load --resume}: the collection must hold every row of the dump
 * exactly once, bit-exact.
 */
class LoadResumeAfterKillIT {

    private static final int ROWS = 120_000;
    private static final int DIM = 64;

    @TempDir
    Path dir;

    @Test
    void a_load_killed_midway_resumes_to_the_exact_rows() throws Exception {
        TestEnvironment.runFixtureScript("hdf5_fixtures.py", "--out", dir.toString(), "--rows",
                Integer.toString(ROWS), "--dim", Integer.toString(DIM), "bench");
        Path data = dir.resolve("bench/contiguous.h5");
        try (MilvusItSupport milvus = new MilvusItSupport()) {
            String collection = milvus.freshCollection("load_kill");
            Path config = dir.resolve("migration.yaml");
            Files.writeString(config, """
                    dumper:
                      worker: {workMode: hdf5, limit: 2}
                    loader:
                      worker: {limit: 2}
                    source:
                      mode: local
                      local: {hdf5Files: [%s]}
                    target:
                      create: {collection: {name: %s, dim: %d, metricType: L2}}
                      mode: local
                      local: {outputDir: %s}
                      milvus2x: {endpoint: '%s'}
                    """.formatted(data, collection, DIM, dir.resolve("out"),
                    TestEnvironment.milvusUri().replace("http://", "")));
            CliRun dump = CliRun.run(Map.of(), "dump", "--config", config.toString(), "--chunk-bytes", "1MB",
                    "--no-progress");
            assertThat(dump.exitCode()).as(dump.toString()).isEqualTo(ExitCodes.OK);

            Process process = startLoad(config);
            Path ledger = config.resolveSibling(config.getFileName() + ".load-" + collection + ".ledger");
            int committed = awaitCommits(ledger, 4, process);
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            assertThat(committed).as("splits committed before the kill").isGreaterThanOrEqualTo(4);
            assertThat(milvus.count(collection)).as("rows before resume").isLessThan(ROWS);

            CliRun resumed = CliRun.run(Map.of(), "load", "--config", config.toString(), "--resume", "--no-progress");

            assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(ExitCodes.OK);
            assertThat(resumed.out()).contains("were loaded by an earlier run",
                    "rows in target: 120,000 (expected 120,000 from the manifest)");
            assertEveryRowMatches(milvus, collection, data);
            milvus.drop(collection);
        }
    }

    private static Process startLoad(Path config) throws IOException {
        Path jar = TestEnvironment.projectRoot().resolve("milvusdm-cli/target/milvusdm.jar");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-jar", jar.toString(), "load", "--config", config.toString(),
                "--no-progress").redirectErrorStream(true)
                .redirectOutput(config.resolveSibling("first-load.log").toFile()).start();
    }

    /** Waits until the ledger records {@code wanted} committed splits (or the process ends); returns how many. */
    private static int awaitCommits(Path ledger, int wanted, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && process.isAlive()) {
            int commits = commits(ledger);
            if (commits >= wanted) {
                return commits;
            }
            Thread.sleep(20);
        }
        return commits(ledger);
    }

    private static int commits(Path ledger) throws IOException {
        return Files.exists(ledger)
                ? (int) Files.readAllLines(ledger).stream().filter(line -> line.startsWith("C ")).count() : 0;
    }

    private static void assertEveryRowMatches(MilvusItSupport milvus, String collection, Path data)
            throws IOException {
        assertThat(milvus.count(collection)).isEqualTo(ROWS);
        Set<Long> seen = new HashSet<>();
        try (Hdf5Source source = Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(data), false))) {
            for (Split split : source.splits(8L << 20)) {
                try (BatchReader reader = source.open(split, 4L << 20)) {
                    for (VectorBatch batch = reader.next(); batch != null; batch = reader.next()) {
                        long[] ids = ((PrimaryKeys.Int64Keys) batch.keys()).values();
                        float[] values = ((FloatVectors) batch.vectors()).values();
                        Map<Object, int[]> rows = milvus.readRawBitsByIds(collection, null, ids, "data");
                        assertThat(rows).hasSize(ids.length);
                        for (int i = 0; i < ids.length; i++) {
                            assertThat(rows.get(ids[i])).as("id %d", ids[i])
                                    .containsExactly(MilvusItSupport.rawBits(values, i * DIM, DIM));
                            seen.add(ids[i]);
                        }
                    }
                }
            }
        }
        assertThat(seen).hasSize(ROWS);
    }
}
