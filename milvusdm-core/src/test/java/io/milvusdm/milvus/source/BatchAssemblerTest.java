package io.milvusdm.milvus.source;

import com.google.protobuf.ByteString;
import io.milvus.grpc.ArrayArray;
import io.milvus.grpc.DataType;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.FloatArray;
import io.milvus.grpc.GeometryWktArray;
import io.milvus.grpc.LongArray;
import io.milvus.grpc.QueryResults;
import io.milvus.grpc.ScalarField;
import io.milvus.grpc.SparseFloatArray;
import io.milvus.grpc.StringArray;
import io.milvus.grpc.StructArrayField;
import io.milvus.grpc.TimestamptzArray;
import io.milvus.grpc.VectorArray;
import io.milvus.grpc.VectorField;
import io.milvusdm.pipeline.ArrayPool;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.NoVectors;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarType;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page of query results with Milvus 2.6 columns (GEOMETRY, TIMESTAMPTZ as Milvus stores it, INT8 vectors, a
 * struct array with a vector sub-field), in the protobuf form a server sends, becomes batches whose wire columns
 * are exactly the FieldData an insert takes for the batch's rows.
 */
class BatchAssemblerTest {

    private static final SourceCollection PLACES = new SourceCollection("places", "id", KeyKind.INT64, 8, "vec",
            VectorType.FLOAT_VECTOR, 2, Optional.of("L2"), List.of(
                    io.milvusdm.pipeline.ScalarField.wire("where", ScalarType.GEOMETRY, true),
                    io.milvusdm.pipeline.ScalarField.wire("seen", ScalarType.TIMESTAMPTZ, false),
                    io.milvusdm.pipeline.ScalarField.wire("code", ScalarType.VECTOR, false),
                    io.milvusdm.pipeline.ScalarField.wire("chunks", ScalarType.STRUCT_ARRAY, false)),
            List.of(), 4 * 64, MilvusCollectionSourceSpec.Fields.ALL_WIRE);

