package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvusdm.pipeline.CrashPoints;
import io.milvusdm.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code milvusdm migrate} (Milvus 2.x → Milvus 2.x, Milvus Lite {@code -Dmilvusdm.it.uri} into Milvus Lite
 * {@code -Dmilvusdm.it.uri2}) run as a process of its own and halted like {@code kill -9} at an exact place by the
 * test-only crash point {@link CrashPoints} ({@code -Dmilvusdm.test.halt}); then the same command runs again, in
 * process, and the copy is compared with its source entity by entity, field by field, and schema by schema by
 * pymilvus (scripts/fixtures/milvus2x_fixtures.py compare), independently of milvusdm's code.
 *
 * <p>The source has three partitions (units); the halt lands in the second, mid-way, after every batch of a split
 * was acknowledged and before the split was committed, so the target holds rows the ledgers do not record.
 */
class MigrateResumeAfterKillIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String P = "mrk" + ProcessHandle.current().pid();
    private static final String KEYED = P + "_keyed";
    private static final String AUTO = P + "_auto";
    private static final int ROWS = 12_000;
    private static final int AUTO_ROWS = 6_000;
    /**
     * Splits of 8 batches of 16 KB (334 rows as milvusdm sizes these rows): the default partition's 1,200 rows make 4
     * splits, p1's 7,200 rows 22; the tenth split written is p1's sixth.
     */
    private static final int HALT_IN_P1 = 10;
    /** The auto-id source's default partition (600 rows) makes 2 splits: the sixth split written is p1's fourth. */
    private static final int HALT_IN_AUTO_P1 = 6;

    private static MilvusClientV2 target;

    @TempDir
    Path dir;

    @BeforeAll
    static void createSources() {
        TestEnvironment.runFixtureScript("milvus2x_fixtures.py", "create-resume", TestEnvironment.milvusUri(), KEYED,
                Integer.toString(ROWS));
        TestEnvironment.runFixtureScript("milvus2x_fixtures.py", "create-resume", TestEnvironment.milvusUri(), AUTO,
                Integer.toString(AUTO_ROWS), "--auto-id");
        target = new MilvusClientV2(ConnectConfig.builder().uri(TestEnvironment.milvusUri2()).build());
    }

    @AfterAll
    static void dropAll() {
        MilvusClientV2 source = new MilvusClientV2(ConnectConfig.builder().uri(TestEnvironment.milvusUri()).build());
        try {
            for (String name : List.of(KEYED, AUTO)) {
                source.dropCollection(DropCollectionReq.builder().collectionName(name).build());
            }
        } finally {
            source.close();
        }
        if (target != null) {
            for (String name : target.listCollections().getCollectionNames()) {
                if (name.startsWith(P)) {
                    target.dropCollection(DropCollectionReq.builder().collectionName(name).build());
                }
            }
            target.close();
        }
    }

    @Test
    void a_migrate_killed_mid_partition_runs_again_to_every_entity_exactly_once() throws Exception {
        String copy = KEYED + "_append";
        Path job = job(KEYED, copy, "append");

        halt(job, CrashPoints.SPLIT_WRITTEN + ":" + HALT_IN_P1);

        UnitLedger defaultUnit = UnitLedger.of(job, KEYED, "_default");
        UnitLedger p1 = UnitLedger.of(job, KEYED, "p1");
        assertThat(defaultUnit.uncommitted()).as("the default partition's unit was finished").isZero();
        assertThat(p1.committed()).as("p1 committed splits").isPositive();
        assertThat(p1.uncommitted()).as("p1 splits started, not committed").isPositive();
        assertThat(UnitLedger.of(job, KEYED, "p2").exists()).as("p2 not started").isFalse();
        assertThat(partitionCount(copy, "p1")).as("rows in p1 beyond its committed splits: the halt left some")
                .isGreaterThan(p1.committedRows());

        CliRun again = CliRun.run(Map.of(), "migrate", "--job", job.toString(), "--no-progress");

        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.OK);
        assertThat(again.out()).contains("migrate: continuing the interrupted run recorded in " + job + ".ledger"
                        + " (1 unit finished by it)",
                                "migrate total: 3 units, 3 done, 0 skipped, 0 with a count mismatch",
                "rows in target: 7,200 (expected 7,200)");
        assertThat(again.out()).containsPattern("resumed: \\d+ of 22 splits were committed by an earlier run")
                .containsPattern("left unfinished written again with upsert \\(rows that had landed are replaced");
        assertSameEntities(KEYED, copy, ROWS, false);
    }

    @Test
    void a_migrate_killed_while_counting_at_the_end_runs_again_without_dropping_what_it_copied() throws Exception {
        String copy = KEYED + "_overwrite";
        Path job = job(KEYED, copy, "overwrite");

        // the second flush: the end of unit p1, after every split was committed
        halt(job, CrashPoints.FLUSHED + ":2");

        assertThat(UnitLedger.of(job, KEYED, "p1").uncommitted()).isZero();
        assertThat(UnitLedger.of(job, KEYED, "p2").exists()).isFalse();

        CliRun again = CliRun.run(Map.of(), "migrate", "--job", job.toString(), "--no-progress");

        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.OK);
        assertThat(again.out()).contains("continuing the interrupted run", "target: default." + copy
                        + " — finished by the interrupted run", "resuming into partition 'p1' of collection '" + copy + "'",
                "resumed: 22 of 22 splits were committed by an earlier run", "rows in target: 7,200 (expected 7,200)",
                "migrate total: 3 units, 3 done, 0 skipped, 0 with a count mismatch")
                .doesNotContain("dropped and recreated collection");
        assertSameEntities(KEYED, copy, ROWS, false);

        CliRun third = CliRun.run(Map.of(), "migrate", "--job", job.toString(), "--no-progress");

        // a finished run is not continued: mode overwrite copies afresh
        assertThat(third.exitCode()).as(third.toString()).isEqualTo(ExitCodes.OK);
        assertThat(third.out()).contains("dropped and recreated collection '" + copy + "'")
                .doesNotContain("continuing the interrupted run");
        assertSameEntities(KEYED, copy, ROWS, false);
    }

    @Test
    void an_auto_id_copy_killed_mid_partition_is_cleared_and_copied_again_exactly() throws Exception {
        String copy = AUTO + "_copy";
        Path job = job(AUTO, copy, "append");

        halt(job, CrashPoints.SPLIT_WRITTEN + ":" + HALT_IN_AUTO_P1);

        UnitLedger p1 = UnitLedger.of(job, AUTO, "p1");
        assertThat(p1.uncommitted()).isPositive();
        assertThat(partitionCount(copy, "p1")).isGreaterThan(p1.committedRows());

        CliRun again = CliRun.run(Map.of(), "migrate", "--job", job.toString(), "--no-progress");

        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.OK);
        assertThat(again.out()).contains("the target held only this job's rows and generates its keys, so they were"
                + " deleted and every split is written again", "rows in target: 3,600 (expected 3,600)");
        assertSameEntities(AUTO, copy, AUTO_ROWS, true);
    }

    @Test
    void an_auto_id_copy_killed_after_clearing_the_target_clears_it_again_and_copies_every_row_exactly()
            throws Exception {
        String copy = AUTO + "_cleared";
        Path job = job(AUTO, copy, "append");
        halt(job, CrashPoints.SPLIT_WRITTEN + ":" + HALT_IN_AUTO_P1);
        UnitLedger p1 = UnitLedger.of(job, AUTO, "p1");
        long committedBefore = p1.committedRows();
        assertThat(committedBefore).isPositive();

        // the second run records the restart, deletes p1's rows, and is killed before recording the delete done
        halt(job, CrashPoints.TARGET_CLEARED + ":1");

        assertThat(partitionCount(copy, "p1")).isZero();
        assertThat(p1.entries("R")).as("one restart entry, still clearing").hasSize(1)
                .allSatisfy(fields -> assertThat(fields).contains("clearing"));
        assertThat(p1.entries("K")).isEmpty();
        List<String> lines = Files.readAllLines(p1.path());
        assertThat(lines.get(lines.size() - 1)).as("nothing after the restart").startsWith("R ");

        CliRun again = CliRun.run(Map.of(), "migrate", "--job", job.toString(), "--no-progress");

        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.OK);
        assertThat(again.out()).contains("the interrupted run was clearing the target to start over",
                "rows in target: 3,600 (expected 3,600)");
        assertSameEntities(AUTO, copy, AUTO_ROWS, true);
    }

    @Test
    void an_auto_id_target_that_lost_rows_since_the_kill_is_refused_with_advice_to_restart() throws Exception {
        String copy = AUTO + "_lost";
        Path job = job(AUTO, copy, "append");
        halt(job, CrashPoints.SPLIT_WRITTEN + ":" + HALT_IN_AUTO_P1);
        assertThat(UnitLedger.of(job, AUTO, "p1").committedRows()).isPositive();
        target.delete(DeleteReq.builder().collectionName(copy).partitionName("p1").filter("id >= 0 or id < 0")
                .build());
        assertThat(partitionCount(copy, "p1")).isZero();

        CliRun again = CliRun.run(Map.of(), "migrate", "--job", job.toString(), "--no-progress");

        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(again.err()).contains("Cannot resume into partition 'p1' of collection '" + copy + "'",
                "--restart");
        assertThat(partitionCount(copy, "p1")).as("nothing written on a refused resume").isZero();
    }

    // ---- helpers

    private Path job(String source, String copy, String mode) throws IOException {
        Path job = dir.resolve("job.yaml");
        Files.writeString(job, """
                version: 1
                source: {uri: '%s'}
                target: {uri: '%s'}
                collections:
                  include: [%s]
                  mode: %s
                  rules:
                    - {match: %s, to: %s}
                run:
                  workers: 2
                  batch_bytes: 16KB
                """.formatted(TestEnvironment.milvusUri(), TestEnvironment.milvusUri2(), source, mode, source, copy));
        return job;
    }

    private static void halt(Path job, String point) throws Exception {
        HaltedRun.haltAt(point, job.resolveSibling("first-run.log"), "migrate", "--job", job.toString(),
                "--no-progress");
    }

    /** Rows of one partition of the target, counted as milvusdm counts them on Milvus Lite. */
    private static long partitionCount(String collection, String partition) {
        Object count = target.query(QueryReq.builder().collectionName(collection).partitionNames(List.of(partition))
                .filter("id >= 0 or id < 0").outputFields(List.of("count(*)"))
                .consistencyLevel(ConsistencyLevel.STRONG).build()).getQueryResults().get(0).getEntity().get("count(*)");
        return ((Number) count).longValue();
    }

    private static void assertSameEntities(String source, String copy, int rows, boolean byFields) throws IOException {
        List<String> args = new ArrayList<>(List.of("compare", TestEnvironment.milvusUri(), "default." + source,
                TestEnvironment.milvusUri2(), "default." + copy));
        if (byFields) {
            args.add("--by-fields");
        }
        JsonNode compared = JSON.readTree(TestEnvironment.runFixtureScript("milvus2x_fixtures.py",
                args.toArray(String[]::new)));
        assertThat(compared.get("problems")).as(compared.toString()).isEmpty();
        assertThat(compared.get("rows").asInt()).isEqualTo(rows);
    }

    /** A unit's ledger as the halted process left it: splits started, committed, and their rows. */
    private record UnitLedger(Path path) {

        static UnitLedger of(Path job, String collection, String partition) {
            return new UnitLedger(job.resolveSibling(job.getFileName() + ".default." + collection + "." + partition
                    + ".ledger"));
        }

        boolean exists() {
            return Files.exists(path);
        }

        List<String[]> entries(String kind) throws IOException {
            return Files.readAllLines(path).stream().filter(line -> line.startsWith(kind + " "))
                    .map(line -> line.split(" ")).toList();
        }

        int committed() throws IOException {
            return entries("C").size();
        }

        int uncommitted() throws IOException {
            return entries("S").size() - committed();
        }

        long committedRows() throws IOException {
            return entries("C").stream().mapToLong(fields -> Long.parseLong(fields[2])).sum();
        }
    }
}
