package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusdm.milvus.MilvusItSupport;
import io.milvusdm.testing.TestEnvironment;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.vector.request.QueryReq;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * {@code milvusdm --yaml F2M.yaml} against the real Milvus that scripts/test started, on index files faiss-cpu
 * wrote at test time: every id and vector read back and compared with what faiss holds.
 */
class F2mCommandIT {

    @TempDir
    static Path fixtures;

    @TempDir
    Path dir;

    private static MilvusItSupport milvus;

    @BeforeAll
    static void setUp() {
        TestEnvironment.runFixtureScript("faiss_fixtures.py", "--out", fixtures.toString(), "ivf_full",
                "ivf_ip_ids", "idmap2_flat_ip", "hnsw_flat", "refine_flat", "ivf_ondisk", "sq8", "dec_ivf_pq", "dec_ivf_pq_ondisk",
                "dec_sqfp16", "dec_opq_ivf_pq");
        milvus = new MilvusItSupport();
    }

    @AfterAll
    static void tearDown() {
        milvus.close();
    }

    private Path job(String collection, String index, String extra) throws IOException {
        Path file = dir.resolve("F2M.yaml");
        Files.writeString(file, """
                F2M:
                  milvus_version: 2.x
                  data_path: '%s'
                  dest_uri: %s
                  mode: overwrite
                  dest_collection_name: %s
                  dest_partition_name: ''
                  collection_parameter:
                    index_file_size: 1024
                %s""".formatted(fixtures.resolve(index + ".index"), TestEnvironment.milvusUri(), collection, extra));
        return file;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ivf_full, L2", "ivf_ip_ids, IP", "idmap2_flat_ip, IP", "hnsw_flat, L2", "refine_flat, L2",
        "ivf_ondisk, L2"})
    void moves_every_stored_vector_with_its_id_bit_exact(String index, String metric) throws IOException {
        String collection = milvus.freshCollection("f2m_" + index);

        CliRun run = CliRun.run(Map.of(), "--yaml", job(collection, index, "").toString(), "--no-progress",
                "--batch-bytes", "16KB", "--json");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        Map<Long, int[]> expected = expectedBits(index);
        assertThat(run.out()).contains("\"status\":\"done\"", "\"targetRows\":" + expected.size());
        long[] ids = expected.keySet().stream().mapToLong(Long::longValue).toArray();
        Map<Object, int[]> actual = milvus.readRawBitsByIds(collection, null, ids);
        assertThat(actual).hasSize(expected.size());
        expected.forEach((id, bits) -> assertThat(actual.get(id)).as("id %d", id).containsExactly(bits));
        assertThat(milvus.metricOf(collection)).isEqualTo(metric);
        milvus.drop(collection);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "dec_ivf_pq, --allow-lossy, 'decoded from PQ', 'no a-priori bound'",
        "dec_ivf_pq_ondisk, --allow-lossy, 'decoded from PQ 6x6 residual (lossy)', 'no a-priori bound'",
        "dec_opq_ivf_pq, --allow-lossy, 'decoded from', '(lossy)'",
        "dec_sqfp16, --stacktrace, 'decoded from SQ QT_fp16', 'measuredMaxError: not measurable'",
    })
    void coded_indexes_arrive_as_faiss_decodes_them_with_the_error_in_the_summary(String index, String flag,
                                                                                  String vectors, String error)
            throws IOException {
        String collection = milvus.freshCollection("f2m_" + index);

        CliRun run = CliRun.run(Map.of(), "--yaml", job(collection, index, "").toString(), "--no-progress", flag);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("vectors: " + vectors.replace("'", "")).contains(error.replace("'", ""));
        Map<Long, int[]> expected = expectedBits(index);
        long[] ids = expected.keySet().stream().mapToLong(Long::longValue).toArray();
        Map<Object, int[]> actual = milvus.readRawBitsByIds(collection, null, ids);
        assertThat(actual).hasSize(expected.size());
        if (index.startsWith("dec_opq")) {
            // the inverse rotation runs in double, faiss's in BLAS float: equal to about 1e-4 (see FaissSourceDecodeTest)
            expected.forEach((id, bits) -> assertWithin(actual.get(id), bits, 1e-4f, id));
        } else {
            expected.forEach((id, bits) -> assertThat(actual.get(id)).as("id %d", id).containsExactly(bits));
        }
        milvus.drop(collection);
    }

    private static void assertWithin(int[] actual, int[] expected, float tolerance, long id) {
        assertThat(actual).as("id %d", id).hasSameSizeAs(expected);
        for (int j = 0; j < expected.length; j++) {
            assertThat(Float.intBitsToFloat(actual[j])).as("id %d component %d", id, j)
                    .isCloseTo(Float.intBitsToFloat(expected[j]), org.assertj.core.data.Offset.offset(tolerance));
        }
    }

    @Test
    void a_metric_type_that_disagrees_with_the_file_exits_2_before_the_target_is_touched() throws IOException {
        String collection = milvus.freshCollection("f2m_metric");
        Path file = job(collection, "ivf_ip_ids", "  collection_parameter: {metric_type: L2}\n");
        Files.writeString(file, Files.readString(file).replace("  collection_parameter:\n    index_file_size: 1024\n", ""));

        CliRun run = CliRun.run(Map.of(), "--yaml", file.toString(), "--no-progress");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("metric_type L2", "disagrees with the source's metric IP");
        assertThat(milvus.exists(collection)).isFalse();
    }

    @Test
    void a_coded_index_without_allow_lossy_exits_1_explaining_the_loss() throws IOException {
        String collection = milvus.freshCollection("f2m_sq8");

        CliRun run = CliRun.run(Map.of(), "--yaml", job(collection, "sq8", "").toString(), "--no-progress");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("sq8.index", "SQ", "lossy", "allow_lossy: true", "--allow-lossy");
        assertThat(milvus.exists(collection)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"small, '', exact (read bit for bit)",
        "ivf_pq, 'allow_lossy: true', decoded from PQ 4x6 residual (lossy)"})
    void a_langchain_faiss_folder_arrives_with_its_string_ids_texts_and_metadata(String name, String extra,
                                                                             String vectors) throws IOException {
        Path stores = dir.resolve("stores");
        TestEnvironment.runFixtureScript("langchain_fixtures.py", "--out", stores.toString(), name);
        Path store = stores.resolve(name);
        String collection = milvus.freshCollection("f2m_langchain");
        Path file = dir.resolve("F2M.yaml");
        Files.writeString(file, """
                F2M:
                  data_path: %s
                  dest_uri: %s
                  mode: overwrite
                  dest_collection_name: %s
                  dest_partition_name: ''
                  %s
                """.formatted(store, TestEnvironment.milvusUri(), collection, extra));

        CliRun run = CliRun.run(Map.of(), "--yaml", file.toString(), "--no-progress");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains(vectors);
        ObjectMapper json = new ObjectMapper();
        List<String> ids = json.readValue(store.resolve("expected.ids.json").toFile(), new TypeReference<>() { });
        List<String> texts = json.readValue(store.resolve("expected.texts.json").toFile(), new TypeReference<>() { });
        JsonNode metadata = json.readTree(store.resolve("expected.metadata.json").toFile());
        Map<String, Map<String, Object>> rows = new java.util.HashMap<>();
        milvus.client.query(QueryReq.builder().collectionName(collection).filter("id >= \"\"")
                        .outputFields(List.of("id", "text", "metadata")).consistencyLevel(ConsistencyLevel.STRONG)
                        .limit(ids.size() + 10L).build()).getQueryResults()
                .forEach(r -> rows.put((String) r.getEntity().get("id"), r.getEntity()));
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        for (int i = 0; i < ids.size(); i++) {
            Map<String, Object> row = rows.get(ids.get(i));
            assertThat(row.get("text")).isEqualTo(texts.get(i));
            assertThat(json.readTree(row.get("metadata").toString())).isEqualTo(metadata.get(i));
        }
        milvus.drop(collection);
    }

    /** faiss's own view of an index: id -> the raw bits of its float32 vector. */
    private static Map<Long, int[]> expectedBits(String name) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(fixtures.resolve(name + ".properties"))) {
            properties.load(reader);
        }
        int d = Integer.parseInt(properties.getProperty("dimension"));
        ByteBuffer vectors = ByteBuffer.wrap(Files.readAllBytes(fixtures.resolve(name + ".vectors.bin")))
                .order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer ids = ByteBuffer.wrap(Files.readAllBytes(fixtures.resolve(name + ".ids.bin")))
                .order(ByteOrder.LITTLE_ENDIAN);
        Map<Long, int[]> rows = new java.util.TreeMap<>();
        for (int row = 0; ids.hasRemaining(); row++) {
            int[] bits = new int[d];
            for (int j = 0; j < d; j++) {
                bits[j] = vectors.getInt((row * d + j) * Float.BYTES);
            }
            rows.put(ids.getLong(), bits);
        }
        return rows;
    }
}
