package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvusdm.job.MilvusDmJobFile;
import io.milvusdm.testing.TestEnvironment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * M2M of a binary (HAMMING) Milvus 1.x collection into the full Milvus with authorization
 * ({@link TestEnvironment#milvusAuthUri()}; Milvus Lite has no binary vectors): every live row's bits, by id, in
 * the partition of the same name; once with the SQLite meta and once with the same tables in MariaDB
 * ({@code mysql_parameter}, its password from {@code MILVUSDM_MYSQL_PASSWORD}).
 */
class M2mBinaryIT {

    private static final String COLLECTION = "uniq_b";
    private static final String MYSQL_DATABASE = "milvus_m2mbin";

    @TempDir
    static Path fixtures;

    @TempDir
    Path dir;

    private static MilvusClientV2 client;
    private static Path source;
    private static TestEnvironment.MySqlServer mysql;

    @BeforeAll
    static void setUp() {
        mysql = TestEnvironment.mysqlServer();
        TestEnvironment.runFixtureScript("milvus1x_fixtures.py", "--out", fixtures.toString(), "unique",
                "--mysql-host", mysql.host(), "--mysql-port", String.valueOf(mysql.port()), "--mysql-user",
                mysql.user(), "--mysql-password-file", mysql.passwordFile().toString(), "--mysql-database",
                MYSQL_DATABASE);
        source = fixtures.resolve("unique");
        client = new MilvusClientV2(ConnectConfig.builder().uri(TestEnvironment.milvusAuthUri())
                .username(TestEnvironment.AUTH_USER).password(TestEnvironment.AUTH_PASSWORD).build());
    }

    @AfterAll
    static void tearDown() {
        if (client != null) {
            drop();
            client.close();
        }
    }

    private static void drop() {
        if (client.hasCollection(HasCollectionReq.builder().collectionName(COLLECTION).build())) {
            client.dropCollection(DropCollectionReq.builder().collectionName(COLLECTION).build());
        }
    }

    @ParameterizedTest(name = "{0} meta")
    @ValueSource(strings = {"sqlite", "mysql"})
    void binary_rows_arrive_bit_for_bit_in_their_partitions(String meta) throws IOException {
        drop();
        String mysqlParameter = meta.equals("sqlite") ? "''" : "{host: %s, port: %d, user: %s, database: %s}"
                .formatted(mysql.host(), mysql.port(), mysql.user(), MYSQL_DATABASE + "_unique");
        Path file = dir.resolve("M2M.yaml");
        Files.writeString(file, """
                M2M:
                  source_milvus_path: %s
                  mysql_parameter: %s
                  source_collection: {uniq_b: []}
                  dest_uri: %s
                  dest_user: %s
                  mode: overwrite
                  batch_bytes: 2KB
                """.formatted(source, mysqlParameter, TestEnvironment.milvusAuthUri(), TestEnvironment.AUTH_USER));

        CliRun run = CliRun.run(Map.of(MilvusDmJobFile.ENV_PASSWORD, TestEnvironment.AUTH_PASSWORD,
                "MILVUSDM_MYSQL_PASSWORD", mysql.password()), "--yaml", file.toString(), "--no-progress");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out() + run.err()).doesNotContain(mysql.password());
        long total = 0;
        for (String tag : List.of("_default", "p1")) {
            Milvus1xExpected expected = Milvus1xExpected.load(source, COLLECTION, tag);
            Map<Long, byte[]> rows = readBinary(tag, expected.ids());
            assertThat(rows).as(tag).hasSize(expected.ids().length);
            int width = expected.vectors().length / expected.ids().length;
            for (int row = 0; row < expected.ids().length; row++) {
                assertThat(rows.get(expected.ids()[row])).as("%s row %d", tag, row)
                        .containsExactly(Arrays.copyOfRange(expected.vectors(), row * width, (row + 1) * width));
            }
            assertThat(run.out()).contains("M2M uniq_b/" + tag + " done");
            total += expected.ids().length;
        }
        assertThat(run.out()).contains("M2M total: 2 units, 2 done, 0 skipped, 0 with a count mismatch;",
                String.format("%d rows read, %d written", total, total));
    }

    private static Map<Long, byte[]> readBinary(String partition, long[] ids) {
        Map<Long, byte[]> rows = new HashMap<>();
        String list = Arrays.stream(ids).mapToObj(Long::toString).collect(Collectors.joining(","));
        QueryReq query = QueryReq.builder().collectionName(COLLECTION)
                .filter("id in [" + list + "]").outputFields(List.of("id", "embedding"))
                .consistencyLevel(ConsistencyLevel.STRONG).partitionNames(List.of(partition)).build();
        for (QueryResp.QueryResult result : client.query(query).getQueryResults()) {
            Object value = result.getEntity().get("embedding");
            byte[] bytes;
            if (value instanceof ByteBuffer buffer) {
                ByteBuffer whole = buffer.duplicate().position(0);
                bytes = new byte[whole.remaining()];
                whole.get(bytes);
            } else {
                bytes = (byte[]) value;
            }
            rows.put(((Number) result.getEntity().get("id")).longValue(), bytes);
        }
        return rows;
    }
}
