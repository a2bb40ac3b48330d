package io.milvusdm.milvus;

import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvusdm.milvus.MilvusItSupport.TestSplit;
import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.SinkCompletion;
import io.milvusdm.pipeline.SinkPreparation;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorType;
import io.milvusdm.pipeline.WriteKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.milvusdm.milvus.MilvusItSupport.batch;
import static io.milvusdm.milvus.MilvusItSupport.floatSchema;
import static io.milvusdm.milvus.MilvusItSupport.ids;
import static io.milvusdm.milvus.MilvusItSupport.knownFloats;
import static io.milvusdm.milvus.MilvusItSupport.rawBits;
import static io.milvusdm.milvus.MilvusItSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rows written through {@link MilvusSink} come back from the server bit for bit. */
class MilvusSinkRoundTripIT {

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

    private String collection(String prefix) {
        String name = milvus.freshCollection(prefix);
        collections.add(name);
        return name;
    }

    @Test
    void float_rows_written_from_several_threads_come_back_bit_exact() throws Exception {
        String collection = collection("roundtrip");
        int dim = 32;
        int perBatch = 3_000;
        int batches = 4;
        float[][] vectors = new float[batches][];
        try (MilvusSink sink = MilvusSink.open(spec(collection, null, WriteMode.APPEND))) {
            SinkPreparation preparation = sink.prepare(floatSchema(dim, (long) perBatch * batches), false, -1);
            assertThat(preparation.skip()).isFalse();
            assertThat(preparation.message()).isEqualTo("created collection '" + collection + "'");
            ExecutorService pool = Executors.newFixedThreadPool(batches);
            List<Future<?>> futures = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                int index = b;
                vectors[b] = knownFloats(perBatch * dim, b);
                futures.add(pool.submit(() -> {
                    sink.write(batch(new TestSplit("s" + index, perBatch), 0, ids((long) index * perBatch, perBatch), dim,
                            vectors[index]), WriteKind.INSERT);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            pool.shutdown();
            SinkCompletion completion = sink.complete(0, (long) perBatch * batches);
            assertThat(completion.targetRows()).isEqualTo((long) perBatch * batches);
            assertThat(completion.matches()).isTrue();
        }
        Map<Object, int[]> rows = milvus.readRawBits(collection, null, 0, (long) perBatch * batches);
        assertThat(rows).hasSize(perBatch * batches);
        for (int b = 0; b < batches; b++) {
            for (int r = 0; r < perBatch; r++) {
                long id = (long) b * perBatch + r;
                assertThat(rows.get(id)).as("vector of id %d", id).isEqualTo(rawBits(vectors[b], r * dim, dim));
            }
        }
    }

    @Test
    void rows_of_a_named_partition_land_there_and_nowhere_else() throws Exception {
        String collection = collection("roundtrip_part");
        int dim = 8;
        float[] values = knownFloats(1_000 * dim, 11);
        try (MilvusSink sink = MilvusSink.open(spec(collection, "p1", WriteMode.APPEND))) {
            assertThat(sink.prepare(floatSchema(dim, 1_000), false, -1).message())
                    .isEqualTo("created collection '" + collection + "' with partition 'p1'");
            sink.write(batch(new TestSplit("p", 1_000), 0, ids(500, 1_000), dim, values), WriteKind.INSERT);
            assertThat(sink.complete(0, 1_000)).isEqualTo(new SinkCompletion(1_000, 1_000));
        }
        Map<Object, int[]> rows = milvus.readRawBits(collection, "p1", 0, 2_000);
        assertThat(rows).hasSize(1_000);
        for (int r = 0; r < 1_000; r++) {
            assertThat(rows.get(500L + r)).isEqualTo(rawBits(values, r * dim, dim));
        }
        assertThat(milvus.readRawBits(collection, "_default", 0, 2_000)).isEmpty();
    }

    @Test
    void varchar_keys_come_back_with_their_vectors() throws Exception {
        String collection = collection("roundtrip_varchar");
        int dim = 4;
        int rows = 300;
        String[] keys = new String[rows];
        for (int i = 0; i < rows; i++) {
            keys[i] = "key-" + i + (i % 3 == 0 ? "-é中" : "");
        }
        float[] values = knownFloats(rows * dim, 5);
        SourceSchema schema = new SourceSchema(VectorType.FLOAT_VECTOR, dim, KeyKind.VARCHAR, Optional.empty(), rows);
        try (MilvusSink sink = MilvusSink.open(spec(collection, null, WriteMode.APPEND))) {
            sink.prepare(schema, false, -1);
            sink.write(new VectorBatch(new TestSplit("v", rows), 0, new PrimaryKeys.VarcharKeys(keys),
                    new FloatVectors(dim, values)), WriteKind.INSERT);
            assertThat(sink.complete(0, rows).matches()).isTrue();
        }
        QueryResp response = milvus.client.query(QueryReq.builder().collectionName(collection).filter("id >= \"\"")
                .outputFields(List.of("id", "embedding")).consistencyLevel(ConsistencyLevel.STRONG).limit(1_000).build());
        assertThat(response.getQueryResults()).hasSize(rows);
        for (QueryResp.QueryResult result : response.getQueryResults()) {
            String key = (String) result.getEntity().get("id");
            int row = Integer.parseInt(key.split("-")[1]);
            assertThat(key).isEqualTo(keys[row]);
            @SuppressWarnings("unchecked")
            List<Float> vector = (List<Float>) result.getEntity().get("embedding");
            for (int d = 0; d < dim; d++) {
                assertThat(Float.floatToRawIntBits(vector.get(d))).isEqualTo(Float.floatToRawIntBits(values[row * dim + d]));
            }
        }
    }

    @Test
    void a_source_without_keys_gets_auto_id() throws Exception {
        String collection = collection("roundtrip_autoid");
        SourceSchema schema = new SourceSchema(VectorType.FLOAT_VECTOR, 4, KeyKind.NONE, Optional.empty(), 200);
        try (MilvusSink sink = MilvusSink.open(spec(collection, null, WriteMode.APPEND))) {
            sink.prepare(schema, false, -1);
            sink.write(new VectorBatch(new TestSplit("a", 200), 0, null, new FloatVectors(4, knownFloats(800, 1))),
                    WriteKind.INSERT);
            assertThat(sink.complete(0, 200)).isEqualTo(new SinkCompletion(200, 200));
        }
    }

    @Test
    void binary_vectors_on_milvus_lite_fail_clearly_before_anything_is_created() throws Exception {
        String collection = collection("roundtrip_binary");
        SourceSchema schema = new SourceSchema(VectorType.BINARY_VECTOR, 64, KeyKind.INT64, Optional.empty(), 2);
        try (MilvusSink sink = MilvusSink.open(spec(collection, null, WriteMode.APPEND))) {
            if (!sink.serverVersion().startsWith("milvus_lite")) {
                sink.prepare(schema, false, -1);
                sink.write(new VectorBatch(new TestSplit("b", 2), 0, new PrimaryKeys.Int64Keys(new long[] {1, 2}),
                        new ByteVectors(VectorType.BINARY_VECTOR, 64, new byte[16])), WriteKind.INSERT);
                assertThat(sink.complete(0, 2).matches()).isTrue();
                return;
            }
            assertThatThrownBy(() -> sink.prepare(schema, false, -1))
                    .isInstanceOfSatisfying(MilvusOperationException.class,
                            e -> assertThat(e.kind()).isEqualTo(MilvusOperationException.Kind.UNSUPPORTED))
                    .hasMessageContaining("does not support BINARY_VECTOR fields");
        }
        assertThat(milvus.client.hasCollection(io.milvus.v2.service.collection.request.HasCollectionReq.builder()
                .collectionName(collection).build())).isFalse();
    }
}
