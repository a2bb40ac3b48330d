package io.milvusdm.milvus;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.index.request.CreateIndexReq;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.vector.request.InsertReq;
import java.util.ArrayList;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorType;
import io.milvusdm.testing.TestEnvironment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shared pieces of the Milvus integration tests: specs against the test server, known vectors, and a reader
 * that fetches rows back with the SDK (independently of the sink's own code).
 */
public final class MilvusItSupport implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    public final MilvusClientV2 client;

    public MilvusItSupport() {
        client = new MilvusClientV2(ConnectConfig.builder().uri(TestEnvironment.milvusUri()).build());
    }

    /** On another server, e.g. {@link TestEnvironment#milvusAuthUri()} with token {@code root:Milvus}. */
    public MilvusItSupport(String uri, String token) {
        client = new MilvusClientV2(ConnectConfig.builder().uri(uri).token(token).build());
    }

    /** A fresh collection name for one test, dropped first in case an earlier run left it. */
    public String freshCollection(String prefix) {
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        client.dropCollection(DropCollectionReq.builder().collectionName(name).build());
        return name;
    }

    public void drop(String collection) {
        client.dropCollection(DropCollectionReq.builder().collectionName(collection).build());
    }

    static MilvusSinkSpec spec(String collection, String partition, WriteMode mode) {
        return new MilvusSinkSpec(MilvusTarget.of(TestEnvironment.milvusUri()), collection, partition, mode, null, null,
                false, null);
    }

    static SourceSchema floatSchema(int dim, long rows) {
        return new SourceSchema(VectorType.FLOAT_VECTOR, dim, KeyKind.INT64, Optional.empty(), rows);
    }

    /** Floats that exercise the bits: signed zeros, subnormals, extremes, and ordinary values. */
    static float[] knownFloats(int count, long seed) {
        Random random = new Random(seed);
        float[] values = new float[count];
        float[] special = {-0.0f, 0.0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE,
            Float.MIN_NORMAL, 1e-40f};
        for (int i = 0; i < count; i++) {
            values[i] = i < special.length ? special[i] : (float) random.nextGaussian() * 100;
        }
        return values;
    }

    static VectorBatch batch(Split split, long firstRow, long[] ids, int dim, float[] values) {
        return new VectorBatch(split, firstRow, new PrimaryKeys.Int64Keys(ids), new FloatVectors(dim, values));
    }

    static long[] ids(long from, int count) {
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = from + i;
        }
        return ids;
    }

    /** Every row of the collection (or partition) with id in [from, to), by id, read in pages of id ranges. */
    public Map<Object, int[]> readRawBits(String collection, String partition, long from, long to) {
        Map<Object, int[]> rows = new HashMap<>();
        long page = 5_000;
        for (long start = from; start < to; start += page) {
            QueryReq.QueryReqBuilder query = QueryReq.builder().collectionName(collection)
                    .filter("id >= " + start + " and id < " + Math.min(to, start + page))
                    .outputFields(List.of("id", "embedding")).consistencyLevel(ConsistencyLevel.STRONG)
                    .limit(page);
            if (partition != null) {
                query.partitionNames(List.of(partition));
            }
            QueryResp response = client.query(query.build());
            for (QueryResp.QueryResult result : response.getQueryResults()) {
                rows.put(result.getEntity().get("id"), embeddingBits(result));
            }
        }
        return rows;
    }

    /** The rows with the given ids (in the partition, when one is named), by id, read in pages of id lists. */
    public Map<Object, int[]> readRawBitsByIds(String collection, String partition, long[] wanted) {
        return readRawBitsByIds(collection, partition, wanted, "embedding");
    }

    /** As {@link #readRawBitsByIds(String, String, long[])}, from the vector field {@code vectorField}. */
    public Map<Object, int[]> readRawBitsByIds(String collection, String partition, long[] wanted,
                                               String vectorField) {
        Map<Object, int[]> rows = new HashMap<>();
        int page = 2_000;
        for (int start = 0; start < wanted.length; start += page) {
            StringBuilder filter = new StringBuilder("id in [");
            for (int i = start; i < Math.min(wanted.length, start + page); i++) {
                filter.append(i == start ? "" : ",").append(wanted[i]);
            }
            QueryReq.QueryReqBuilder query = QueryReq.builder().collectionName(collection)
                    .filter(filter.append(']').toString()).outputFields(List.of("id", vectorField))
                    .consistencyLevel(ConsistencyLevel.STRONG).limit(page);
            if (partition != null) {
                query.partitionNames(List.of(partition));
            }
            for (QueryResp.QueryResult result : client.query(query.build()).getQueryResults()) {
                rows.put(result.getEntity().get("id"), vectorBits(result, vectorField));
            }
        }
        return rows;
    }

    private static int[] embeddingBits(QueryResp.QueryResult result) {
        return vectorBits(result, "embedding");
    }

    private static int[] vectorBits(QueryResp.QueryResult result, String vectorField) {
        @SuppressWarnings("unchecked")
        List<Float> vector = (List<Float>) result.getEntity().get(vectorField);
        int[] bits = new int[vector.size()];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = Float.floatToRawIntBits(vector.get(i));
        }
        return bits;
    }

    /**
     * Creates a collection shaped as milvusdm creates one ({@code id} INT64 key, {@code embedding} FLOAT_VECTOR), fills
     * it with the SDK's row API (independently of milvusdm's own insert path) with {@code rows} random vectors
     * under random keys, indexes and loads it.
     *
     * @return id -> the raw bits of its vector
     */
    public Map<Long, int[]> createFloatCollection(String collection, int rows, int dim, long seed) {
        CreateCollectionReq.CollectionSchema schema = client.createSchema();
        schema.addField(AddFieldReq.builder().fieldName("id")
                .dataType(DataType.Int64).isPrimaryKey(true).autoID(false).build());
        schema.addField(AddFieldReq.builder().fieldName("embedding")
                .dataType(DataType.FloatVector).dimension(dim).build());
        client.createCollection(CreateCollectionReq.builder()
                .collectionName(collection).collectionSchema(schema).enableDynamicField(false).build());
        Random random = new Random(seed);
        Map<Long, int[]> inserted = new HashMap<>();
        List<JsonObject> batch = new ArrayList<>();
        while (inserted.size() < rows) {
            long id = random.nextLong() >> 16;
            JsonArray json = new JsonArray();
            int[] bits = new int[dim];
            for (int j = 0; j < dim; j++) {
                float value = (float) random.nextGaussian();
                bits[j] = Float.floatToRawIntBits(value);
                json.add(value);
            }
            if (inserted.put(id, bits) == null) {
                JsonObject row = new JsonObject();
                row.addProperty("id", id);
                row.add("embedding", json);
                batch.add(row);
            }
        }
        client.insert(InsertReq.builder().collectionName(collection).data(batch)
                .build());
        // sync(false): a synchronous createIndex calls AllocTimestamp, which Milvus Lite 3.x lacks
        client.createIndex(CreateIndexReq.builder().collectionName(collection)
                .sync(false).indexParams(List.of(IndexParam.builder().fieldName("embedding")
                        .indexType(IndexParam.IndexType.FLAT)
                        .metricType(IndexParam.MetricType.L2).build())).build());
        client.loadCollection(LoadCollectionReq.builder()
                .collectionName(collection).build());
        return inserted;
    }

    /** count(*) of the whole collection, read with the SDK. */
    public long count(String collection) {
        QueryResp response = client.query(QueryReq.builder().collectionName(collection)
                .outputFields(List.of("count(*)")).consistencyLevel(ConsistencyLevel.STRONG).build());
        return ((Number) response.getQueryResults().get(0).getEntity().get("count(*)")).longValue();
    }

    /** The metric of the collection's vector index, as Milvus names it (L2, IP, COSINE, HAMMING, JACCARD). */
    public String metricOf(String collection) {
        return client.describeIndex(DescribeIndexReq.builder()
                .collectionName(collection).fieldName("embedding").build())
                .getIndexDescriptions().get(0).getMetricType().name();
    }

    public boolean exists(String collection) {
        return client.hasCollection(HasCollectionReq.builder()
                .collectionName(collection).build());
    }

    public static int[] rawBits(float[] values, int from, int length) {
        int[] bits = new int[length];
        for (int i = 0; i < length; i++) {
            bits[i] = Float.floatToRawIntBits(values[from + i]);
        }
        return bits;
    }

    @Override
    public void close() {
        client.close();
    }

    record TestSplit(String id, long rowCount) implements Split {
    }
}