    @Test
    void the_second_batch_of_a_page_carries_exactly_its_rows_in_insert_form() throws Exception {
        List<FieldData> page = List.of(
                FieldData.newBuilder().setType(DataType.Int64).setFieldName("id").setScalars(ScalarField.newBuilder()
                        .setLongData(LongArray.newBuilder().addData(7).addData(8).addData(9))).build(),
                FieldData.newBuilder().setType(DataType.FloatVector).setFieldName("vec").setVectors(VectorField.newBuilder()
                        .setDim(2).setFloatVector(FloatArray.newBuilder().addAllData(List.of(1f, 2f, 3f, 4f, 5f, 6f)))).build(),
                FieldData.newBuilder().setType(DataType.Geometry).setFieldName("where").setScalars(ScalarField.newBuilder()
                        .setGeometryWktData(GeometryWktArray.newBuilder().addData("POINT (1 2)").addData("")
                                .addData("POLYGON ((0 0, 1 0, 1 1, 0 0))"))).addAllValidData(List.of(true, false, true)).build(),
                FieldData.newBuilder().setType(DataType.Timestamptz).setFieldName("seen").setScalars(ScalarField.newBuilder()
                        .setTimestamptzData(TimestamptzArray.newBuilder().addData(0).addData(1).addData(1_500_000))).build(),
                FieldData.newBuilder().setType(DataType.Int8Vector).setFieldName("code").setVectors(VectorField.newBuilder()
                        .setDim(2).setInt8Vector(ByteString.copyFrom(new byte[] {1, -1, 2, -2, 3, -3}))).build(),
                FieldData.newBuilder().setType(DataType.ArrayOfStruct).setFieldName("chunks").setStructArrays(
                        StructArrayField.newBuilder()
                                .addFields(FieldData.newBuilder().setType(DataType.Array).setFieldName("text")
                                        .setScalars(ScalarField.newBuilder().setArrayData(ArrayArray.newBuilder()
                                                .setElementType(DataType.VarChar).addData(strings("a"))
                                                .addData(strings("b", "c")).addData(strings("d")))))
                                .addFields(FieldData.newBuilder().setType(DataType.ArrayOfVector).setFieldName("clip")
                                        .setVectors(VectorField.newBuilder().setDim(1).setVectorArray(VectorArray.newBuilder()
                                                .setDim(1).setElementType(DataType.FloatVector).addData(floats(1f))
                                                .addData(floats(2f, 3f)).addData(floats(4f)))))).build());
        BatchAssembler assembler = new BatchAssembler(PLACES, new ArrayPool(2));
        BatchAssembler.Page assembled = assembler.page(decoded(page));
        MilvusSplit split = new MilvusSplit("places", "_default", List.of(
                new MilvusSplit.Page(new KeyRange.Int64Range(7, 9), 3)));

        VectorBatch batch = assembler.batch(split, 1, assembled, 1, 3);

        assertThat(batch.rowCount()).isEqualTo(2);
        assertThat(batch.scalarColumns()).extracting(ScalarColumn::name, c -> ((ScalarColumn.WireColumn) c).type())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("where", ScalarType.GEOMETRY),
                        org.assertj.core.groups.Tuple.tuple("seen", ScalarType.TIMESTAMPTZ),
                        org.assertj.core.groups.Tuple.tuple("code", ScalarType.VECTOR),
                        org.assertj.core.groups.Tuple.tuple("chunks", ScalarType.STRUCT_ARRAY));
        assertThat(wire(batch, 0)).isEqualTo(FieldData.newBuilder().setType(DataType.Geometry).setFieldName("where")
                .setScalars(ScalarField.newBuilder().setGeometryWktData(GeometryWktArray.newBuilder()
                        .addData("POLYGON ((0 0, 1 0, 1 1, 0 0))"))).addAllValidData(List.of(false, true)).build());
        assertThat(wire(batch, 1)).isEqualTo(FieldData.newBuilder().setType(DataType.Timestamptz).setFieldName("seen")
                .setScalars(ScalarField.newBuilder().setStringData(StringArray.newBuilder()
                        .addData("1970-01-01T00:00:00.000001Z").addData("1970-01-01T00:00:01.500Z"))).build());
        assertThat(wire(batch, 2).getVectors().getInt8Vector().toByteArray()).containsExactly(2, -2, 3, -3);
        FieldData chunks = wire(batch, 3);
        assertThat(chunks.getType()).isEqualTo(DataType.ArrayOfStruct);
        assertThat(chunks.getStructArrays().getFields(0).getScalars().getArrayData().getDataList())
                .containsExactly(strings("b", "c"), strings("d"));
        assertThat(chunks.getStructArrays().getFields(1).getVectors().getVectorArray().getDataList())
                .containsExactly(floats(2f, 3f), floats(4f));
    }

    @Test
    void a_collection_without_dense_vectors_gives_batches_without_vectors_and_its_sparse_rows_as_a_column()
            throws Exception {
        SourceCollection docs = new SourceCollection("docs", "id", KeyKind.INT64, 8, null, VectorType.NONE, 0,
                Optional.empty(), List.of(io.milvusdm.pipeline.ScalarField.wire("sp", ScalarType.VECTOR, false)),
                List.of(), 4096, MilvusCollectionSourceSpec.Fields.ALL_WIRE);
        List<ByteString> rows = List.of(sparse(1, 0.5f), sparse(7, 1e-45f, 4_294_967_294L, 3.4e38f), sparse());
        List<FieldData> page = List.of(
                FieldData.newBuilder().setType(DataType.Int64).setFieldName("id").setScalars(ScalarField.newBuilder()
                        .setLongData(LongArray.newBuilder().addData(7).addData(8).addData(9))).build(),
                FieldData.newBuilder().setType(DataType.SparseFloatVector).setFieldName("sp").setVectors(
                        VectorField.newBuilder().setDim(4_294_967_295L).setSparseFloatVector(
                                SparseFloatArray.newBuilder().setDim(4_294_967_295L).addAllContents(rows))).build());
        BatchAssembler assembler = new BatchAssembler(docs, new ArrayPool(2));
        BatchAssembler.Page assembled = assembler.page(decoded(page));
        MilvusSplit split = new MilvusSplit("docs", "_default", List.of(
                new MilvusSplit.Page(new KeyRange.Int64Range(7, 9), 3)));

        VectorBatch batch = assembler.batch(split, 1, assembled, 1, 3);

        assertThat(batch.vectors()).isEqualTo(new NoVectors(2));
        assertThat(batch.rowCount()).isEqualTo(2);
        assertThat(wire(batch, 0).getVectors().getSparseFloatVector().getContentsList())
                .containsExactly(rows.get(1), rows.get(2));
        // a row's share of the page's encoded column, with its key: no vector bytes
        assertThat(assembled.rowBytes()).containsOnly(8 + page.get(1).getSerializedSize() / 3 + 1);
    }

    /** One sparse row as Milvus encodes it: (uint32 index, float32 value) pairs, little-endian. */
    private static ByteString sparse(Object... indexValuePairs) {
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * indexValuePairs.length)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < indexValuePairs.length; i += 2) {
            bytes.putInt((int) ((Number) indexValuePairs[i]).longValue()).putFloat((Float) indexValuePairs[i + 1]);
        }
        return ByteString.copyFrom(bytes.array());
    }

    /** The columns as a server's answer, decoded as the source decodes one (float vectors beside their column). */
    private static QueryPage decoded(List<FieldData> columns) {
        byte[] answer = QueryResults.newBuilder().addAllFieldsData(columns).build().toByteArray();
        return new QueryPageDecoder(float[]::new).parse(new ByteArrayInputStream(answer));
    }

    private static FieldData wire(VectorBatch batch, int column) throws Exception {
        return FieldData.parseFrom(((ScalarColumn.WireColumn) batch.scalarColumns().get(column)).fieldData());
    }

    private static ScalarField strings(String... values) {
        return ScalarField.newBuilder().setStringData(StringArray.newBuilder().addAllData(List.of(values))).build();
    }

    private static VectorField floats(Float... values) {
        return VectorField.newBuilder().setDim(1).setFloatVector(FloatArray.newBuilder().addAllData(List.of(values))).build();
    }
}
