package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.response.DescribeCollectionResp;
import io.milvusdm.format.npy.NpyReader;
import io.milvusdm.milvus.MilvusItSupport;
import io.milvusdm.storage.S3ObjectStore;
import io.milvusdm.storage.S3StoreOptions;
import io.milvusdm.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code milvusdm dump} then {@code milvusdm load} with milvus-migration configs, on sources faiss-cpu, h5py and
 * numpy wrote at test time, into the real servers scripts/test started: Milvus Lite (no bulk import: the files'
 * rows are inserted in batches, and the summary says so) and Milvus 2.3.5 (the v1 gRPC bulk import, reading the
 * dump from its local storage). Every row read back by id and compared bit for bit with what the source holds.
 */
class DumpLoadIT {

    private static final int ROWS = 3_000;
    private static final int DIM = 24;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path fixtures;

    @TempDir
    Path dir;

    private static MilvusItSupport lite;
    private static long[] expectedIds;
    private static float[] expectedVectors;

    @BeforeAll
    static void setUp() throws IOException {
        TestEnvironment.runFixtureScript("dump_fixtures.py", fixtures.toString(), String.valueOf(ROWS),
                String.valueOf(DIM), "5");
        expectedIds = new long[ROWS];
        expectedVectors = new float[ROWS * DIM];
        try (NpyReader ids = NpyReader.open(fixtures.resolve("expected_ids.npy"));
             NpyReader vectors = NpyReader.open(fixtures.resolve("expected_vectors.npy"))) {
            ids.readLongs(0, ROWS, expectedIds, 0);
            vectors.readFloats(0, ROWS, expectedVectors, 0);
        }
        lite = new MilvusItSupport();
    }

    @AfterAll
    static void tearDown() {
        lite.close();
    }

    private static String source(String workMode) {
        return switch (workMode) {
            case "faiss" -> "    faissFile: " + fixtures.resolve("ivf_flat.index");
            case "hdf5" -> "    hdf5Files: [" + fixtures.resolve("vectors.h5") + "]";
            default -> "    npyFile: " + fixtures.resolve("vectors.npy") + "\n    npyIdsFile: " + fixtures.resolve("ids.npy");
        };
    }

    private Path config(String workMode, String collection, String outputDir, String storageRoot, String milvus)
            throws IOException {
        Path file = dir.resolve("migration.yaml");
        Files.writeString(file, """
                dumper:
                  worker:
                    limit: 2
                    workMode: %s
                    reader:
                      bufferSize: 32
                loader:
                  worker:
                    limit: 2
                source:
                  mode: local
                  local:
                %s
                target:
                  create:
                    collection:
                      name: %s
                      shardsNums: 2
                      dim: %d
                      metricType: L2
                  mode: local
                  local:
                    outputDir: %s
                %s  milvus2x:
                %s
                """.formatted(workMode, source(workMode), collection, DIM, outputDir,
                storageRoot == null ? "" : "    milvusStorageRoot: " + storageRoot + "\n", milvus));
        return file;
    }

    private static void assertHoldsEverySourceRow(MilvusItSupport milvus, String collection) {
        Map<Object, int[]> rows = milvus.readRawBitsByIds(collection, null, expectedIds, "data");
        assertThat(milvus.count(collection)).isEqualTo(ROWS);
        assertThat(rows).hasSize(ROWS);
        Map<Object, int[]> expected = new HashMap<>();
        for (int i = 0; i < ROWS; i++) {
            expected.put(expectedIds[i], MilvusItSupport.rawBits(expectedVectors, i * DIM, DIM));
        }
        assertThat(rows.keySet()).isEqualTo(expected.keySet());
        for (Map.Entry<Object, int[]> row : expected.entrySet()) {
            assertThat(rows.get(row.getKey())).as("vector of id %s", row.getKey()).containsExactly(row.getValue());
        }
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({"faiss, parquet", "hdf5, npy", "npy, parquet", "faiss, npy"})
    void dump_then_load_into_milvus_lite_inserts_every_row_and_says_so(String workMode, String format)
            throws IOException {
        String collection = lite.freshCollection("dl_" + workMode);
        Path config = config(workMode, collection, dir.resolve("out").toString(), null,
                "    endpoint: " + TestEnvironment.milvusUri().replace("http://", ""));

        CliRun dump = CliRun.run(Map.of(), "dump", "--config", config.toString(), "--chunk-bytes", "40KB",
                "--format", format, "--no-progress", "--json");
        assertThat(dump.exitCode()).as(dump.toString()).isEqualTo(ExitCodes.OK);
        JsonNode dumped = JSON.readTree(dump.out());
        assertThat(dumped.path("rows").asLong()).isEqualTo(ROWS);
        assertThat(dumped.path("format").asText()).isEqualTo(format);
        assertThat(dumped.path("chunks").asInt()).isGreaterThanOrEqualTo(ROWS * (DIM * 4 + 8) / (40 * 1024));

        CliRun load = CliRun.run(Map.of(), "load", "--config", config.toString(), "--no-progress");

        assertThat(load.exitCode()).as(load.toString()).isEqualTo(ExitCodes.OK);
        assertThat(load.out()).contains("with batched inserts")
                .contains("bulk import not used: Milvus Lite (milvus_lite-")
                .contains("rows in target: 3,000 (expected 3,000 from the manifest)");
        assertHoldsEverySourceRow(lite, collection);

        CliRun again = CliRun.run(Map.of(), "load", "--config", config.toString(), "--no-progress");

        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.OK);
        assertThat(again.out()).contains("were loaded by an earlier run")
                .contains("rows in target: 3,000 (expected 3,000 from the manifest)");
        assertHoldsEverySourceRow(lite, collection);
    }

