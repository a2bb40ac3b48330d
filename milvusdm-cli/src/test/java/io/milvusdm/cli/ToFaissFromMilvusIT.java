package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.index.request.CreateIndexReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvusdm.format.faiss.FaissSource;
import io.milvusdm.milvus.MilvusItSupport;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code milvusdm to-faiss --milvus-uri}: a Milvus Lite collection into a Faiss file, every id and vector kept. */
class ToFaissFromMilvusIT {

    private static final int ROWS = 3_001;
    private static final int DIM = 16;

    @TempDir
    Path dir;

    @Test
    void a_collection_becomes_an_id_mapped_faiss_index_with_every_vector_bit_exact() throws IOException {
        try (MilvusItSupport milvus = new MilvusItSupport()) {
            String collection = milvus.freshCollection("to_faiss");
            Map<Long, float[]> inserted = createAndFill(milvus, collection);
            Path out = dir.resolve("from_milvus.index");

            CliRun run = CliRun.run(Map.of(), "to-faiss", "--milvus-uri", TestEnvironment.milvusUri(),
                    "--collection", collection, "--out", out.toString(), "--kind", "idmap2", "--no-progress");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
            assertThat(run.out()).contains("rows in target: 3,001 (expected 3,001)");
            Map<Long, float[]> written = readFaiss(out);
            assertThat(written.keySet()).isEqualTo(inserted.keySet());
            inserted.forEach((id, vector) -> assertThat(bits(written.get(id))).as("id %d", id)
                    .containsExactly(bits(vector)));
            milvus.drop(collection);
        }
    }

    private static Map<Long, float[]> createAndFill(MilvusItSupport milvus, String collection) {
        CreateCollectionReq.CollectionSchema schema = milvus.client.createSchema();
        schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true)
                .autoID(false).build());
        schema.addField(AddFieldReq.builder().fieldName("embedding").dataType(DataType.FloatVector).dimension(DIM)
                .build());
        milvus.client.createCollection(CreateCollectionReq.builder().collectionName(collection)
                .collectionSchema(schema).enableDynamicField(false).build());
        Random random = new Random(20261124);
        Map<Long, float[]> rows = new HashMap<>();
        List<JsonObject> batch = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            long id = random.nextLong() >> 20;
            float[] vector = new float[DIM];
            JsonArray json = new JsonArray();
            for (int j = 0; j < DIM; j++) {
                vector[j] = (float) random.nextGaussian();
                json.add(vector[j]);
            }
            rows.put(id, vector);
            JsonObject row = new JsonObject();
            row.addProperty("id", id);
            row.add("embedding", json);
            batch.add(row);
        }
        milvus.client.insert(InsertReq.builder().collectionName(collection).data(batch).build());
        milvus.client.createIndex(CreateIndexReq.builder().collectionName(collection).sync(false)
                .indexParams(List.of(IndexParam.builder().fieldName("embedding").indexType(IndexParam.IndexType.FLAT)
                        .metricType(IndexParam.MetricType.L2).build())).build());
        milvus.client.loadCollection(LoadCollectionReq.builder().collectionName(collection).build());
        return rows;
    }

    private static Map<Long, float[]> readFaiss(Path index) throws IOException {
        Map<Long, float[]> rows = new HashMap<>();
        try (FaissSource source = FaissSource.open(index)) {
            for (Split split : source.splits(1 << 20)) {
                try (BatchReader reader = source.open(split, 1 << 16)) {
                    for (VectorBatch b = reader.next(); b != null; b = reader.next()) {
                        long[] ids = ((PrimaryKeys.Int64Keys) b.keys()).values();
                        float[] values = ((FloatVectors) b.vectors()).values();
                        for (int r = 0; r < ids.length; r++) {
                            rows.put(ids[r], java.util.Arrays.copyOfRange(values, r * DIM, (r + 1) * DIM));
                        }
                    }
                }
            }
        }
        return rows;
    }

    private static int[] bits(float[] vector) {
        int[] bits = new int[vector.length];
        for (int i = 0; i < vector.length; i++) {
            bits[i] = Float.floatToRawIntBits(vector[i]);
        }
        return bits;
    }
}
