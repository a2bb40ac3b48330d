package io.milvusdm.milvus.source;

import io.milvus.grpc.CollectionSchema;
import io.milvus.grpc.DataType;
import io.milvus.grpc.DescribeCollectionResponse;
import io.milvus.grpc.FieldSchema;
import io.milvus.grpc.FunctionSchema;
import io.milvus.grpc.FunctionType;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.StructArrayFieldSchema;
import io.milvus.grpc.ValueField;
import io.milvus.v2.service.collection.response.DescribeCollectionResp;
import io.milvus.v2.utils.ConvertUtils;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.ScalarType;
import io.milvusdm.pipeline.VectorFieldSpec;
import io.milvusdm.pipeline.VectorFieldType;
import io.milvusdm.pipeline.VectorType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which fields a source reads, from a DescribeCollection response as a Milvus 2.6 server sends it, turned into the
 * SDK's description by the SDK's own converter (no server here has struct arrays or INT8 vectors).
 */
class SourceCollectionTest {

    private static final DescribeCollectionResponse DESCRIBED = DescribeCollectionResponse.newBuilder()
            .setCollectionName("places").setSchema(CollectionSchema.newBuilder().setName("places")
                    .setEnableDynamicField(true)
                    .addFields(field(100, "id", DataType.Int64).setIsPrimaryKey(true))
                    .addFields(field(101, "vec", DataType.FloatVector).addTypeParams(kv("dim", "4")))
                    .addFields(field(102, "where", DataType.Geometry).setNullable(true))
                    .addFields(field(103, "seen", DataType.Timestamptz).setDefaultValue(
                            ValueField.newBuilder().setTimestamptzData(1_704_157_445_000_000L)))
                    .addFields(field(104, "code", DataType.Int8Vector).addTypeParams(kv("dim", "8")))
                    .addFields(field(105, "title", DataType.VarChar).addTypeParams(kv("max_length", "32")))
                    .addStructArrayFields(StructArrayFieldSchema.newBuilder().setFieldID(106).setName("chunks")
                            .addTypeParams(kv("max_capacity", "4"))
                            .addFields(field(107, "text", DataType.Array).setElementType(DataType.VarChar)
                                    .addTypeParams(kv("max_length", "16")).addTypeParams(kv("max_capacity", "4")))
                            .addFields(field(108, "clip", DataType.ArrayOfVector).setElementType(DataType.FloatVector)
                                    .addTypeParams(kv("dim", "4")).addTypeParams(kv("max_capacity", "4")))))
            .build();

    /** Full-text search without a dense vector: text, a BM25 function's sparse output, and hand-filled sparse vectors. */
    private static final DescribeCollectionResponse SPARSE = DescribeCollectionResponse.newBuilder()
            .setCollectionName("docs").setSchema(CollectionSchema.newBuilder().setName("docs")
                    .addFields(field(100, "id", DataType.Int64).setIsPrimaryKey(true))
                    .addFields(field(101, "body", DataType.VarChar).addTypeParams(kv("max_length", "2048"))
                            .addTypeParams(kv("enable_analyzer", "true")))
                    .addFields(field(102, "bm25", DataType.SparseFloatVector).setIsFunctionOutput(true))
                    .addFields(field(103, "splade", DataType.SparseFloatVector))
                    .addFields(field(104, "year", DataType.Int32).setNullable(true))
                    .addFields(field(105, "code", DataType.Int8Vector).addTypeParams(kv("dim", "16")))
                    .addFunctions(FunctionSchema.newBuilder().setName("body_bm25").setType(FunctionType.BM25)
                            .addInputFieldNames("body").addOutputFieldNames("bm25")))
            .build();

    private static FieldSchema.Builder field(long id, String name, DataType type) {
        return FieldSchema.newBuilder().setFieldID(id).setName(name).setDataType(type);
    }

    private static KeyValuePair kv(String key, String value) {
        return KeyValuePair.newBuilder().setKey(key).setValue(value).build();
    }

    private static SourceCollection read(String vectorField, boolean allFields) throws IOException {
        return read(vectorField,
                allFields ? MilvusCollectionSourceSpec.Fields.ALL_WIRE : MilvusCollectionSourceSpec.Fields.STRINGS);
    }

    private static SourceCollection read(String vectorField, MilvusCollectionSourceSpec.Fields fields)
            throws IOException {
        DescribeCollectionResp described = new ConvertUtils().convertDescCollectionResp(DESCRIBED);
        return SourceCollection.of("places", described, vectorField, fields, Set.of(),
                field -> field.equals("vec") ? "COSINE" : null);
    }

