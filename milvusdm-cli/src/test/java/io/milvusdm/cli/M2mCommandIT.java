package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusdm.milvus.MilvusItSupport;
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
 * {@code milvusdm --yaml M2M.yaml} from a Milvus 1.x fixture directory into the Milvus that scripts/test started:
 * every unit's rows bit-exact in the partition of the same name, and mode skip applied per unit. The float
 * collection only (Milvus Lite has no binary vectors). Target names are the source's, so the collection is
 * {@code uniq_f} and {@code uniq_g}, dropped before and after each test.
 */
class M2mCommandIT {

    private static final String COLLECTION = "uniq_f";
    private static final String OTHER = "uniq_g";
    private static final String REPEATS = "dup_f";

    @TempDir
    static Path fixtures;

    @TempDir
    Path dir;

    private static MilvusItSupport milvus;
    private static Path source;

    @BeforeAll
    static void setUp() {
        Milvus1xExpected.write(fixtures, "unique", "dupes");
        source = fixtures.resolve("unique");
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
        milvus.drop(OTHER);
        milvus.drop(REPEATS);
    }

    private Path job(String sourceCollection, String mode) throws IOException {
        Path file = dir.resolve("M2M.yaml");
        Files.writeString(file, """
                M2M:
                  milvus_version: 2.x
                  source_milvus_path: %s
                  mysql_parameter:
                  source_collection: %s
                  dest_uri: %s
                  mode: %s
                  batch_bytes: 8KB
                """.formatted(source, sourceCollection, TestEnvironment.milvusUri(), mode));
        return file;
    }

    /** Every row of the source partition, by id, bit for bit, in the target partition of the same name. */
    private static void assertUnit(String tag) throws IOException {
        assertUnit(COLLECTION, tag);
    }

    private static void assertUnit(String collection, String tag) throws IOException {
        Milvus1xExpected.assertStored(milvus, source, collection, tag);
    }

    @Test
    void moves_every_partition_bit_exact_into_the_partition_of_the_same_name_with_a_ledger_per_unit()
            throws IOException {
        CliRun run = CliRun.run(Map.of(), "--yaml", job("{uniq_f: [], uniq_g: null}", "overwrite").toString(),
                "--no-progress");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        for (String tag : new String[] {"_default", "p1", "p2"}) {
            assertUnit(tag);
            assertThat(run.out()).contains("M2M uniq_f/" + tag + " done");
            assertThat(dir.resolve("M2M.yaml.uniq_f." + tag + ".ledger")).exists();
        }
        assertUnit(OTHER, "_default");
        assertThat(milvus.metricOf(OTHER)).isEqualTo("IP");
        assertThat(milvus.count(COLLECTION)).isEqualTo(447 + 68 + 30);
        assertThat(milvus.count(OTHER)).isEqualTo(25);
        assertThat(run.out()).contains("M2M total: 4 units, 4 done, 0 skipped, 0 with a count mismatch;"
                + " 570 rows read, 570 written");
    }

    @Test
    void skip_skips_only_the_units_that_exist_and_the_run_goes_on() throws IOException {
        CliRun first = CliRun.run(Map.of(), "--yaml", job("{uniq_f: [p1]}", "append").toString(), "--no-progress");
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.OK);
        assertUnit("p1");

        CliRun skip = CliRun.run(Map.of(), "--yaml", job("{uniq_f: []}", "skip").toString(), "--no-progress");

        assertThat(skip.exitCode()).as(skip.toString()).isEqualTo(ExitCodes.OK);
        assertThat(skip.out()).contains("M2M uniq_f/_default skipped", "M2M uniq_f/p1 skipped", "M2M uniq_f/p2 done",
                "M2M total: 3 units, 1 done, 2 skipped", "skipped units: uniq_f/_default, uniq_f/p1");
        assertUnit("p1");
        assertUnit("p2");
        assertThat(milvus.count(COLLECTION)).isEqualTo(68 + 30);
    }

    private Path repeatsJob(String extra) throws IOException {
        Path file = dir.resolve("M2M.yaml");
        Files.writeString(file, """
                M2M:
                  source_milvus_path: %s
                  mysql_parameter:
                  source_collection: {dup_f: []}
                  dest_uri: %s
                  mode: overwrite
                %s""".formatted(fixtures.resolve("dupes"), TestEnvironment.milvusUri(), extra));
        return file;
    }

    /** Milvus 1.x stored repeated ids; Milvus 2.x keeps one row per key: the pre-scan stops before any write. */
    @Test
    void repeated_ids_exit_2_before_the_target_is_touched() throws IOException {
        CliRun run = CliRun.run(Map.of(), "--yaml", repeatsJob("").toString(), "--no-progress");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("collection 'dup_f' (partitions _default, p1): 3 ids occur more than once",
                "e.g. id 101 at _default segment");
        assertThat(milvus.exists(REPEATS)).isFalse();
    }

    @Test
    void keep_last_writes_one_row_per_id_and_the_counts_agree() throws IOException {
        CliRun run = CliRun.run(Map.of(), "--yaml", repeatsJob("  duplicate_ids: keep_last\n").toString(),
                "--no-progress");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        byte[] kept = Files.readAllBytes(fixtures.resolve("dupes/expected/dup_f/keep_last.ids.bin"));
        assertThat(milvus.count(REPEATS)).isEqualTo(kept.length / Long.BYTES);
        assertThat(run.out()).contains("0 with a count mismatch");
    }
}
