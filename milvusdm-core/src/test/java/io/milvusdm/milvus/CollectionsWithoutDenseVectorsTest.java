package io.milvusdm.milvus;

import com.google.protobuf.ByteString;
import io.milvus.grpc.CollectionSchema;
import io.milvus.grpc.ConsistencyLevel;
import io.milvus.grpc.DataType;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.FieldSchema;
import io.milvus.grpc.InsertRequest;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.LongArray;
import io.milvus.grpc.MsgBase;
import io.milvus.grpc.MsgType;
import io.milvus.grpc.ScalarField;
import io.milvus.grpc.SparseFloatArray;
import io.milvus.grpc.StringArray;
import io.milvus.grpc.VectorField;
import io.milvusdm.milvus.MilvusItSupport.TestSplit;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.NoVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarType;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorType;
import io.milvusdm.pipeline.WriteKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Milvus to Milvus for a collection without a dense vector field: the target's fields are all filled from the
 * batches' columns, the insert request carries no vector field of the batch's own, and a source and a target that
 * disagree about having one are refused before anything is written.
 */
class CollectionsWithoutDenseVectorsTest {

    private static final MilvusTarget SERVER = MilvusTarget.of("http://127.0.0.1:1");
    private static final List<io.milvusdm.pipeline.ScalarField> COLUMNS = List.of(
            io.milvusdm.pipeline.ScalarField.varchar("body", 64, false),
            io.milvusdm.pipeline.ScalarField.wire("sp", ScalarType.VECTOR, false));
    private static final SourceSchema WITHOUT_VECTORS = new SourceSchema(VectorType.NONE, 0, KeyKind.INT64,
            Optional.empty(), 2, COLUMNS);

    private static FieldSchema field(String name, DataType type) {
        return FieldSchema.newBuilder().setName(name).setDataType(type).build();
    }

    private static CollectionTemplate template(FieldSchema... fields) {
        return new CollectionTemplate(CollectionSchema.newBuilder().setName("src")
                .addFields(field("id", DataType.Int64).toBuilder().setIsPrimaryKey(true)).addAllFields(List.of(fields))
                .build(), ConsistencyLevel.Strong, 0, List.of(), List.of());
    }

    @Test
    void the_main_vector_field_is_the_first_dense_one_whatever_comes_before_it() {
        CollectionTemplate mixed = template(field("sp", DataType.SparseFloatVector), field("code", DataType.Int8Vector),
                field("vec", DataType.FloatVector), field("vec2", DataType.BinaryVector));
        CollectionTemplate bm25 = template(field("body", DataType.VarChar),
                field("bm25", DataType.SparseFloatVector).toBuilder().setIsFunctionOutput(true).build());

        assertThat(mixed.mainVectorField()).map(FieldSchema::getName).contains("vec");
        assertThat(bm25.mainVectorField()).isEmpty();
        assertThat(template(field("sp", DataType.SparseFloatVector)).mainVectorField()).isEmpty();
    }

    @Test
    void a_template_without_dense_vectors_takes_batches_without_vectors_and_every_field_from_columns()
            throws SinkSpecException {
        CollectionTemplate sparse = template(field("body", DataType.VarChar), field("sp", DataType.SparseFloatVector));

        CollectionSpec job = CollectionSpec.resolve(MilvusSinkSpec.fromTemplate(SERVER, "copy", null, WriteMode.APPEND,
                sparse), WITHOUT_VECTORS);

        assertThat(job.vectorField()).isNull();
        assertThat(job.vectorType()).isEqualTo(VectorType.NONE);
        assertThat(job.metric()).isNull();
        assertThat(job.scalarFields()).isEqualTo(COLUMNS);
        assertThat(job.describe()).isEqualTo("no dense vectors, INT64 key, fields body VARCHAR(64), sp VECTOR");
    }