    @Test
    void file_targets_read_every_scalar_and_vector_field_typed_and_name_struct_arrays_they_leave_out()
            throws IOException {
        SourceCollection collection = read(null, MilvusCollectionSourceSpec.Fields.SCALARS);

        assertThat(collection.vectorField()).as("the only dense vector field, beside an INT8 one").isEqualTo("vec");
        assertThat(collection.scalarFields()).containsExactly(
                new ScalarField("where", ScalarType.GEOMETRY, 0, true),
                new ScalarField("seen", ScalarType.TIMESTAMPTZ, 0, false),
                ScalarField.vector("code", new VectorFieldSpec(VectorFieldType.INT8_VECTOR, 8, null), false),
                ScalarField.varchar("title", 32, false),
                ScalarField.dynamic());
        assertThat(collection.skippedFields()).containsExactly("chunks (Array of Struct)");
    }

    /** Hybrid search: two dense vectors, a nullable one among them, hand-filled sparse vectors and a BM25 output. */
    private static final DescribeCollectionResponse HYBRID = DescribeCollectionResponse.newBuilder()
            .setCollectionName("hybrid").setSchema(CollectionSchema.newBuilder().setName("hybrid")
                    .addFields(field(100, "id", DataType.Int64).setIsPrimaryKey(true))
                    .addFields(field(101, "body", DataType.VarChar).addTypeParams(kv("max_length", "256"))
                            .addTypeParams(kv("enable_analyzer", "true")))
                    .addFields(field(102, "dense", DataType.FloatVector).addTypeParams(kv("dim", "4")))
                    .addFields(field(103, "title", DataType.FloatVector).addTypeParams(kv("dim", "3"))
                            .setNullable(true))
                    .addFields(field(104, "bits", DataType.BinaryVector).addTypeParams(kv("dim", "16")))
                    .addFields(field(105, "half", DataType.Float16Vector).addTypeParams(kv("dim", "2")))
                    .addFields(field(106, "brain", DataType.BFloat16Vector).addTypeParams(kv("dim", "2")))
                    .addFields(field(107, "splade", DataType.SparseFloatVector))
                    .addFields(field(108, "bm25", DataType.SparseFloatVector).setIsFunctionOutput(true))
                    .addFunctions(FunctionSchema.newBuilder().setName("body_bm25").setType(FunctionType.BM25)
                            .addInputFieldNames("body").addOutputFieldNames("bm25")))
            .build();

    @Test
    void file_targets_read_the_other_vector_fields_typed_with_their_metrics_and_leave_function_outputs_out()
            throws IOException {
        SourceCollection collection = SourceCollection.of("hybrid", new ConvertUtils().convertDescCollectionResp(HYBRID),
                "dense", MilvusCollectionSourceSpec.Fields.SCALARS, Set.of(),
                field -> field.equals("title") ? "COSINE" : field.equals("splade") ? "IP" : null);

        assertThat(collection.vectorField()).isEqualTo("dense");
        assertThat(collection.scalarFields()).containsExactly(
                ScalarField.varchar("body", 256, false),
                ScalarField.vector("title", new VectorFieldSpec(VectorFieldType.FLOAT_VECTOR, 3, "COSINE"), true),
                ScalarField.vector("bits", new VectorFieldSpec(VectorFieldType.BINARY_VECTOR, 16, null), false),
                ScalarField.vector("half", new VectorFieldSpec(VectorFieldType.FLOAT16_VECTOR, 2, null), false),
                ScalarField.vector("brain", new VectorFieldSpec(VectorFieldType.BFLOAT16_VECTOR, 2, null), false),
                ScalarField.vector("splade", new VectorFieldSpec(VectorFieldType.SPARSE_FLOAT_VECTOR, 0, "IP"), false));
        assertThat(collection.skippedFields()).containsExactly(
                "bm25 (SparseFloatVector, a function's output)");
        assertThat(collection.outputFields()).containsExactly("id", "dense", "body", "title", "bits", "half", "brain",
                "splade");
    }

    @Test
    void file_targets_of_several_dense_vector_fields_are_told_to_name_one() {
        assertThatThrownBy(() -> SourceCollection.of("hybrid", new ConvertUtils().convertDescCollectionResp(HYBRID),
                null, MilvusCollectionSourceSpec.Fields.SCALARS, Set.of(), field -> null))
                .isInstanceOf(MilvusSourceException.class)
                .hasMessageContaining("several vector fields: dense (FloatVector), title (FloatVector)")
                .hasMessageContaining("--vector-field");
    }

