package io.milvusdm.milvus;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.milvus.orm.iterator.QueryIterator;
import io.milvus.response.QueryResultsWrapper.RowRecord;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.index.request.CreateIndexReq;
import io.milvus.v2.service.partition.request.CreatePartitionReq;
import io.milvus.v2.service.partition.request.HasPartitionReq;
import io.milvus.v2.service.partition.request.ListPartitionsReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryIteratorReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.QueryResp.QueryResult;
import io.milvus.v2.service.vector.response.SearchResp;
import io.milvusdm.testing.TestEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Milvus calls milvusdm relies on, against the server under test (scripts/milvus-local): if this fails, the
 * server (or the SDK against it) is not fit for the integration suite. docs/milvus-servers.md records the results.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MilvusServerSmokeIT {

    private static final int DIM = 8;
    private static final int ROWS = 100;

    private MilvusClientV2 client;
    private final List<String> collections = new ArrayList<>();

    @BeforeAll
    void connect() {
        client = new MilvusClientV2(ConnectConfig.builder()
                .uri(TestEnvironment.milvusUri())
                .token(TestEnvironment.milvusToken())
                .build());
    }

    @AfterEach
    void dropCollections() {
        for (String name : collections) {
            client.dropCollection(DropCollectionReq.builder().collectionName(name).build());
            assertThat(client.hasCollection(HasCollectionReq.builder().collectionName(name).build())).isFalse();
        }
        collections.clear();
    }

    @AfterAll
    void close() {
        client.close();
    }

    @Test
    void should_search_query_and_iterate_inserted_rows() {
        String name = loadedCollectionWithRows();

        SearchResp search = client.search(SearchReq.builder()
                .collectionName(name)
                .annsField("embedding")
                .data(List.of(new FloatVec(vector(7))))
                .topK(3)
                .consistencyLevel(ConsistencyLevel.STRONG)
                .build());
        assertThat(search.getSearchResults()).hasSize(1);
        assertThat(search.getSearchResults().get(0)).hasSize(3);
        assertThat(search.getSearchResults().get(0).get(0).getId()).isEqualTo(7L);

        List<QueryResult> byIds = client.query(QueryReq.builder()
                .collectionName(name)
                .ids(List.of(3L, 50L, 99L))
                .outputFields(List.of("id", "embedding"))
                .consistencyLevel(ConsistencyLevel.STRONG)
                .build()).getQueryResults();
        assertThat(byIds).extracting(r -> r.getEntity().get("id")).containsExactlyInAnyOrder(3L, 50L, 99L);
        QueryResult row50 = byIds.stream().filter(r -> r.getEntity().get("id").equals(50L)).findFirst().orElseThrow();
        assertThat(row50.getEntity().get("embedding")).isEqualTo(boxed(vector(50)));

        assertThat(iterateIds(name, 7)).containsExactlyElementsOf(LongStream.range(0, ROWS).boxed().toList());
        assertThat(count(name, List.of(), "")).isEqualTo(ROWS);
    }

    @Test
    void should_delete_by_filter_and_count_the_rest() {
        String name = loadedCollectionWithRows();

        long deleted = client.delete(DeleteReq.builder().collectionName(name).filter("id >= 90").build())
                .getDeleteCnt();
        client.flush(FlushReq.builder().collectionNames(List.of(name)).build());

        assertThat(deleted).isEqualTo(10);
        assertThat(count(name, List.of(), "")).isEqualTo(ROWS - 10);
        assertThat(iterateIds(name, 25)).hasSize(ROWS - 10).allMatch(id -> id < 90);
    }

    @Test
    void should_insert_into_a_partition_and_count_it() {
        String name = loadedCollectionWithRows();

        client.createPartition(CreatePartitionReq.builder().collectionName(name).partitionName("p1").build());
        assertThat(client.hasPartition(HasPartitionReq.builder().collectionName(name).partitionName("p1").build()))
                .isTrue();
        assertThat(client.listPartitions(ListPartitionsReq.builder().collectionName(name).build()))
                .contains("_default", "p1");
        client.insert(InsertReq.builder().collectionName(name).partitionName("p1").data(rows(1000, 1010)).build());

        // With no filter, milvus-lite 3.2.2 answers count(*) for the whole collection whatever the partitions.
        assertThat(count(name, List.of("p1"), "id >= 0")).isEqualTo(10);
        assertThat(count(name, List.of(), "")).isEqualTo(ROWS + 10);
    }

    /** A collection with ids 0..ROWS-1, a FLAT L2 index, loaded; dropped after the test. */
    private String loadedCollectionWithRows() {
        String name = "smoke_" + UUID.randomUUID().toString().replace("-", "");
        collections.add(name);
        CreateCollectionReq.CollectionSchema schema = client.createSchema();
        schema.setEnableDynamicField(false);
        schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true)
                .autoID(false).build());
        schema.addField(AddFieldReq.builder().fieldName("embedding").dataType(DataType.FloatVector).dimension(DIM)
                .build());
        client.createCollection(CreateCollectionReq.builder()
                .collectionName(name)
                .collectionSchema(schema)
                .consistencyLevel(ConsistencyLevel.STRONG)
                .build());
        // Inserted in ascending id order: lite 3.x iterators follow storage order, not id order.
        client.insert(InsertReq.builder().collectionName(name).data(rows(0, ROWS)).build());
        // sync(false): a synchronous createIndex calls AllocTimestamp, which milvus-lite 3.x does not implement.
        client.createIndex(CreateIndexReq.builder()
                .collectionName(name)
                .indexParams(List.of(IndexParam.builder()
                        .fieldName("embedding")
                        .indexType(IndexParam.IndexType.FLAT)
                        .metricType(IndexParam.MetricType.L2)
                        .build()))
                .sync(false)
                .build());
        client.loadCollection(LoadCollectionReq.builder().collectionName(name).build());
        return name;
    }

    private long count(String collection, List<String> partitions, String filter) {
        List<QueryResult> result = client.query(QueryReq.builder()
                .collectionName(collection)
                .partitionNames(partitions)
                .filter(filter)
                .outputFields(List.of("count(*)"))
                .consistencyLevel(ConsistencyLevel.STRONG)
                .build()).getQueryResults();
        return (Long) result.get(0).getEntity().get("count(*)");
    }

    private List<Long> iterateIds(String collection, int batchSize) {
        QueryIterator iterator = client.queryIterator(QueryIteratorReq.builder()
                .collectionName(collection)
                .outputFields(List.of("id"))
                .batchSize(batchSize)
                .consistencyLevel(ConsistencyLevel.STRONG)
                .build());
        List<Long> ids = new ArrayList<>();
        try {
            for (List<RowRecord> page = iterator.next(); !page.isEmpty(); page = iterator.next()) {
                page.forEach(row -> ids.add((Long) row.get("id")));
            }
        } finally {
            iterator.close();
        }
        return ids;
    }

    private static List<JsonObject> rows(long fromId, long toId) {
        List<JsonObject> rows = new ArrayList<>();
        for (long id = fromId; id < toId; id++) {
            JsonObject row = new JsonObject();
            row.addProperty("id", id);
            JsonArray embedding = new JsonArray();
            for (float value : vector(id)) {
                embedding.add(value);
            }
            row.add("embedding", embedding);
            rows.add(row);
        }
        return rows;
    }

    /** Distinct, exactly representable values, so a row's nearest neighbour is itself and round trips compare equal. */
    private static float[] vector(long id) {
        float[] vector = new float[DIM];
        for (int j = 0; j < DIM; j++) {
            vector[j] = (float) ((id * 31 + j * 7) % 997) / 4;
        }
        return vector;
    }

    private static List<Float> boxed(float[] vector) {
        List<Float> list = new ArrayList<>(vector.length);
        for (float value : vector) {
            list.add(value);
        }
        return list;
    }
}
