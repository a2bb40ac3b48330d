package io.milvusdm.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.database.request.DescribeDatabaseReq;
import io.milvus.v2.service.partition.request.ListPartitionsReq;
import io.milvusdm.milvus.MilvusTarget;
import io.milvusdm.milvus.WriteMode;
import io.milvusdm.milvus.source.MilvusSourceException;
import io.milvusdm.pipeline.JobSummary;
import io.milvusdm.pipeline.ProgressListener;
import io.milvusdm.pipeline.RunOptions;
import io.milvusdm.testing.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Milvus 2.x → Milvus 2.x between two real Milvus Lite 3.2.2 servers (source {@code -Dmilvusdm.it.uri}, target
 * {@code -Dmilvusdm.it.uri2}), Milvus 2.6 types included (GEOMETRY, TIMESTAMPTZ, BM25 full-text search),
 * collections without a dense vector field (BM25 only, sparse vectors only), and binary vectors on Milvus 2.3.5. Collections are built and compared entity by
 * entity, field by field, by pymilvus (scripts/fixtures/milvus2x_fixtures.py), independently of milvusdm's code.
 */
class MilvusCopyIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String P = "mc" + ProcessHandle.current().pid();
    private static MilvusClientV2 target;

    @TempDir
    Path dir;

    @BeforeAll
    static void createSources() {
        TestEnvironment.runFixtureScript("milvus2x_fixtures.py", "create", TestEnvironment.milvusUri(), P);
        target = new MilvusClientV2(ConnectConfig.builder().uri(TestEnvironment.milvusUri2()).build());
    }

    @AfterAll
    static void close() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void copies_every_field_type_schema_and_index_between_two_servers() throws IOException {
        MilvusCopyJob job = job(List.of(P + "_rich", P + "_keyed", P + "_auto"), List.of(), WriteMode.OVERWRITE, List.of());

        List<MilvusCopy.UnitResult> results = run(job);

        // in name order; rich: its three partitions one unit each; keyed: one unit (partition key)
        assertThat(results).extracting(r -> r.unit().describe()).containsExactly(
                "default." + P + "_auto/_default → default." + P + "_auto",
                "default." + P + "_keyed → default." + P + "_keyed",
                "default." + P + "_rich/_default → default." + P + "_rich",
                "default." + P + "_rich/p1 → default." + P + "_rich/p1",
                "default." + P + "_rich/p2 → default." + P + "_rich/p2");
        assertThat(results).allSatisfy(r -> {
            assertThat(r.summary().status()).isEqualTo(JobSummary.Status.DONE);
            assertThat(r.duplicateKeyRows()).isZero();
            assertThat(r.skippedFields()).isEmpty();
        });
        assertThat(results.stream().skip(2).mapToLong(r -> r.summary().rowsWritten()).sum()).isEqualTo(237);
        assertSameEntities("default." + P + "_rich", "default." + P + "_rich", 237, false);
        assertSameEntities("default." + P + "_keyed", "default." + P + "_keyed", 60, false);
        assertSameEntities("default." + P + "_auto", "default." + P + "_auto", 60, true);
        assertThat(target.listPartitions(ListPartitionsReq.builder().collectionName(P + "_rich").build()))
                .contains("_default", "p1", "p2");
    }

    @Test
    void selects_by_wildcards_renames_databases_filters_and_merges() throws IOException {
        List<CollectionRule> rules = List.of(
                rule(P + "_m*", P + "_merged.both", null, null, Map.of()),
                rule(P + "_shop.coll_a", "default." + P + "_renamed", "year >= 2000", null, Map.of()));
        MilvusCopyJob job = job(List.of(P + "_shop.coll_*", P + "_m1", P + "_m2"), List.of("*.coll_tmp"),
                WriteMode.OVERWRITE, rules);

        List<MilvusCopy.UnitResult> results = run(job);

        assertThat(results).extracting(r -> r.unit().describe()).containsExactly(
                "default." + P + "_m1/_default → " + P + "_merged.both",
                "default." + P + "_m2/_default → " + P + "_merged.both",
                P + "_shop.coll_a/_default → default." + P + "_renamed",
                P + "_shop.coll_b/_default → " + P + "_shop.coll_b");
        assertThat(results).allSatisfy(r -> assertThat(r.summary().status()).isEqualTo(JobSummary.Status.DONE));
        // the second source was appended to the first, not written over it
        assertThat(count(P + "_merged", "both")).isEqualTo(120);
        assertThat(count("default", P + "_renamed")).isEqualTo(40);
        assertSameEntities(P + "_shop.coll_b", P + "_shop.coll_b", 60, false);
        MilvusClientV2 shop = client(TestEnvironment.milvusUri2(), P + "_shop");
        try {
            assertThat(shop.listCollections().getCollectionNames()).contains("coll_b").doesNotContain("coll_tmp", "coll_a");
        } finally {
            shop.close();
        }
    }

    @Test
    void partition_modes_win_over_the_collection_mode() throws IOException {
        String name = P + "_rich";
        run(job(List.of(name), List.of(), WriteMode.OVERWRITE, List.of(rule(name, name + "_pm", null, null, Map.of()))));

        List<MilvusCopy.UnitResult> again = run(job(List.of(name), List.of(), WriteMode.SKIP,
                List.of(rule(name, name + "_pm", null, null, Map.of("p2", WriteMode.OVERWRITE)))));

        assertThat(again).extracting(r -> r.summary().status()).containsExactly(
                JobSummary.Status.SKIPPED, JobSummary.Status.SKIPPED, JobSummary.Status.DONE);
        assertSameEntities("default." + name, "default." + name + "_pm", 237, false);
    }

    @Test
    void an_incompatible_merge_fails_naming_the_field_and_writes_nothing() {
        MilvusCopyJob job = job(List.of(P + "_m1", P + "_m3"), List.of(), WriteMode.APPEND,
                List.of(rule(P + "_m*", P + "_never", null, null, Map.of())));

        assertThatThrownBy(() -> run(job)).isInstanceOf(MilvusSourceException.class)
                .hasMessageContaining("Cannot merge collections 'default." + P + "_m1' and 'default." + P + "_m3'")
                .hasMessageContaining("field 'year': Int64 in 'default." + P + "_m1', Int32 in 'default." + P + "_m3'");
        assertThat(target.listCollections().getCollectionNames()).doesNotContain(P + "_never");
    }

    @Test
    void unknown_collections_databases_and_servers_are_named() {
        assertThatThrownBy(() -> run(job(List.of(P + "_nope"), List.of(), WriteMode.APPEND, List.of())))
                .isInstanceOf(MilvusSourceException.class)
                .hasMessageContaining("Collection '" + P + "_nope'").hasMessageContaining("does not exist in database 'default'")
                .hasMessageContaining(P + "_rich");
        assertThatThrownBy(() -> run(job(List.of("nodb_" + P + ".*"), List.of(), WriteMode.APPEND, List.of())))
                .isInstanceOf(MilvusSourceException.class)
                .hasMessageContaining("Database 'nodb_" + P + "'").hasMessageContaining("the databases there: ")
                .hasMessageContaining(P + "_shop");
        MilvusCopyJob unreachable = new MilvusCopyJob(dir.resolve("job.yaml"),
                new Destination(MilvusTarget.of("http://127.0.0.1:1"), null),
                new Destination(MilvusTarget.of(TestEnvironment.milvusUri2()), null),
                List.of(NamePattern.parse("*", "default")), List.of(), WriteMode.APPEND, List.of(), null, null);
        assertThatThrownBy(() -> run(unreachable)).hasMessageContaining("Cannot connect to Milvus at http://127.0.0.1:1");
    }

    @Test
    void binary_vectors_partitions_descriptions_consistency_and_index_params_copy_on_milvus_2_3() throws IOException {
        String uri = TestEnvironment.milvusAuthUri();
        String token = TestEnvironment.AUTH_USER + ":" + TestEnvironment.AUTH_PASSWORD;
        TestEnvironment.runFixtureScript("milvus2x_fixtures.py", "create", uri, P, "--binary", "--token", token);
        MilvusTarget server = new MilvusTarget(uri, TestEnvironment.AUTH_USER, TestEnvironment.AUTH_PASSWORD, null,
                null, false, null, null, null, null);
        MilvusCopyJob job = new MilvusCopyJob(dir.resolve("bin.yaml"), new Destination(server, null),
                new Destination(server, null), List.of(NamePattern.parse(P + "_bin", "default")), List.of(),
                WriteMode.OVERWRITE, List.of(rule(P + "_bin", P + "_bin_copy", null, null, Map.of())), null, null);

        List<MilvusCopy.UnitResult> results = run(job);

        assertThat(results).extracting(r -> r.summary().rowsWritten()).containsExactly(50L, 40L);
        JsonNode compared = compare(uri, "default." + P + "_bin", uri, "default." + P + "_bin_copy", false, token);
        assertThat(compared.get("problems")).isEmpty();
        assertThat(compared.get("rows").asInt()).isEqualTo(90);
    }

    @Test
    void geometry_and_timestamptz_copy_with_nulls_defaults_time_zones_and_the_database_timezone() throws IOException {
        String places = P + "_tz." + P + "_places";

        List<MilvusCopy.UnitResult> results = run(job(List.of(places), List.of(), WriteMode.OVERWRITE, List.of()));

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.summary().rowsWritten()).isEqualTo(90);
            assertThat(r.skippedFields()).isEmpty();
        });
        // geometry compared as shapes with exact coordinates, timestamps as UTC microseconds; schema, defaults,
        // nullability and the collection's properties (timezone, TTL, mmap) too
        assertSameEntities(places, places, 90, false);
        assertThat(target.describeDatabase(DescribeDatabaseReq.builder().databaseName(P + "_tz").build())
                .getProperties()).containsEntry("timezone", "America/Sao_Paulo");
    }

    @Test
    void a_filter_on_geometry_and_timestamptz_fields_goes_to_the_source_as_written() throws IOException {
        String places = P + "_tz." + P + "_places";
        String filter = "ST_WITHIN(location, 'POLYGON ((-180 -90, 0 -90, 0 90, -180 90, -180 -90))')"
                + " or seen_at >= ISO '2024-06-01T00:00:00+02:00'";

        run(job(List.of(places), List.of(), WriteMode.OVERWRITE,
                List.of(rule(places, P + "_tz.filtered", filter, null, Map.of()))));

        JsonNode compared = JSON.readTree(TestEnvironment.runFixtureScript("milvus2x_fixtures.py", "compare",
                TestEnvironment.milvusUri(), places, TestEnvironment.milvusUri2(), P + "_tz.filtered",
                "--source-filter", filter));
        assertThat(compared.get("problems")).as(compared.toString()).isEmpty();
        assertThat(compared.get("rows").asInt()).isBetween(1, 89);
    }

    @Test
    void a_bm25_collection_copies_with_its_analyzer_and_full_text_search_works_on_the_target() throws IOException {
        String fts = "default." + P + "_fts";

        run(job(List.of(fts), List.of(), WriteMode.OVERWRITE, List.of()));

        assertSameEntities(fts, fts, 30, false);
        JsonNode before = JSON.readTree(TestEnvironment.runFixtureScript("milvus2x_fixtures.py", "search",
                TestEnvironment.milvusUri(), fts, "lazy item7"));
        JsonNode after = JSON.readTree(TestEnvironment.runFixtureScript("milvus2x_fixtures.py", "search",
                TestEnvironment.milvusUri2(), fts, "lazy item7"));
        assertThat(after.get("top").asInt()).isEqualTo(7);
        assertThat(after.get("search")).isEqualTo(before.get("search"));
        assertThat(after.get("match")).isEqualTo(before.get("match"));
        assertThat(after.get("search").size()).isGreaterThan(1);
    }

    @Test
    void a_bm25_collection_without_a_dense_vector_copies_and_full_text_search_finds_the_same_hits() throws IOException {
        String fts = "default." + P + "_bm25only";

        List<MilvusCopy.UnitResult> results = run(job(List.of(fts), List.of(), WriteMode.OVERWRITE, List.of()));

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.summary().status()).isEqualTo(JobSummary.Status.DONE);
            assertThat(r.summary().rowsWritten()).isEqualTo(80);
            // the BM25 output is computed by the target from the copied text, not copied
            assertThat(r.skippedFields()).containsExactly("sparse (SparseFloatVector, a function's output)");
        });
        // text, nullable scalars, defaults, dynamic keys, and the target's BM25 output against the source's
        assertSameEntities(fts, fts, 80, false);
        String[] texts = {"lazy river item7", "Harbor COFFEE winter", "é"};
        JsonNode before = JSON.readTree(TestEnvironment.runFixtureScript("milvus2x_fixtures.py", "search",
                TestEnvironment.milvusUri(), fts, texts[0], texts[1], texts[2]));
        JsonNode after = JSON.readTree(TestEnvironment.runFixtureScript("milvus2x_fixtures.py", "search",
                TestEnvironment.milvusUri2(), fts, texts[0], texts[1], texts[2]));
        // the same hits with the same BM25 scores (the copy has the same texts, so the same statistics)
        assertThat(after).isEqualTo(before);
        assertThat(after.get(0).get("top").asInt()).as("item7's row").isEqualTo(5000 - 7 * 7);
        assertThat(after).allSatisfy(found -> assertThat(found.get("search").size()).isGreaterThan(1));
    }

    @Test
    void hand_filled_sparse_vectors_as_the_only_vectors_copy_bit_for_bit_in_small_batches() throws IOException {
        String sparse = "default." + P + "_sparseonly";

        // 4 KiB batches: a page is cut into many, each sparse column sliced at other rows
        List<MilvusCopy.UnitResult> results = run(job(List.of(sparse), List.of(), WriteMode.OVERWRITE, List.of()),
                new RunOptions(2, 4096, 16384, false));

        assertThat(results).extracting(r -> r.unit().describe()).containsExactly(
                sparse + "/_default → " + sparse, sparse + "/p1 → " + sparse + "/p1", sparse + "/p2 → " + sparse + "/p2");
        assertThat(results).extracting(r -> r.summary().rowsWritten()).containsExactly(49L, 49L, 50L);
        assertThat(results).allSatisfy(r -> assertThat(r.skippedFields()).isEmpty());
        // sparse vectors as their indices and the bits of every value; nulls, JSON, arrays, the schema and index
        assertSameEntities(sparse, sparse, 148, false);
    }

    @Test
    void the_default_partition_runs_first_and_no_overwrite_drops_what_the_job_wrote() throws IOException {
        String rich = "default." + P + "_rich";
        String copy = P + "_rich_order";
        // an existing target, and a rule listing the default partition last
        CollectionRule listed = new CollectionRule(NamePattern.parse(rich, "default"), copy, null, null,
                List.of("p2", "p1", "_default"), Map.of("_default", WriteMode.OVERWRITE, "p1", WriteMode.OVERWRITE),
                false);
        run(job(List.of(rich), List.of(), WriteMode.OVERWRITE, List.of(listed)));

        List<MilvusCopy.UnitResult> again = run(job(List.of(rich), List.of(), WriteMode.OVERWRITE, List.of(listed)));

        assertThat(again).extracting(r -> r.unit().describe()).containsExactly(
                rich + "/_default → default." + copy, rich + "/p2 → default." + copy + "/p2",
                rich + "/p1 → default." + copy + "/p1");
        assertThat(again).allSatisfy(r -> assertThat(r.summary().status()).isEqualTo(JobSummary.Status.DONE));
        // p1's own overwrite appended into the collection the default partition's unit had just recreated
        assertSameEntities(rich, "default." + copy, 237, false);
    }

    @Test
    void a_partition_overwrite_of_a_merged_source_appends_to_what_the_first_source_wrote() throws IOException {
        List<CollectionRule> rules = List.of(
                rule(P + "_m1", P + "_merged_twice", null, null, Map.of()),
                rule(P + "_m2", P + "_merged_twice", null, null, Map.of("_default", WriteMode.OVERWRITE)));

        List<MilvusCopy.UnitResult> results = run(job(List.of(P + "_m1", P + "_m2"), List.of(), WriteMode.OVERWRITE,
                rules));

        assertThat(results).allSatisfy(r -> assertThat(r.summary().status()).isEqualTo(JobSummary.Status.DONE));
        assertThat(count("default", P + "_merged_twice")).as("m2's overwrite did not drop m1's rows").isEqualTo(120);
    }

    // ---- helpers

    private List<MilvusCopy.UnitResult> run(MilvusCopyJob job) throws IOException {
        return run(job, RunOptions.of(2, RunOptions.DEFAULT_BATCH_BYTES, false));
    }

    private List<MilvusCopy.UnitResult> run(MilvusCopyJob job, RunOptions options) throws IOException {
        if (!java.nio.file.Files.exists(job.jobFile())) {
            java.nio.file.Files.writeString(job.jobFile(), "# " + job.include());
        }
        List<MilvusCopy.UnitResult> results = new ArrayList<>();
        new MilvusCopy(job, Map.of()).run(options, UnitJournal.Rerun.AUTO, unit -> ProgressListener.NONE,
                results::add);
        return results;
    }

    private MilvusCopyJob job(List<String> include, List<String> exclude, WriteMode mode, List<CollectionRule> rules) {
        return new MilvusCopyJob(dir.resolve("job.yaml"),
                new Destination(MilvusTarget.of(TestEnvironment.milvusUri()), null),
                new Destination(MilvusTarget.of(TestEnvironment.milvusUri2()), null),
                include.stream().map(p -> NamePattern.parse(p, "default")).toList(),
                exclude.stream().map(p -> NamePattern.parse(p, "default")).toList(), mode, rules, null, null);
    }

    private static CollectionRule rule(String match, String to, String filter, WriteMode mode,
                                       Map<String, WriteMode> partitionModes) {
        return new CollectionRule(NamePattern.parse(match, "default"), to, filter, mode, null, partitionModes, false);
    }

    private static void assertSameEntities(String source, String copy, int rows, boolean byFields) {
        JsonNode compared = compare(TestEnvironment.milvusUri(), source, TestEnvironment.milvusUri2(), copy, byFields, null);
        assertThat(compared.get("problems")).as(compared.toString()).isEmpty();
        assertThat(compared.get("rows").asInt()).isEqualTo(rows);
    }

    private static JsonNode compare(String sourceUri, String source, String targetUri, String copy, boolean byFields,
                                    String token) {
        List<String> args = new ArrayList<>(List.of("compare", sourceUri, source, targetUri, copy));
        if (byFields) {
            args.add("--by-fields");
        }
        if (token != null) {
            args.addAll(List.of("--token", token));
        }
        try {
            return JSON.readTree(TestEnvironment.runFixtureScript("milvus2x_fixtures.py", args.toArray(String[]::new)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long count(String db, String collection) {
        MilvusClientV2 c = client(TestEnvironment.milvusUri2(), db);
        try {
            return (Long) c.query(io.milvus.v2.service.vector.request.QueryReq.builder().collectionName(collection)
                    .outputFields(List.of("count(*)"))
                    .consistencyLevel(io.milvus.v2.common.ConsistencyLevel.STRONG).build())
                    .getQueryResults().get(0).getEntity().get("count(*)");
        } finally {
            c.close();
        }
    }

    private static MilvusClientV2 client(String uri, String db) {
        return new MilvusClientV2(ConnectConfig.builder().uri(uri).dbName(db).build());
    }
}
