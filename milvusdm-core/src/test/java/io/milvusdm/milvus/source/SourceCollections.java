package io.milvusdm.milvus.source;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.index.request.CreateIndexReq;
import io.milvus.v2.service.partition.request.CreatePartitionReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvusdm.milvus.MilvusItSupport;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds collections with the SDK (independently of the source) and reads splits back into rows by key. */
final class SourceCollections {

    /** One row read back: its vector's raw bits and its scalar values as text. */
    record Row(int[] bits, Map<String, String> scalars) {
    }

    private SourceCollections() {
    }

    static void create(MilvusItSupport it, String name, DataType keyType, int dim, boolean scalars,
                       List<String> partitions) {
        create(it, name, keyType, 200, dim, scalars, partitions);
    }

    /** @param keyMaxLength a VARCHAR key's max_length */
    static void create(MilvusItSupport it, String name, DataType keyType, int keyMaxLength, int dim, boolean scalars,
                       List<String> partitions) {
        CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder()
                .enableDynamicField(false).build();
        AddFieldReq.AddFieldReqBuilder key = AddFieldReq.builder().fieldName("pk").dataType(keyType).isPrimaryKey(true)
                .autoID(false);
        schema.addField(keyType == DataType.VarChar ? key.maxLength(keyMaxLength).build() : key.build());
        schema.addField(AddFieldReq.builder().fieldName("vec").dataType(DataType.FloatVector).dimension(dim).build());
        if (scalars) {
            schema.addField(AddFieldReq.builder().fieldName("title").dataType(DataType.VarChar).maxLength(300).build());
            schema.addField(AddFieldReq.builder().fieldName("meta").dataType(DataType.JSON).build());
            schema.addField(AddFieldReq.builder().fieldName("score").dataType(DataType.Int32).build());
        }
        it.client.createCollection(CreateCollectionReq.builder().collectionName(name).collectionSchema(schema).build());
        IndexParam index = IndexParam.builder().fieldName("vec").indexType(IndexParam.IndexType.FLAT)
                .metricType(IndexParam.MetricType.L2).build();
        // sync(false): a synchronous createIndex calls AllocTimestamp, which Milvus Lite 3.x lacks
        it.client.createIndex(CreateIndexReq.builder().collectionName(name).indexParams(List.of(index)).sync(false).build());
        for (String partition : partitions) {
            it.client.createPartition(CreatePartitionReq.builder().collectionName(name).partitionName(partition).build());
        }
    }

    static void insert(MilvusItSupport it, String name, String partition, List<JsonObject> rows) {
        for (int from = 0; from < rows.size(); from += 2000) {
            InsertReq.InsertReqBuilder insert = InsertReq.builder().collectionName(name)
                    .data(rows.subList(from, Math.min(rows.size(), from + 2000)));
            if (partition != null) {
                insert.partitionName(partition);
            }
            it.client.insert(insert.build());
        }
    }

    static JsonObject row(Object key, float[] vector) {
        JsonObject row = new JsonObject();
        if (key instanceof Long l) {
            row.addProperty("pk", l);
        } else {
            row.addProperty("pk", (String) key);
        }
        JsonArray values = new JsonArray();
        for (float v : vector) {
            values.add(v);
        }
        row.add("vec", values);
        return row;
    }

    /** Reads every split and returns the rows by key; a key read twice fails the test. */
    static Map<Object, Row> readAll(MilvusCollectionSource source, List<Split> splits, long batchBytes)
            throws IOException {
        Map<Object, Row> rows = new HashMap<>();
        for (Split split : splits) {
            readSplit(source, split, batchBytes, rows);
        }
        return rows;
    }

    static void readSplit(MilvusCollectionSource source, Split split, long batchBytes, Map<Object, Row> rows)
            throws IOException {
        long read = 0;
        try (BatchReader reader = source.open(split, batchBytes)) {
            VectorBatch batch;
            while ((batch = reader.next()) != null) {
                if (batch.rowCount() > 1 && batch.byteSize() > batchBytes) {
                    throw new AssertionError("batch of " + batch.byteSize() + " bytes > " + batchBytes);
                }
                collect(batch, rows);
                read += batch.rowCount();
                source.recycle(batch);
            }
        }
        if (read != split.rowCount()) {
            throw new AssertionError("split " + split.id() + " read " + read + " rows, expected " + split.rowCount());
        }
    }

    private static void collect(VectorBatch batch, Map<Object, Row> rows) {
        FloatVectors vectors = (FloatVectors) batch.vectors();
        int dim = vectors.dimension();
        for (int r = 0; r < batch.rowCount(); r++) {
            Object key = batch.keys() instanceof PrimaryKeys.Int64Keys k ? (Object) k.values()[r]
                    : ((PrimaryKeys.VarcharKeys) batch.keys()).values()[r];
            int[] bits = new int[dim];
            for (int d = 0; d < dim; d++) {
                bits[d] = Float.floatToRawIntBits(vectors.values()[r * dim + d]);
            }
            Map<String, String> scalars = new HashMap<>();
            for (ScalarColumn column : batch.scalarColumns()) {
                scalars.put(column.name(), column instanceof ScalarColumn.VarcharColumn v ? v.values()[r]
                        : new String(((ScalarColumn.JsonColumn) column).values()[r], StandardCharsets.UTF_8));
            }
            if (rows.put(key, new Row(bits, scalars)) != null) {
                throw new AssertionError("key " + key + " read twice (split " + batch.split().id() + ")");
            }
        }
    }

    static List<Long> pageCounts(List<Split> splits) {
        List<Long> counts = new ArrayList<>();
        splits.forEach(s -> ((MilvusSplit) s).pages().forEach(p -> counts.add(p.count())));
        return counts;
    }
}
