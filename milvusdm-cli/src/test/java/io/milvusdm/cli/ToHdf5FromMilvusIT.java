package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.index.request.CreateIndexReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvusdm.milvus.MilvusItSupport;
import io.milvusdm.testing.TestEnvironment;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The H2M round trip: a Milvus Lite collection through {@code milvusdm to-hdf5}, then the side H2M job it wrote,
 * run unchanged but for the target port, into another collection: every id and vector arrives bit-exact.
 */
class ToHdf5FromMilvusIT {

    private static final int ROWS = 2_003;
    private static final int DIM = 24;

    @TempDir
    Path dir;

    @Test
    void the_side_h2m_job_moves_every_row_into_another_collection_bit_exact() throws IOException {
        try (MilvusItSupport milvus = new MilvusItSupport()) {
            String source = milvus.freshCollection("to_hdf5_src");
            String target = milvus.freshCollection("to_hdf5_dst");
            Map<Long, int[]> inserted = createAndFill(milvus, source);
            Path out = dir.resolve("export.h5");
            URI uri = URI.create(TestEnvironment.milvusUri());

            CliRun export = CliRun.run(Map.of(), "to-hdf5", "--milvus-uri", uri.toString(), "--collection", source,
                    "--out", out.toString(), "--dest-host", uri.getHost(), "--dest-port", "" + uri.getPort(),
                    "--dest-collection", target, "--no-progress", "--batch-bytes", "16KB");

            assertThat(export.exitCode()).as(export.toString()).isEqualTo(ExitCodes.OK);
            assertThat(export.out()).contains("rows in target: 2,003 (expected 2,003)");
            Path yaml = dir.resolve("export.h5.yaml");
            assertThat(Files.readString(yaml)).contains("  dest_partition_name: ''\n", "  mode: skip\n",
                    "    dimension: 24\n", "    metric_type: L2\n").doesNotContain("None");

            CliRun load = CliRun.run(Map.of(), "--yaml", yaml.toString(), "--no-progress");

            assertThat(load.exitCode()).as(load.toString()).isEqualTo(ExitCodes.OK);
            long[] ids = inserted.keySet().stream().mapToLong(Long::longValue).toArray();
            Map<Object, int[]> loaded = milvus.readRawBitsByIds(target, null, ids);
            assertThat(loaded).hasSize(ROWS);
            inserted.forEach((id, bits) -> assertThat(loaded.get(id)).as("id %d", id).containsExactly(bits));
            milvus.drop(source);
            milvus.drop(target);
        }
    }

    /** A collection shaped as MilvusDM's H2M creates one (id, embedding), so both sides compare by those names. */
    private static Map<Long, int[]> createAndFill(MilvusItSupport milvus, String collection) {
        CreateCollectionReq.CollectionSchema schema = milvus.client.createSchema();
        schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true)
                .autoID(false).build());
        schema.addField(AddFieldReq.builder().fieldName("embedding").dataType(DataType.FloatVector).dimension(DIM)
                .build());
        milvus.client.createCollection(CreateCollectionReq.builder().collectionName(collection)
                .collectionSchema(schema).enableDynamicField(false).build());
        Random random = new Random(20261124);
        Map<Long, int[]> rows = new HashMap<>();
        List<JsonObject> batch = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            long id = random.nextLong() >> 16;
            JsonArray json = new JsonArray();
            int[] bits = new int[DIM];
            for (int j = 0; j < DIM; j++) {
                float value = (float) random.nextGaussian();
                bits[j] = Float.floatToRawIntBits(value);
                json.add(value);
            }
            rows.put(id, bits);
            JsonObject row = new JsonObject();
            row.addProperty("id", id);
            row.add("embedding", json);
            batch.add(row);
        }
        milvus.client.insert(InsertReq.builder().collectionName(collection).data(batch).build());
        // sync(false): a synchronous createIndex calls AllocTimestamp, which Milvus Lite 3.x lacks
        milvus.client.createIndex(CreateIndexReq.builder().collectionName(collection).sync(false)
                .indexParams(List.of(IndexParam.builder().fieldName("embedding").indexType(IndexParam.IndexType.FLAT)
                        .metricType(IndexParam.MetricType.L2).build())).build());
        return rows;
    }
}
