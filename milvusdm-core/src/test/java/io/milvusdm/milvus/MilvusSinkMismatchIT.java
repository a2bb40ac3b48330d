package io.milvusdm.milvus;

import io.milvusdm.milvus.MilvusItSupport.TestSplit;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.ScalarType;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.VectorType;
import io.milvusdm.pipeline.WriteKind;
import io.milvusdm.testing.TestEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import static io.milvusdm.milvus.MilvusItSupport.batch;
import static io.milvusdm.milvus.MilvusItSupport.floatSchema;
import static io.milvusdm.milvus.MilvusItSupport.ids;
import static io.milvusdm.milvus.MilvusItSupport.knownFloats;
import static io.milvusdm.milvus.MilvusItSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A target that cannot take the job fails before any write, with a message naming what differs. */
class MilvusSinkMismatchIT {

    private MilvusItSupport milvus;
    private String collection;

    @BeforeEach
    void createExistingCollection() throws IOException {
        milvus = new MilvusItSupport();
        collection = milvus.freshCollection("mismatch");
        try (MilvusSink sink = MilvusSink.open(spec(collection, null, WriteMode.APPEND))) {
            sink.prepare(floatSchema(8, 100), false, -1);
            sink.write(batch(new TestSplit("s", 100), 0, ids(0, 100), 8, knownFloats(800, 1)), WriteKind.INSERT);
            assertThat(sink.complete(0, 100).matches()).isTrue();
        }
    }

    @AfterEach
    void cleanUp() {
        milvus.drop(collection);
        milvus.close();
    }

    @ParameterizedTest
    @EnumSource(value = WriteMode.class, names = {"APPEND", "UPSERT", "SKIP"})
    void a_different_dimension_fails_before_any_write(WriteMode mode) throws Exception {
        try (MilvusSink sink = MilvusSink.open(spec(collection, null, mode))) {
            assertThatThrownBy(() -> sink.prepare(floatSchema(16, 10), false, -1))
                    .isInstanceOf(TargetMismatchException.class)
                    .hasMessage("Collection '" + collection + "' exists and does not fit the job: its vector field "
                            + "'embedding' is FLOAT_VECTOR dim 8, the job writes FLOAT_VECTOR dim 16 "
                            + "(the job needs FLOAT_VECTOR dim 16, INT64 key, metric L2)");
        }
        assertThat(milvus.count(collection)).isEqualTo(100);
    }

    @Test
    void a_different_metric_fails_before_any_write() throws Exception {
        MilvusSinkSpec ip = new MilvusSinkSpec(MilvusTarget.of(TestEnvironment.milvusUri()), collection, null,
                WriteMode.APPEND, "ip", null, false, null);
        try (MilvusSink sink = MilvusSink.open(ip)) {
            assertThatThrownBy(() -> sink.prepare(floatSchema(8, 10), false, -1))
                    .isInstanceOf(TargetMismatchException.class)
                    .hasMessageContaining("its index (FLAT) uses metric L2, the job's metric is IP");
        }
        assertThat(milvus.count(collection)).isEqualTo(100);
    }

    @Test
    void different_keys_fail_and_a_named_partition_is_not_created() throws Exception {
        SourceSchema varchar = new SourceSchema(VectorType.FLOAT_VECTOR, 8, KeyKind.VARCHAR, Optional.empty(), 10);
        try (MilvusSink sink = MilvusSink.open(spec(collection, "p_new", WriteMode.APPEND))) {
            assertThatThrownBy(() -> sink.prepare(varchar, false, -1))
                    .isInstanceOf(TargetMismatchException.class)
                    .hasMessageContaining("its primary key 'id' is INT64, the job's keys are VARCHAR");
        }
        assertThat(milvus.client.hasPartition(io.milvus.v2.service.partition.request.HasPartitionReq.builder()
                .collectionName(collection).partitionName("p_new").build())).isFalse();
    }

    @Test
    void a_collection_with_other_field_names_is_refused() throws Exception {
        String other = milvus.freshCollection("mismatch_names");
        var schema = milvus.client.createSchema();
        schema.addField(io.milvus.v2.service.collection.request.AddFieldReq.builder().fieldName("pk")
                .dataType(io.milvus.v2.common.DataType.Int64).isPrimaryKey(true).build());
        schema.addField(io.milvus.v2.service.collection.request.AddFieldReq.builder().fieldName("vec")
                .dataType(io.milvus.v2.common.DataType.FloatVector).dimension(8).build());
        milvus.client.createCollection(io.milvus.v2.service.collection.request.CreateCollectionReq.builder()
                .collectionName(other).collectionSchema(schema).enableDynamicField(false).build());
        try (MilvusSink sink = MilvusSink.open(spec(other, null, WriteMode.APPEND))) {
            assertThatThrownBy(() -> sink.prepare(floatSchema(8, 10), false, -1))
                    .isInstanceOf(TargetMismatchException.class)
                    .hasMessageContaining("its fields are named 'pk' and 'vec', the job writes 'id' and 'embedding'");
        } finally {
            milvus.drop(other);
        }
    }

