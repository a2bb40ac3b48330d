package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvusdm.format.hdf5.Hdf5Fixtures;
import io.milvusdm.format.hdf5.Hdf5Fixtures.Expected;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * H2M and F2M into a full Milvus with authorization on ({@link TestEnvironment#milvusAuthUri()}): what Milvus Lite cannot
 * show — binary vectors, and credentials that are checked.
 */
class FullMilvusIT {

    @TempDir
    static Path fixtures;

    @TempDir
    Path dir;

    private static MilvusClientV2 client;
    private static final Map<String, String> CREDENTIALS = Map.of(MilvusDmJobFile.ENV_PASSWORD,
            TestEnvironment.AUTH_PASSWORD);

    @BeforeAll
    static void setUp() {
        Hdf5Fixtures.write(fixtures, "uint8_ids", "bytes_s64_ids", "float32_ids");
        TestEnvironment.runFixtureScript("faiss_fixtures.py", "--out", fixtures.resolve("faiss").toString(),
                "binary_ivf", "binary_idmap2_hnsw");
        client = new MilvusClientV2(ConnectConfig.builder().uri(TestEnvironment.milvusAuthUri())
                .username(TestEnvironment.AUTH_USER).password(TestEnvironment.AUTH_PASSWORD).build());
    }

    @AfterAll
    static void tearDown() {
        client.close();
    }

    private Path job(String collection, String dataPath, String metric) throws IOException {
        Path file = dir.resolve("H2M.yaml");
        Files.writeString(file, """
                H2M:
                  data_path: [%s]
                  dest_uri: %s
                  dest_user: %s
                  mode: overwrite
                  dest_collection_name: %s
                  dest_partition_name: bits
                  collection_parameter: {metric_type: %s}
                """.formatted(dataPath, TestEnvironment.milvusAuthUri(), TestEnvironment.AUTH_USER, collection,
                metric));
        return file;
    }

    @Test
    void uint8_rows_become_binary_vectors_byte_for_byte() throws IOException {
        moveAndCompare("uint8_ids", "HAMMING");
    }

    @Test
    void milvusdm_fixed_byte_strings_become_binary_vectors_with_their_trailing_zero_bytes() throws IOException {
        moveAndCompare("bytes_s64_ids", "JACCARD");
    }

    private void moveAndCompare(String fixture, String metric) throws IOException {
        String collection = "h2m_bits_" + fixture + "_" + ProcessHandle.current().pid();
        Path file = job(collection, fixtures.resolve(fixture + "/" + fixture + ".h5").toString(), metric);

        CliRun run = CliRun.run(CREDENTIALS, "--yaml", file.toString(), "--no-progress", "--batch-bytes", "8KB");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        Expected expected = Expected.load(fixtures.resolve(fixture), fixture);
        assertThat(run.out()).contains("rows in target: 1,003 (expected 1,003)");
        Map<Long, byte[]> rows = readBinary(collection, expected.ids());
        int width = expected.rowWidth();
        assertThat(rows).hasSize((int) expected.rows());
        for (int row = 0; row < expected.rows(); row++) {
            assertThat(rows.get(expected.ids()[row])).as("row %d", row)
                    .containsExactly(Arrays.copyOfRange(expected.bytes(), row * width, (row + 1) * width));
        }
        client.dropCollection(DropCollectionReq.builder().collectionName(collection).build());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"binary_ivf", "binary_idmap2_hnsw"})
    void faiss_binary_indexes_become_binary_vectors_with_their_ids(String index) throws IOException {
        String collection = "f2m_bits_" + index + "_" + ProcessHandle.current().pid();
        Path faiss = fixtures.resolve("faiss");
        Path file = dir.resolve("F2M.yaml");
        Files.writeString(file, """
                F2M:
                  data_path: %s
                  dest_uri: %s
                  dest_user: %s
                  mode: overwrite
                  dest_collection_name: %s
                  dest_partition_name: ''
                """.formatted(faiss.resolve(index + ".index"), TestEnvironment.milvusAuthUri(),
                TestEnvironment.AUTH_USER, collection));

        CliRun run = CliRun.run(CREDENTIALS, "--yaml", file.toString(), "--no-progress", "--batch-bytes", "4KB");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        long[] ids = littleEndianLongs(faiss.resolve(index + ".ids.bin"));
        byte[] vectors = Files.readAllBytes(faiss.resolve(index + ".vectors.bin"));
        int width = vectors.length / ids.length;
        Map<Long, byte[]> rows = readBinary(collection, ids);
        assertThat(rows).hasSize(ids.length);
        for (int row = 0; row < ids.length; row++) {
            assertThat(rows.get(ids[row])).as("id %d", ids[row])
                    .containsExactly(Arrays.copyOfRange(vectors, row * width, (row + 1) * width));
        }
        client.dropCollection(DropCollectionReq.builder().collectionName(collection).build());
    }

    private static long[] littleEndianLongs(Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long[] values = new long[buffer.remaining() / Long.BYTES];
        buffer.asLongBuffer().get(values);
        return values;
    }

    private static Map<Long, byte[]> readBinary(String collection, long[] ids) {
        Map<Long, byte[]> rows = new HashMap<>();
        for (int start = 0; start < ids.length; start += 1000) {
            String list = Arrays.stream(ids, start, Math.min(ids.length, start + 1000)).mapToObj(Long::toString)
                    .collect(Collectors.joining(","));
            QueryResp response = client.query(QueryReq.builder().collectionName(collection)
                    .filter("id in [" + list + "]").outputFields(List.of("id", "embedding"))
                    .consistencyLevel(ConsistencyLevel.STRONG).build());
            for (QueryResp.QueryResult result : response.getQueryResults()) {
                Object value = result.getEntity().get("embedding");
                byte[] bytes;
                if (value instanceof ByteBuffer buffer) {
                    // the SDK hands the buffer over already read to its limit
                    ByteBuffer whole = buffer.duplicate().position(0);
                    bytes = new byte[whole.remaining()];
                    whole.get(bytes);
                } else {
                    bytes = (byte[]) value;
                }
                rows.put(((Number) result.getEntity().get("id")).longValue(), bytes);
            }
        }
        return rows;
    }

    @Test
    void a_wrong_password_exits_1_saying_authentication_failed_without_showing_the_password() throws IOException {
        Path file = job("never_created_auth", fixtures.resolve("float32_ids/float32_ids.h5").toString(), "L2");

        CliRun run = CliRun.run(Map.of(MilvusDmJobFile.ENV_PASSWORD, "not-the-Pa55word"), "--yaml", file.toString(),
                "--no-progress", "--stacktrace");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("authentication failed").doesNotContain("not-the-Pa55word");
        assertThat(run.out()).doesNotContain("not-the-Pa55word");
    }
}
