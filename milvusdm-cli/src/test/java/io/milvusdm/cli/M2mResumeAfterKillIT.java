package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusdm.milvus.MilvusItSupport;
import io.milvusdm.pipeline.CrashPoints;
import io.milvusdm.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MilvusDM's M2M job ({@code milvusdm --yaml M2M.yaml}, a Milvus 1.x directory into the Milvus Lite of
 * {@code -Dmilvusdm.it.uri}) run as a process of its own and halted like {@code kill -9} at an exact place by the
 * test-only crash point {@link CrashPoints}; then the same command runs again, in process, and every partition must
 * hold its source rows exactly once, bit for bit. The source (scripts/fixtures/milvus1x_fixtures.py, case
 * {@code resume}) is collection {@code res_f}: a default partition of 1,497 live rows (2 splits of 8 batches of 8 KB),
 * p1 of 5,996 (8 splits), p2 of 2,500 (3 splits).
 */
class M2mResumeAfterKillIT {

    private static final String COLLECTION = "res_f";
    private static final String[] TAGS = {"_default", "p1", "p2"};

    @TempDir
    static Path fixtures;

    @TempDir
    Path dir;

    private static MilvusItSupport milvus;
    private static Path source;

    @BeforeAll
    static void setUp() {
        Milvus1xExpected.write(fixtures, "resume");
        source = fixtures.resolve("resume");
        milvus = new MilvusItSupport();
    }

    @AfterAll
    static void tearDown() {
        milvus.close();
    }

    @BeforeEach
    @AfterEach
    void dropTarget() {
        milvus.drop(COLLECTION);
    }

    @Test
    void a_skip_job_killed_mid_partition_runs_again_to_every_row_exactly_once() throws Exception {
        Path job = job("skip");

        // the fifth split written is p1's third
        halt(job, CrashPoints.SPLIT_WRITTEN + ":5");

        assertThat(lines(job, "res_f.p1", "C ")).isPositive();
        assertThat(Files.exists(unitLedger(job, "p2"))).isFalse();
        CliRun again = CliRun.run(Map.of(), "--yaml", job.toString(), "--no-progress");

        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.OK);
        assertThat(again.out()).contains("M2M: continuing the interrupted run recorded in " + job + ".ledger (1 unit"
                        + " finished by it)", "M2M res_f/_default done", "finished by the interrupted run",
                "resuming into partition 'p1' of collection 'res_f'",
                "written again with upsert (rows that had landed are replaced, not repeated)",
                "rows in target: 5,996 (expected 5,996)",
                "created partition 'p2' in collection 'res_f'", "rows in target: 2,500 (expected 2,500)",
                "M2M total: 3 units, 3 done, 0 skipped, 0 with a count mismatch");
        assertEveryUnit();
    }

    @Test
    void a_job_killed_after_creating_a_partition_and_before_writing_does_not_skip_it_when_run_again()
            throws Exception {
        Path job = job("skip");

        // the second target prepared is p1's partition, just created
        halt(job, CrashPoints.TARGET_PREPARED + ":2");

        assertThat(milvus.client.hasPartition(io.milvus.v2.service.partition.request.HasPartitionReq.builder()
                .collectionName(COLLECTION).partitionName("p1").build())).isTrue();
        CliRun again = CliRun.run(Map.of(), "--yaml", job.toString(), "--no-progress");

        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.OK);
        assertThat(again.out()).contains("writing into partition 'p1' of collection 'res_f', which an interrupted run"
                + " of this job created", "M2M total: 3 units, 3 done, 0 skipped");
        assertEveryUnit();
    }

    @Test
    void an_overwrite_job_killed_while_counting_at_the_end_runs_again_without_dropping_anything() throws Exception {
        Path job = job("overwrite");

        // the first flush: the end of the default partition's unit
        halt(job, CrashPoints.FLUSHED + ":1");

        CliRun again = CliRun.run(Map.of(), "--yaml", job.toString(), "--no-progress");

        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.OK);
        assertThat(again.out()).contains("M2M: continuing the interrupted run recorded in " + job + ".ledger (0 units"
                        + " finished by it)", "resuming into collection 'res_f'", "rows in target: 1,497 (expected 1,497)",
                "resumed: 2 of 2 splits were committed by an earlier run", "M2M total: 3 units, 3 done")
                .doesNotContain("dropped and recreated");
        assertEveryUnit();
    }

    // ---- helpers

    private Path job(String mode) throws IOException {
        Path file = dir.resolve("M2M.yaml");
        Files.writeString(file, """
                M2M:
                  milvus_version: 2.x
                  source_milvus_path: %s
                  mysql_parameter:
                  source_collection: {res_f: []}
                  dest_uri: %s
                  mode: %s
                  batch_bytes: 8KB
                """.formatted(source, TestEnvironment.milvusUri(), mode));
        return file;
    }

    private static void halt(Path job, String point) throws Exception {
        HaltedRun.haltAt(point, job.resolveSibling("first-run.log"), "--yaml", job.toString(), "--no-progress");
    }

    private static Path unitLedger(Path job, String tag) {
        return job.resolveSibling(job.getFileName() + "." + COLLECTION + "." + tag + ".ledger");
    }

    private static long lines(Path job, String unit, String prefix) throws IOException {
        return Files.readAllLines(job.resolveSibling(job.getFileName() + "." + unit + ".ledger")).stream()
                .filter(line -> line.startsWith(prefix)).count();
    }

    /** Every partition holds exactly its source rows, by id, bit for bit, and the collection nothing else. */
    private static void assertEveryUnit() throws IOException {
        long total = 0;
        for (String tag : TAGS) {
            total += Milvus1xExpected.assertStored(milvus, source, COLLECTION, tag);
        }
        assertThat(milvus.count(COLLECTION)).as("rows in the collection, none twice").isEqualTo(total);
    }
}