    @Test
    void load_modes_decide_what_happens_to_an_existing_collection() throws IOException {
        String collection = lite.freshCollection("dl_modes");
        String endpoint = "    endpoint: " + TestEnvironment.milvusUri().replace("http://", "");
        Path config = config("npy", collection, dir.resolve("out").toString(), null, endpoint);
        assertThat(CliRun.run(Map.of(), "dump", "--config", config.toString(), "--no-progress").exitCode())
                .isEqualTo(ExitCodes.OK);
        assertThat(CliRun.run(Map.of(), "load", "--config", config.toString(), "--no-progress").exitCode())
                .isEqualTo(ExitCodes.OK);
        // another config of the same dump and collection has no ledger of its own, so the mode applies
        Path other = Files.createDirectories(dir.resolve("other")).resolve("migration.yaml");
        Files.copy(config, other);

        CliRun fail = CliRun.run(Map.of(), "load", "--config", other.toString(), "--mode", "fail", "--no-progress");
        CliRun skip = CliRun.run(Map.of(), "load", "--config", other.toString(), "--mode", "skip", "--no-progress");
        long afterSkip = lite.count(collection);
        Files.deleteIfExists(dir.resolve("other/migration.yaml.load-" + collection + ".ledger"));
        CliRun overwrite = CliRun.run(Map.of(), "load", "--config", other.toString(), "--mode", "overwrite",
                "--no-progress");

        assertThat(fail.exitCode()).as(fail.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(fail.err()).contains("collection '" + collection + "' exists").contains("loader.mode is fail");
        assertThat(skip.exitCode()).as(skip.toString()).isEqualTo(ExitCodes.OK);
        assertThat(skip.out()).contains("skipped: collection '" + collection + "' exists");
        assertThat(afterSkip).isEqualTo(ROWS);
        assertThat(overwrite.exitCode()).as(overwrite.toString()).isEqualTo(ExitCodes.OK);
        assertThat(overwrite.out()).contains("dropped and recreated collection '" + collection + "'");
        assertHoldsEverySourceRow(lite, collection);
    }

    @Test
    void a_faiss_dump_milvus_migration_wrote_loads_without_a_manifest() throws IOException {
        String collection = lite.freshCollection("dl_mm_faiss");
        Path out = dir.resolve("mm-out");
        TestEnvironment.runFixtureScript("milvus_migration_layout.py", fixtures.toString(), out.toString(),
                collection, "faiss");
        Path config = config("faiss", collection, out.toString(), null,
                "    endpoint: " + TestEnvironment.milvusUri().replace("http://", ""));

        CliRun load = CliRun.run(Map.of(), "load", "--config", config.toString(), "--no-progress");

        assertThat(load.exitCode()).as(load.toString()).isEqualTo(ExitCodes.OK);
        assertThat(load.out()).contains("note: no manifest: milvus-migration's Faiss layout")
                .contains("no checksums were available")
                .contains("rows in target: 3,000 (expected 3,000 from the manifest)");
        assertHoldsEverySourceRow(lite, collection);
    }

    @Test
    void a_second_dump_of_the_same_source_is_recognised() throws IOException {
        Path config = config("npy", "dl_again", dir.resolve("out").toString(), null, "    endpoint: 127.0.0.1:1");

        CliRun first = CliRun.run(Map.of(), "dump", "--config", config.toString(), "--no-progress");
        CliRun second = CliRun.run(Map.of(), "dump", "--config", config.toString(), "--no-progress");

        assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.OK);
        assertThat(first.out()).startsWith("dump done: 3,000 rows of npy files");
        assertThat(second.exitCode()).as(second.toString()).isEqualTo(ExitCodes.OK);
        assertThat(second.out()).startsWith("dump skipped: " + dir.resolve("out/migration/dl_again")
                + " already holds a complete dump of npy files").contains("nothing was written");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"npy", "parquet"})
    void load_with_grpc_bulk_import_into_milvus_2_3_reads_the_dump_from_its_storage(String format)
            throws IOException {
        Path storage = TestEnvironment.milvusAuthStorageRoot();
        String token = TestEnvironment.AUTH_USER + ":" + TestEnvironment.AUTH_PASSWORD;
        try (MilvusItSupport full = new MilvusItSupport(TestEnvironment.milvusAuthUri(), token)) {
            String collection = full.freshCollection("dl_grpc_" + format);
            Path outputDir = storage.resolve("milvusdm-it-dumps").resolve(collection);
            Path config = config("faiss", collection, outputDir.toString(), storage.toString(), """
                        endpoint: %s
                        username: %s
                    """.formatted(TestEnvironment.milvusAuthUri().replace("http://", ""), TestEnvironment.AUTH_USER));
            Map<String, String> environment = Map.of("MILVUSDM_DEST_PASSWORD", TestEnvironment.AUTH_PASSWORD);

            CliRun dump = CliRun.run(environment, "dump", "--config", config.toString(), "--chunk-bytes", "160KB",
                    "--format", format, "--no-progress");
            assertThat(dump.exitCode()).as(dump.toString()).isEqualTo(ExitCodes.OK);
            CliRun load = CliRun.run(environment, "load", "--config", config.toString(), "--import", "grpc",
                    "--no-progress", "--json");

            assertThat(load.exitCode()).as(load.toString()).isEqualTo(ExitCodes.OK);
            JsonNode summary = JSON.readTree(load.out());
            assertThat(summary.path("method").asText()).isEqualTo("gRPC Import (v1)");
            assertThat(summary.path("chunks").asInt()).isGreaterThan(1);
            assertThat(summary.path("targetRows").asLong()).isEqualTo(ROWS);
            assertHoldsEverySourceRow(full, collection);
            DescribeCollectionResp described = full.client.describeCollection(
                    DescribeCollectionReq.builder().collectionName(collection).build());
            assertThat(described.getShardsNum()).isEqualTo(2);
            assertThat(described.getFieldNames()).containsExactly("id", "data");

            CliRun again = CliRun.run(environment, "load", "--config", config.toString(), "--no-progress");

            assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.OK);
            assertThat(again.out()).contains("were loaded by an earlier run").contains("rows in target: 3,000");
            assertHoldsEverySourceRow(full, collection);
        }
    }

    @Test
    void a_grpc_load_that_failed_midway_resumes_to_the_exact_rows() throws IOException {
        Path storage = TestEnvironment.milvusAuthStorageRoot();
        String token = TestEnvironment.AUTH_USER + ":" + TestEnvironment.AUTH_PASSWORD;
        try (MilvusItSupport full = new MilvusItSupport(TestEnvironment.milvusAuthUri(), token)) {
            String collection = full.freshCollection("dl_resume");
            Path outputDir = storage.resolve("milvusdm-it-dumps").resolve(collection);
            Path config = config("faiss", collection, outputDir.toString(), storage.toString(), """
                        endpoint: %s
                        username: %s
                    """.formatted(TestEnvironment.milvusAuthUri().replace("http://", ""), TestEnvironment.AUTH_USER));
            Map<String, String> environment = Map.of("MILVUSDM_DEST_PASSWORD", TestEnvironment.AUTH_PASSWORD);
            assertThat(CliRun.run(environment, "dump", "--config", config.toString(), "--chunk-bytes", "160KB",
                    "--format", "npy", "--no-progress").exitCode()).isEqualTo(ExitCodes.OK);
            // the server's import of the last chunk fails: its data.npy is broken where only the server reads it
            // (loader.verify is on, but the first run is told to skip checksums)
            Path lastChunk;
            try (var chunks = Files.list(outputDir.resolve("migration").resolve(collection))) {
                lastChunk = chunks.filter(Files::isDirectory).sorted().reduce((a, b) -> b).orElseThrow();
            }
            Path vectors = lastChunk.resolve("data.npy");
            byte[] good = Files.readAllBytes(vectors);
            byte[] broken = good.clone();
            broken[1] = 'X';
            Files.write(vectors, broken);
            Files.writeString(config, Files.readString(config).replace("loader:\n", "loader:\n  verify: false\n"));

            CliRun failed = CliRun.run(environment, "load", "--config", config.toString(), "--import", "grpc",
                    "--no-progress", "--json");
            Files.write(vectors, good);
            CliRun resumed = CliRun.run(environment, "load", "--config", config.toString(), "--resume",
                    "--no-progress", "--json");

            assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCodes.FAILED);
            assertThat(JSON.readTree(failed.out()).path("failures").get(0).path("chunk").asText())
                    .isEqualTo(lastChunk.getFileName().toString());
            assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(ExitCodes.OK);
            JsonNode summary = JSON.readTree(resumed.out());
            assertThat(summary.path("why").asText()).startsWith("auto: no REST v2 import (");
            assertThat(summary.path("notes").toString()).contains("an earlier run started it without seeing it load")
                    .contains("were loaded by an earlier run");
            assertThat(summary.path("targetRows").asLong()).isEqualTo(ROWS);
            assertHoldsEverySourceRow(full, collection);
        }
    }

    @Test
    void a_milvus1x_dump_milvus_migration_wrote_is_bulk_imported_segment_by_segment() throws IOException {
        Path storage = TestEnvironment.milvusAuthStorageRoot();
        String token = TestEnvironment.AUTH_USER + ":" + TestEnvironment.AUTH_PASSWORD;
        try (MilvusItSupport full = new MilvusItSupport(TestEnvironment.milvusAuthUri(), token)) {
            String collection = full.freshCollection("dl_mm_1x");
            Path outputDir = storage.resolve("milvusdm-it-dumps").resolve(collection);
            TestEnvironment.runFixtureScript("milvus_migration_layout.py", fixtures.toString(),
                    outputDir.toString(), collection, "milvus1x", "3");
            Path config = config("faiss", collection, outputDir.toString(), storage.toString(), """
                        endpoint: %s
                        username: %s
                    """.formatted(TestEnvironment.milvusAuthUri().replace("http://", ""), TestEnvironment.AUTH_USER));
            Map<String, String> environment = Map.of("MILVUSDM_DEST_PASSWORD", TestEnvironment.AUTH_PASSWORD);

            CliRun load = CliRun.run(environment, "load", "--config", config.toString(), "--no-progress", "--json");

            assertThat(load.exitCode()).as(load.toString()).isEqualTo(ExitCodes.OK);
            JsonNode summary = JSON.readTree(load.out());
            assertThat(summary.path("method").asText()).isEqualTo("gRPC Import (v1)");
            assertThat(summary.path("chunks").asInt()).isEqualTo(3);
            assertThat(summary.path("notes").toString()).contains("Milvus 1.x layout (3 segments)")
                    .contains("no checksums were available");
            assertHoldsEverySourceRow(full, collection);
        }
    }

    private Path bucketConfig(String collection, String bucket, String secretKey) throws IOException {
        Path file = dir.resolve("bucket.yaml");
        Files.writeString(file, """
                dumper:
                  worker: {workMode: faiss, limit: 2}
                source:
                  mode: local
                  local: {faissFile: %s}
                target:
                  create:
                    collection: {name: %s, dim: %d, metricType: L2}
                  mode: remote
                  remote:
                    outputDir: dumps/
                    cloud: aws
                    endpoint: %s
                    region: us-east-1
                    bucket: %s
                    ak: %s
                    useIAM: false
                    useSSL: false
                    checkBucket: true
                  milvus2x:
                    endpoint: %s
                """.formatted(fixtures.resolve("ivf_flat.index"), collection, DIM,
                TestEnvironment.s3Endpoint().replace("http://", ""), bucket, TestEnvironment.s3AccessKey(),
                TestEnvironment.milvusUri().replace("http://", "")));
        return file;
    }

    @Test
    void dump_to_a_bucket_then_load_from_it_moves_every_row() throws IOException {
        String bucket = "milvusdm-dl-" + ProcessHandle.current().pid();
        try (S3ObjectStore store = S3ObjectStore.open(S3StoreOptions.of(TestEnvironment.s3Endpoint(), null, bucket,
                "", TestEnvironment.s3AccessKey(), TestEnvironment.s3SecretKey(), false, false))) {
            store.check(true);
        }
        String collection = lite.freshCollection("dl_bucket");
        Path config = bucketConfig(collection, bucket, TestEnvironment.s3SecretKey());
        Map<String, String> environment = Map.of("MILVUSDM_S3_SECRET_KEY", TestEnvironment.s3SecretKey());

        CliRun dump = CliRun.run(environment, "dump", "--config", config.toString(), "--chunk-bytes", "100KB",
                "--no-progress");
        assertThat(dump.exitCode()).as(dump.toString()).isEqualTo(ExitCodes.OK);
        assertThat(dump.out()).contains("s3://" + bucket + "/dumps/migration/" + collection);
        CliRun load = CliRun.run(environment, "load", "--config", config.toString(), "--no-progress");

        assertThat(load.exitCode()).as(load.toString()).isEqualTo(ExitCodes.OK);
        assertThat(load.out()).contains("bulk import not used: Milvus Lite");
        assertHoldsEverySourceRow(lite, collection);
        assertThat(dump + load.toString()).doesNotContain(TestEnvironment.s3SecretKey());
    }

    @Test
    void a_missing_bucket_and_a_wrong_secret_key_are_named_without_the_secret() throws IOException {
        Path missing = bucketConfig("dl_nobucket", "milvusdm-no-such-bucket", TestEnvironment.s3SecretKey());
        CliRun noBucket = CliRun.run(Map.of("MILVUSDM_S3_SECRET_KEY", TestEnvironment.s3SecretKey()), "dump",
                "--config", missing.toString(), "--no-progress");

        assertThat(noBucket.exitCode()).as(noBucket.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(noBucket.err()).contains("milvusdm-no-such-bucket");

        CliRun badKey = CliRun.run(Map.of("MILVUSDM_S3_SECRET_KEY", "wrong-secret-123"), "dump", "--config",
                missing.toString(), "--no-progress");
        assertThat(badKey.exitCode()).as(badKey.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(badKey.toString()).doesNotContain("wrong-secret-123");
    }

    @Test
    void milvus2x_work_mode_dumps_a_collection_and_loads_it_into_another() throws IOException {
        String source = lite.freshCollection("dl_m2x_src");
        String target = lite.freshCollection("dl_m2x_dst");
        Map<Long, int[]> rows = lite.createFloatCollection(source, 1_500, 16, 9);
        Path config = dir.resolve("m2x.yaml");
        String endpoint = TestEnvironment.milvusUri().replace("http://", "");
        Files.writeString(config, """
                dumper:
                  worker: {workMode: milvus2x, limit: 2}
                meta:
                  mode: config
                  collection: %s
                source:
                  milvus2x: {endpoint: '%s'}
                target:
                  create: {collection: {name: %s}}
                  mode: local
                  local: {outputDir: %s}
                  milvus2x: {endpoint: '%s'}
                """.formatted(source, endpoint, target, dir.resolve("m2x-out"), endpoint));

        CliRun dump = CliRun.run(Map.of(), "dump", "--config", config.toString(), "--chunk-bytes", "32KB",
                "--no-progress");
        CliRun load = CliRun.run(Map.of(), "load", "--config", config.toString(), "--no-progress");

        assertThat(dump.exitCode()).as(dump.toString()).isEqualTo(ExitCodes.OK);
        assertThat(load.exitCode()).as(load.toString()).isEqualTo(ExitCodes.OK);
        // a collection keeps its own field names through the dump (Faiss, HDF5, npy dumps use id and data)
        assertThat(lite.client.describeCollection(DescribeCollectionReq.builder().collectionName(target).build())
                .getFieldNames()).containsExactly("id", "embedding");
        long[] ids = rows.keySet().stream().mapToLong(Long::longValue).toArray();
        Map<Object, int[]> loaded = lite.readRawBitsByIds(target, null, ids, "embedding");
        assertThat(lite.count(target)).isEqualTo(rows.size());
        assertThat(loaded).hasSize(rows.size());
        rows.forEach((id, bits) -> assertThat(loaded.get(id)).as("vector of id %s", id).containsExactly(bits));
    }
}