    @Test
    void a_source_and_a_target_that_disagree_about_dense_vectors_are_refused() {
        CollectionTemplate dense = template(field("sp", DataType.SparseFloatVector),
                field("vec", DataType.FloatVector).toBuilder().addTypeParams(KeyValuePair.newBuilder().setKey("dim")
                        .setValue("4")).build());
        CollectionTemplate sparse = template(field("sp", DataType.SparseFloatVector));
        SourceSchema withVectors = new SourceSchema(VectorType.FLOAT_VECTOR, 4, KeyKind.INT64, Optional.empty(), 2);

        assertThatThrownBy(() -> CollectionSpec.resolve(MilvusSinkSpec.fromTemplate(SERVER, "copy", null,
                WriteMode.APPEND, dense), WITHOUT_VECTORS)).isInstanceOf(SinkSpecException.class)
                .hasMessage("Collection 'src' (id Int64 primary key, sp SparseFloatVector, vec FloatVector dim=4) has "
                        + "the dense vector field 'vec', but the source of collection 'copy' has none");
        assertThatThrownBy(() -> CollectionSpec.resolve(MilvusSinkSpec.fromTemplate(SERVER, "copy", null,
                WriteMode.APPEND, sparse), withVectors)).isInstanceOf(SinkSpecException.class)
                .hasMessage("Collection 'src' (id Int64 primary key, sp SparseFloatVector) has no dense vector field, "
                        + "but the source of collection 'copy' has FLOAT_VECTOR vectors");
        assertThatThrownBy(() -> CollectionSpec.resolve(new MilvusSinkSpec(SERVER, "copy", null, WriteMode.APPEND,
                null, null, false, null), WITHOUT_VECTORS)).isInstanceOf(SinkSpecException.class)
                .hasMessageStartingWith("the source has no dense vector field (its fields: body VARCHAR(64), sp VECTOR);"
                        + " collection 'copy' in MilvusDM's layout holds one vector a row");
    }

    @Test
    void a_batch_without_vectors_is_encoded_with_its_key_and_columns_only() throws Exception {
        FieldData sparse = FieldData.newBuilder().setType(DataType.SparseFloatVector).setFieldName("sp")
                .setVectors(VectorField.newBuilder().setDim(8).setSparseFloatVector(SparseFloatArray.newBuilder()
                        .setDim(8).addContents(ByteString.copyFrom(new byte[] {7, 0, 0, 0, 0, 0, -128, 63}))
                        .addContents(ByteString.EMPTY))).build();
        VectorBatch batch = new VectorBatch(new TestSplit("s", 2), 0, new PrimaryKeys.Int64Keys(new long[] {5, -1}),
                new NoVectors(2), List.of(new ScalarColumn.VarcharColumn("body", new String[] {"a b", "c"}),
                new ScalarColumn.WireColumn("sp", ScalarType.VECTOR, 2, sparse.toByteArray())));
        InsertRequestEncoder encoder = new InsertRequestEncoder("db", "copy", "p1", "id", null, COLUMNS);

        byte[] encoded = encoder.encode(batch, WriteKind.INSERT, true);

        InsertRequest expected = InsertRequest.newBuilder().setBase(MsgBase.newBuilder().setMsgType(MsgType.Insert))
                .setDbName("db").setCollectionName("copy").setPartitionName("p1")
                .addFieldsData(FieldData.newBuilder().setType(DataType.Int64).setFieldName("id")
                        .setScalars(ScalarField.newBuilder().setLongData(LongArray.newBuilder().addData(5).addData(-1))))
                .addFieldsData(FieldData.newBuilder().setType(DataType.VarChar).setFieldName("body")
                        .setScalars(ScalarField.newBuilder().setStringData(StringArray.newBuilder().addData("a b")
                                .addData("c"))))
                .addFieldsData(sparse).setNumRows(2).build();
        assertThat(encoded).isEqualTo(expected.toByteArray());
        VectorBatch dense = new VectorBatch(new TestSplit("s", 2), 0, new PrimaryKeys.Int64Keys(new long[] {5, -1}),
                new FloatVectors(1, new float[] {1, 2}), batch.scalarColumns());
        assertThatThrownBy(() -> encoder.encode(dense, WriteKind.INSERT, true))
                .hasMessage("batch of split s has FLOAT_VECTOR vectors, the target takes none of its own");
    }
}