    @Test
    void milvus_to_milvus_reads_geometry_timestamptz_int8_vectors_and_struct_arrays_in_wire_form() throws IOException {
        SourceCollection collection = read(null, true);

        assertThat(collection.vectorField()).isEqualTo("vec");
        assertThat(collection.metric()).contains("COSINE");
        assertThat(collection.scalarFields()).containsExactly(
                ScalarField.wire("where", ScalarType.GEOMETRY, true),
                ScalarField.wire("seen", ScalarType.TIMESTAMPTZ, false),
                ScalarField.wire("code", ScalarType.VECTOR, false),
                ScalarField.varchar("title", 32, false),
                ScalarField.wire("chunks", ScalarType.STRUCT_ARRAY, false),
                ScalarField.wire(ScalarField.DYNAMIC_FIELD, ScalarType.DYNAMIC, false));
        assertThat(collection.skippedFields()).isEmpty();
        // pages are cut for the widths the schema fixes: the INT8 vector's 8 bytes, the struct array at its
        // capacity of 4 (a 16-byte clip vector and a nominal text each), 64 for each of the rest
        assertThat(collection.scalarRowBytes()).isEqualTo(64 + 64 + 8 + 64 + 4 * (64 + 16) + 64);
        assertThat(collection.outputFields()).containsExactly("id", "vec", "where", "seen", "code", "title", "chunks",
                "$meta");
    }

    @Test
    void milvus_to_milvus_reads_a_collection_without_dense_vectors_with_every_vector_among_the_columns()
            throws IOException {
        SourceCollection collection = SourceCollection.of("docs", new ConvertUtils().convertDescCollectionResp(SPARSE),
                null, MilvusCollectionSourceSpec.Fields.ALL_WIRE, Set.of("bm25"), field -> {
                    throw new AssertionError("no vector field, no metric to look up");
                });

        assertThat(collection.vectorField()).isNull();
        assertThat(collection.vectorType()).isEqualTo(VectorType.NONE);
        assertThat(collection.dimension()).isZero();
        assertThat(collection.metric()).isEmpty();
        assertThat(collection.scalarFields()).containsExactly(ScalarField.varchar("body", 2048, false),
                ScalarField.wire("splade", ScalarType.VECTOR, false), ScalarField.wire("year", ScalarType.INT32, true),
                ScalarField.wire("code", ScalarType.VECTOR, false));
        assertThat(collection.skippedFields()).containsExactly(
                "bm25 (SparseFloatVector, a function's output)");
        // a sparse row at its assumed 512 non-zeros of 8 bytes, the INT8 vector at its 16 bytes, the others nominal
        assertThat(collection.scalarRowBytes()).isEqualTo(64 + 4096 + 64 + 16);
        assertThat(collection.outputFields()).containsExactly("id", "body", "splade", "year", "code");
    }

    @Test
    void file_targets_refuse_a_collection_without_dense_vectors_naming_its_fields() {
        DescribeCollectionResp sparse = new ConvertUtils().convertDescCollectionResp(SPARSE);

        assertThatThrownBy(() -> SourceCollection.of("docs", sparse, "splade",
                MilvusCollectionSourceSpec.Fields.STRINGS, Set.of(), field -> null))
                .isInstanceOf(MilvusSourceException.class)
                .hasMessage("Collection 'docs' has no dense vector field (FloatVector, BinaryVector, Float16Vector, "
                        + "BFloat16Vector) for files to hold; its fields: id (Int64), body (VarChar), "
                        + "bm25 (SparseFloatVector, a function's output), splade (SparseFloatVector), year (Int32), "
                        + "code (Int8Vector). "
                        + "Such a collection is copied to Milvus only (milvusdm migrate --job, Milvus to Milvus), "
                        + "which carries every vector field as it is");
        assertThatThrownBy(() -> read("code", false)).isInstanceOf(MilvusSourceException.class)
                .hasMessage("Collection 'places': vector field 'code' is Int8Vector; files hold one dense vector a "
                        + "row: name one of vec (FloatVector) (--vector-field)");
    }

    @Test
    void other_jobs_read_varchar_and_json_and_name_the_fields_they_leave_out() throws IOException {
        SourceCollection collection = read("vec", false);

        assertThat(collection.scalarFields()).containsExactly(ScalarField.varchar("title", 32, false));
        assertThat(collection.skippedFields()).containsExactly("where (Geometry)", "seen (Timestamptz)",
                "code (Int8Vector)", "chunks (Array of Struct)");
    }
}
