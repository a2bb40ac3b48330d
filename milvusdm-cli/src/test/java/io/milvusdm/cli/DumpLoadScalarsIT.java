package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvusdm.milvus.MilvusItSupport;
import io.milvusdm.storage.S3ObjectStore;
import io.milvusdm.storage.S3StoreOptions;
import io.milvusdm.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code milvusdm dump|load} in milvus2x work mode with a field of every scalar type Milvus Lite 3.2.2 has
 * (built by pymilvus, scripts/fixtures/hdf5_scalar_roundtrip.py): pyarrow and numpy read the files and find every
 * entity pymilvus queries, pymilvus's LocalBulkWriter writes the same Arrow types for the same entities, and a load
 * into the second Milvus Lite (batched inserts) or into Milvus 2.3.5 (gRPC bulk import from its storage) recreates
 * the collection with the same fields and every entity equal field by field.
 */
class DumpLoadScalarsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = TestEnvironment.AUTH_USER + ":" + TestEnvironment.AUTH_PASSWORD;

    @TempDir
    Path dir;

    private static MilvusItSupport lite;
    private static MilvusItSupport lite2;
    /** Every scalar type, nulls, defaults, the dynamic field: on the first Lite, read by several tests. */
    private static String everyType;
    private static int rows;

    @BeforeAll
    static void createSource() throws IOException {
        lite = new MilvusItSupport();
        lite2 = new MilvusItSupport(TestEnvironment.milvusUri2(), "");
        everyType = lite.freshCollection("dls_every");
        rows = JSON.readTree(TestEnvironment.runFixtureScript("hdf5_scalar_roundtrip.py", "create",
                TestEnvironment.milvusUri(), everyType)).get("rows").asInt();
    }

    @AfterAll
    static void dropSource() {
        lite.drop(everyType);
        lite.close();
        lite2.close();
    }

    private static String endpoint(String uri) {
        return uri.replace("http://", "");
    }

    /** A milvus2x config: {@code source} on the first Lite into {@code target} of {@code targetServer}. */
    private Path config(String source, String target, String storage, String targetServer) throws IOException {
        Path file = dir.resolve(target + ".yaml");
        Files.writeString(file, """
                dumper:
                  worker: {workMode: milvus2x, limit: 2}
                meta: {mode: config, collection: %s}
                source:
                  milvus2x: {endpoint: '%s'}
                target:
                  create: {collection: {name: %s}}
                %s
                  milvus2x: %s
                """.formatted(source, endpoint(TestEnvironment.milvusUri()), target, storage, targetServer));
        return file;
    }

    private String localStorage(Path outputDir) {
        return "  mode: local\n  local: {outputDir: '" + outputDir + "'}";
    }

    private static JsonNode fixture(String... args) throws IOException {
        return JSON.readTree(TestEnvironment.runFixtureScript("hdf5_scalar_roundtrip.py", args));
    }

    private static void assertSameCollection(String source, String targetUri, String target, String token)
            throws IOException {
        JsonNode compared = fixture("compare", TestEnvironment.milvusUri(), source, targetUri, target, "--token",
                token);
        assertThat(compared.get("problems")).as(compared.toString()).isEmpty();
        assertThat(compared.get("rows").asInt()).isEqualTo(rows);
    }

    @Test
    void every_scalar_field_goes_through_parquet_files_into_the_second_lite_field_by_field() throws IOException {
        String target = lite2.freshCollection("dls_every_dst");
        Path out = dir.resolve("out");
        Path config = config(everyType, target, localStorage(out),
                "{endpoint: '" + endpoint(TestEnvironment.milvusUri2()) + "'}");

        CliRun dump = CliRun.run(Map.of(), "dump", "--config", config.toString(), "--chunk-bytes", "64KB",
                "--no-progress", "--json");

        assertThat(dump.exitCode()).as(dump.toString()).isEqualTo(ExitCodes.OK);
        assertThat(JSON.readTree(dump.out()).get("chunks").asInt()).isGreaterThan(1);
        assertThat(dump.err()).as("no field is left out").doesNotContain("is not dumped");
        JsonNode files = fixture("check-parquet", TestEnvironment.milvusUri(), everyType,
                out.resolve("migration").resolve(target).toString());
        assertThat(files.get("problems")).as(files.toString()).isEmpty();
        assertThat(files.get("rows").asInt()).isEqualTo(rows);
        assertThat(files.get("types").toString()).contains("\"i8\":\"int8\"", "\"ai16\":\"list<element: int16>\"",
                "\"ts\":\"string\"", "\"$meta\":\"string\"");
        CliRun again = CliRun.run(Map.of(), "dump", "--config", config.toString(), "--chunk-bytes", "64KB",
                "--no-progress");
        assertThat(again.out()).as("the same schema, defaults and all, is recognised: " + again)
                .contains("dump skipped: ");

        CliRun load = CliRun.run(Map.of(), "load", "--config", config.toString(), "--no-progress");

        assertThat(load.exitCode()).as(load.toString()).isEqualTo(ExitCodes.OK);
        assertThat(load.out()).contains("rows in target: " + rows + " (expected " + rows + " from the manifest)");
        assertSameCollection(everyType, TestEnvironment.milvusUri2(), target, "");
        lite2.drop(target);
    }

    @Test
    void a_collection_recreated_with_the_same_rows_and_more_fields_is_dumped_again_not_recognised()
            throws IOException {
        String source = lite.freshCollection("dls_grown");
        fixture("create-basic", TestEnvironment.milvusUri(), source, "--no-arrays");
        Path out = dir.resolve("grown");
        Path config = config(source, "dls_grown_dst", localStorage(out), "{endpoint: '127.0.0.1:1'}");
        Path manifest = out.resolve("migration").resolve("dls_grown_dst").resolve("manifest.json");
        try {
            CliRun first = CliRun.run(Map.of(), "dump", "--config", config.toString(), "--no-progress");
            assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.OK);
            assertThat(Files.readString(manifest)).doesNotContain("\"ai32\"");

            // the fingerprint (server, collection, row count) stays; the fields do not
            lite.drop(source);
            fixture("create-basic", TestEnvironment.milvusUri(), source);
            CliRun resumed = CliRun.run(Map.of(), "dump", "--config", config.toString(), "--resume",
                    "--no-progress");
            assertThat(resumed.exitCode()).as("a resume never mixes chunks of two schemas: " + resumed)
                    .isEqualTo(ExitCodes.FAILED);
            assertThat(resumed.err()).contains("ledger belongs to another job");
            CliRun again = CliRun.run(Map.of(), "dump", "--config", config.toString(), "--no-progress");

            assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.OK);
            assertThat(again.out()).doesNotContain("dump skipped");
            assertThat(Files.readString(manifest)).contains("\"ai32\"", "\"af\"", "\"as_\"");
            JsonNode files = fixture("check-parquet", TestEnvironment.milvusUri(), source,
                    out.resolve("migration").resolve("dls_grown_dst").toString());
            assertThat(files.get("problems")).as(files.toString()).isEmpty();
            assertThat(files.get("types").toString()).contains("\"ai32\":\"list<element: int32>\"");
        } finally {
            lite.drop(source);
        }
    }

    @Test
    void a_numpy_dump_refuses_the_fields_numpy_import_cannot_carry_by_name() throws IOException {
        Path out = dir.resolve("refused");
        Path config = config(everyType, "dls_refused", localStorage(out), "{endpoint: '127.0.0.1:1'}");

        CliRun dump = CliRun.run(Map.of(), "dump", "--config", config.toString(), "--format", "npy",
                "--no-progress");

        assertThat(dump.exitCode()).as(dump.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(dump.err()).contains("a npy dump cannot hold these fields of milvus 2.x collection '" + everyType)
                .contains("nullable (a .npy file has no nulls: Milvus's NumPy import takes every row as a value): bn,"
                        + " i32, d, s, j, geo")
                .contains("ARRAY (Milvus's NumPy import has none): ai8, ai16, ai32, ai64, af, ad, ab, as_")
                .contains("TIMESTAMPTZ (Milvus's NumPy import reads no such file): ts, ts2")
                .contains("Dump it as parquet");
        try (var written = Files.walk(dir)) {
            assertThat(written.filter(Files::isRegularFile).map(Path::getFileName).map(Path::toString))
                    .as("nothing but the config").containsExactly(config.getFileName().toString());
        }
    }

    @Test
    void a_numpy_dump_of_the_fields_numpy_carries_loads_into_the_second_lite_field_by_field() throws IOException {
        String source = lite.freshCollection("dls_npy");
        fixture("create-npy", TestEnvironment.milvusUri(), source);
        String target = lite2.freshCollection("dls_npy_dst");
        Path out = dir.resolve("npy");
        Path config = config(source, target, localStorage(out),
                "{endpoint: '" + endpoint(TestEnvironment.milvusUri2()) + "'}");

        CliRun dump = CliRun.run(Map.of(), "dump", "--config", config.toString(), "--format", "npy",
                "--chunk-bytes", "32KB", "--no-progress");

        assertThat(dump.exitCode()).as(dump.toString()).isEqualTo(ExitCodes.OK);
        JsonNode files = fixture("check-npy", TestEnvironment.milvusUri(), source,
                out.resolve("migration").resolve(target).toString());
        assertThat(files.get("problems")).as(files.toString()).isEmpty();
        assertThat(files.get("dtypes").toString()).contains("\"b\":\"|b1\"", "\"i16\":\"<i2\"", "\"d\":\"<f8\"",
                "\"geo\":\"<U", "\"$meta\":\"<U");

        CliRun load = CliRun.run(Map.of(), "load", "--config", config.toString(), "--no-progress");

        assertThat(load.exitCode()).as(load.toString()).isEqualTo(ExitCodes.OK);
        assertSameCollection(source, TestEnvironment.milvusUri2(), target, "");
        lite.drop(source);
        lite2.drop(target);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"parquet", "npy"})
    void milvus_2_3_bulk_imports_the_typed_columns_from_its_storage(String format) throws IOException {
        String source = lite.freshCollection("dls_basic_" + format);
        if (format.equals("npy")) {
            fixture("create-basic", TestEnvironment.milvusUri(), source, "--no-arrays");
        } else {
            fixture("create-basic", TestEnvironment.milvusUri(), source);
        }
        Path storage = TestEnvironment.milvusAuthStorageRoot();
        try (MilvusItSupport full = new MilvusItSupport(TestEnvironment.milvusAuthUri(), TOKEN)) {
            String target = full.freshCollection("dls_import_" + format);
            Path outputDir = storage.resolve("milvusdm-it-dumps").resolve(target);
            Path config = config(source, target, "  mode: local\n  local: {outputDir: '" + outputDir
                    + "', milvusStorageRoot: '" + storage + "'}",
                    "{endpoint: '" + endpoint(TestEnvironment.milvusAuthUri()) + "', username: "
                            + TestEnvironment.AUTH_USER + "}");
            Map<String, String> environment = Map.of("MILVUSDM_DEST_PASSWORD", TestEnvironment.AUTH_PASSWORD);

            CliRun dump = CliRun.run(environment, "dump", "--config", config.toString(), "--format", format,
                    "--chunk-bytes", "64KB", "--no-progress");
            CliRun load = CliRun.run(environment, "load", "--config", config.toString(), "--import", "grpc",
                    "--no-progress", "--json");

            assertThat(dump.exitCode()).as(dump.toString()).isEqualTo(ExitCodes.OK);
            assertThat(load.exitCode()).as(load.toString()).isEqualTo(ExitCodes.OK);
            assertThat(JSON.readTree(load.out()).get("method").asText()).isEqualTo("gRPC Import (v1)");
            assertSameCollection(source, TestEnvironment.milvusAuthUri(), target, TOKEN);
            full.drop(target);
        }
        lite.drop(source);
    }

    @Test
    void a_parquet_dump_in_a_bucket_loads_every_field_into_the_second_lite() throws IOException {
        String bucket = "milvusdm-dls-" + ProcessHandle.current().pid();
        try (S3ObjectStore store = S3ObjectStore.open(S3StoreOptions.of(TestEnvironment.s3Endpoint(), null, bucket,
                "", TestEnvironment.s3AccessKey(), TestEnvironment.s3SecretKey(), false, false))) {
            store.check(true);
        }
        String target = lite2.freshCollection("dls_bucket_dst");
        String storage = ("  mode: remote\n  remote: {outputDir: dumps/, cloud: aws, endpoint: '%s', region: us-east-1,"
                + " bucket: %s, ak: %s, useIAM: false, useSSL: false, checkBucket: true}").formatted(
                endpoint(TestEnvironment.s3Endpoint()), bucket, TestEnvironment.s3AccessKey());
        Path config = config(everyType, target, storage,
                "{endpoint: '" + endpoint(TestEnvironment.milvusUri2()) + "'}");
        Map<String, String> environment = Map.of("MILVUSDM_S3_SECRET_KEY", TestEnvironment.s3SecretKey());

        CliRun dump = CliRun.run(environment, "dump", "--config", config.toString(), "--chunk-bytes", "64KB",
                "--no-progress");
        CliRun load = CliRun.run(environment, "load", "--config", config.toString(), "--no-progress");

        assertThat(dump.exitCode()).as(dump.toString()).isEqualTo(ExitCodes.OK);
        assertThat(dump.out()).contains("s3://" + bucket + "/dumps/migration/" + target);
        assertThat(load.exitCode()).as(load.toString()).isEqualTo(ExitCodes.OK);
        assertSameCollection(everyType, TestEnvironment.milvusUri2(), target, "");
        lite2.drop(target);
    }
}