    @Test
    void overwrite_replaces_a_collection_that_does_not_fit() throws Exception {
        try (MilvusSink sink = MilvusSink.open(spec(collection, null, WriteMode.OVERWRITE))) {
            assertThat(sink.prepare(floatSchema(16, 10), false, -1).message())
                    .isEqualTo("dropped and recreated collection '" + collection + "'");
            sink.write(batch(new TestSplit("s", 10), 0, ids(0, 10), 16, knownFloats(160, 2)), WriteKind.INSERT);
            assertThat(sink.complete(0, 10).matches()).isTrue();
        }
    }

    @Test
    void a_declared_dimension_that_differs_from_the_source_fails_before_the_server_is_touched() throws Exception {
        String fresh = milvus.freshCollection("mismatch_declared");
        MilvusSinkSpec declared = new MilvusSinkSpec(MilvusTarget.of(TestEnvironment.milvusUri()), fresh, null,
                WriteMode.APPEND, null, 128, false, null);
        try (MilvusSink sink = MilvusSink.open(declared)) {
            assertThatThrownBy(() -> sink.prepare(floatSchema(8, 10), false, -1))
                    .isInstanceOf(SinkSpecException.class)
                    .hasMessage("The job declares dimension 128 for collection '" + fresh
                            + "' but the source's vectors have dimension 8");
        }
        assertThat(milvus.exists(fresh)).isFalse();
    }

    @Test
    void milvus_1x_metrics_are_refused_with_the_reason() throws Exception {
        MilvusSinkSpec tanimoto = new MilvusSinkSpec(MilvusTarget.of(TestEnvironment.milvusUri()), collection, null,
                WriteMode.APPEND, "TANIMOTO", null, false, null);
        SourceSchema binary = new SourceSchema(VectorType.BINARY_VECTOR, 64, KeyKind.INT64, Optional.empty(), 10);
        try (MilvusSink sink = MilvusSink.open(tanimoto)) {
            assertThatThrownBy(() -> sink.prepare(binary, false, -1))
                    .isInstanceOf(SinkSpecException.class)
                    .hasMessage("Metric TANIMOTO does not exist in Milvus 2.x (it was dropped after Milvus 1.x); "
                            + "for binary vectors use HAMMING or JACCARD");
        }
        MilvusSinkSpec hamming = new MilvusSinkSpec(MilvusTarget.of(TestEnvironment.milvusUri()), collection, null,
                WriteMode.APPEND, "hamming", null, false, null);
        try (MilvusSink sink = MilvusSink.open(hamming)) {
            assertThatThrownBy(() -> sink.prepare(floatSchema(8, 10), false, -1))
                    .isInstanceOf(SinkSpecException.class)
                    .hasMessage("Metric HAMMING does not fit FLOAT_VECTOR vectors of collection '" + collection
                            + "'; use one of L2, IP, COSINE");
        }
    }

    @Test
    void typed_scalar_fields_must_find_their_type_capacity_and_the_dynamic_field() throws Exception {
        String typed = milvus.freshCollection("mismatch_typed");
        SourceSchema created = scalars(ScalarField.array("tags", ScalarType.INT32, 4, 0, false),
                ScalarField.number("year", ScalarType.INT16, true));
        try (MilvusSink sink = MilvusSink.open(spec(typed, null, WriteMode.APPEND))) {
            sink.prepare(created, false, -1);
        }
        SourceSchema wider = scalars(ScalarField.array("tags", ScalarType.INT32, 8, 0, false),
                ScalarField.number("year", ScalarType.INT16, true), ScalarField.dynamic());
        SourceSchema other = scalars(ScalarField.array("tags", ScalarType.INT64, 4, 0, false),
                ScalarField.number("year", ScalarType.INT16, true));
        try (MilvusSink sink = MilvusSink.open(spec(typed, null, WriteMode.APPEND))) {
            assertThatThrownBy(() -> sink.prepare(wider, false, -1))
                    .isInstanceOf(TargetMismatchException.class)
                    .hasMessageContaining("its field 'tags' has max capacity 4, the job's values need up to 8 elements")
                    .hasMessageContaining("it has no dynamic field, the job writes one ($meta)");
            assertThatThrownBy(() -> sink.prepare(other, false, -1))
                    .isInstanceOf(TargetMismatchException.class)
                    .hasMessageContaining("its field 'tags' is Array of Int32, the job writes tags ARRAY<INT64>[4]");
        } finally {
            milvus.drop(typed);
        }
    }

    private static SourceSchema scalars(ScalarField... fields) {
        return new SourceSchema(VectorType.FLOAT_VECTOR, 8, KeyKind.INT64, Optional.empty(), 0, List.of(fields));
    }

    @Test
    void an_unreachable_server_fails_fast_with_the_redacted_address() {
        MilvusTarget nowhere = new MilvusTarget("http://someone:s3cret-pw@127.0.0.1:19549", "someone", "s3cret-pw",
                null, null, false, null, null, null, null);
        long start = System.nanoTime();

        assertThatThrownBy(() -> MilvusSink.open(new MilvusSinkSpec(nowhere, "c", null, WriteMode.APPEND, null, null,
                false, null)))
                .isInstanceOfSatisfying(MilvusOperationException.class,
                        e -> assertThat(e.kind()).isEqualTo(MilvusOperationException.Kind.UNREACHABLE))
                .hasMessage("Cannot connect to Milvus at http://***@127.0.0.1:19549: connection refused");

        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds to fail").isLessThan(5_000);
    }
}
