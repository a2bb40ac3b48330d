package io.milvusdm.milvus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvusdm.format.langchain.LangChainFixtures;
import io.milvusdm.format.langchain.LangChainFixtures.Expected;
import io.milvusdm.format.langchain.LangChainStoreSource;
import io.milvusdm.pipeline.JobRunner;
import io.milvusdm.pipeline.JobSummary;
import io.milvusdm.pipeline.Ledger;
import io.milvusdm.pipeline.ProgressListener;
import io.milvusdm.pipeline.RunOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.milvusdm.milvus.MilvusItSupport.rawBits;
import static io.milvusdm.milvus.MilvusItSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A store LangChain wrote, over any index the Faiss reader reads, moves into Milvus with its ids, vectors, texts and
 * metadata, and every row reads back equal.
 */
class LangChainToMilvusIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private MilvusItSupport milvus;
    private final List<String> collections = new ArrayList<>();

    @BeforeEach
    void connect() {
        milvus = new MilvusItSupport();
    }

    @AfterEach
    void cleanUp() {
        collections.forEach(milvus::drop);
        milvus.close();
    }

    /**
     * Over every kind of index a store can be built on: vectors bit for bit as faiss reconstructs them (stored, or
     * decoded from SQ fp16 and IVF-PQ codes, the latter with allowLossy).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"basic", "flat_deleted", "hnsw", "ivf_flat", "idmap_ip", "sq_fp16", "ivf_pq"})
    void every_document_comes_back_with_its_id_vector_text_and_metadata(String name) throws Exception {
        String collection = milvus.freshCollection("langchain_" + name);
        collections.add(collection);
        Path store = LangChainFixtures.store(name);
        Expected expected = Expected.of(store);

        JobSummary summary;
        // small batches, so that the store crosses several requests and splits
        RunOptions options = new RunOptions(2, 16 << 10, 64 << 10, false);
        try (LangChainStoreSource source = LangChainStoreSource.open(store, expected.lossy());
             MilvusSink sink = MilvusSink.open(spec(collection, null, WriteMode.APPEND));
             Ledger ledger = Ledger.open(dir.resolve("job.ledger"), "langchain", false)) {
            summary = new JobRunner(source, sink, ledger, options, ProgressListener.NONE).run();
        }
        assertThat(summary.status()).isEqualTo(JobSummary.Status.DONE);
        assertThat(summary.rowsWritten()).isEqualTo(expected.rows());

        Map<String, Map<String, Object>> rows = readAll(collection, expected.rows());
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(expected.ids());
        int dim = expected.dimension();
        for (int i = 0; i < expected.rows(); i++) {
            Map<String, Object> row = rows.get(expected.ids().get(i));
            assertThat(row.get("text")).as("text of %s", expected.ids().get(i)).isEqualTo(expected.texts().get(i));
            assertThat(json(row.get("metadata"))).as("metadata of %s", expected.ids().get(i))
                    .isEqualTo(expected.metadata().get(i));
            assertThat(bits(row.get("embedding"))).as("vector of %s", expected.ids().get(i))
                    .isEqualTo(rawBits(expected.vectors(), i * dim, dim));
        }
    }

    @Test
    void an_existing_collection_whose_text_field_is_too_short_is_refused_naming_the_field() throws Exception {
        String collection = milvus.freshCollection("langchain_short");
        collections.add(collection);
        CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().build();
        schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.VarChar).maxLength(100)
                .isPrimaryKey(true).build());
        schema.addField(AddFieldReq.builder().fieldName("embedding").dataType(DataType.FloatVector).dimension(19).build());
        schema.addField(AddFieldReq.builder().fieldName("text").dataType(DataType.VarChar).maxLength(100).build());
        milvus.client.createCollection(CreateCollectionReq.builder().collectionName(collection).collectionSchema(schema)
                .build());

        try (LangChainStoreSource source = LangChainStoreSource.open(LangChainFixtures.store("basic"));
             MilvusSink sink = MilvusSink.open(spec(collection, null, WriteMode.APPEND))) {
            assertThatThrownBy(() -> sink.prepare(source.schema(), false, -1))
                    .isInstanceOf(TargetMismatchException.class)
                    .hasMessageContaining("its field 'text' is VarChar with max length 100, the job's values need up"
                            + " to 1024 bytes; it has no field 'metadata' (the job writes metadata JSON)");
        }
    }

    private Map<String, Map<String, Object>> readAll(String collection, int rows) {
        QueryResp response = milvus.client.query(QueryReq.builder().collectionName(collection).filter("id >= \"\"")
                .outputFields(List.of("id", "embedding", "text", "metadata")).consistencyLevel(ConsistencyLevel.STRONG)
                .limit(rows + 10L).build());
        Map<String, Map<String, Object>> byId = new HashMap<>();
        for (QueryResp.QueryResult result : response.getQueryResults()) {
            byId.put((String) result.getEntity().get("id"), result.getEntity());
        }
        return byId;
    }

    /** The SDK hands JSON fields back as a Gson element (or text); both print as JSON. */
    private static JsonNode json(Object value) throws Exception {
        return JSON.readTree(value.toString());
    }

    private static int[] bits(Object vector) {
        @SuppressWarnings("unchecked")
        List<Float> floats = (List<Float>) vector;
        int[] bits = new int[floats.size()];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = Float.floatToRawIntBits(floats.get(i));
        }
        return bits;
    }
}
