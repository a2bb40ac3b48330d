package io.milvusdm.milvus;

import io.milvus.grpc.CollectionSchema;
import io.milvus.grpc.ConsistencyLevel;
import io.milvus.grpc.CreateCollectionRequest;
import io.milvus.grpc.DataType;
import io.milvus.grpc.FieldSchema;
import io.milvus.grpc.IndexDescription;
import io.milvus.grpc.CreateIndexRequest;
import io.milvus.grpc.FunctionSchema;
import io.milvus.grpc.FunctionType;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.StructArrayFieldSchema;
import io.milvus.grpc.ValueField;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** What a template sends to create a collection, and how two collections' fields are compared. */
class CollectionTemplateTest {

    private static FieldSchema field(String name, DataType type, KeyValuePair... params) {
        return FieldSchema.newBuilder().setName(name).setDataType(type).setFieldID(100 + name.length())
                .addAllTypeParams(List.of(params)).build();
    }

    private static KeyValuePair kv(String key, String value) {
        return KeyValuePair.newBuilder().setKey(key).setValue(value).build();
    }

    private static CollectionTemplate template(FieldSchema... extra) {
        CollectionSchema.Builder schema = CollectionSchema.newBuilder().setName("src").setDescription("books")
                .setEnableDynamicField(true)
                .addFields(field("id", DataType.Int64).toBuilder().setIsPrimaryKey(true).setAutoID(true))
                .addFields(field("vec", DataType.FloatVector, kv("dim", "8")).toBuilder().setDescription("main"))
                .addFields(FieldSchema.newBuilder().setName("$meta").setDataType(DataType.JSON).setIsDynamic(true));
        List.of(extra).forEach(schema::addFields);
        IndexDescription index = IndexDescription.newBuilder().setFieldName("vec").setIndexName("vec_idx")
                .addParams(kv("index_type", "HNSW")).addParams(kv("metric_type", "COSINE"))
                .addParams(kv("params", "{\"M\":8}")).addParams(kv("mmap.enabled", "false")).build();
        return new CollectionTemplate(schema.build(), ConsistencyLevel.Bounded, 16, List.of(kv("collection.ttl.seconds", "60")),
                List.of(index));
    }

    @Test
    void the_create_request_keeps_the_schema_without_field_ids_or_the_dynamic_field_itself() throws Exception {
        CreateCollectionRequest request = template().createRequest("archive", "copy");
        CollectionSchema schema = CollectionSchema.parseFrom(request.getSchema());

        assertThat(request.getCollectionName()).isEqualTo("copy");
        assertThat(request.getDbName()).isEqualTo("archive");
        assertThat(request.getConsistencyLevel()).isEqualTo(ConsistencyLevel.Bounded);
        assertThat(request.getNumPartitions()).as("no partition key, no partition count").isZero();
        assertThat(request.getPropertiesList()).containsExactly(kv("collection.ttl.seconds", "60"));
        assertThat(schema.getName()).isEqualTo("copy");
        assertThat(schema.getDescription()).isEqualTo("books");
        assertThat(schema.getEnableDynamicField()).isTrue();
        assertThat(schema.getFieldsList()).extracting(FieldSchema::getName).containsExactly("id", "vec");
        assertThat(schema.getFieldsList()).allSatisfy(f -> assertThat(f.getFieldID()).isZero());
        assertThat(schema.getFields(0).getAutoID()).isTrue();
        assertThat(schema.getFields(1).getDescription()).isEqualTo("main");

        CollectionTemplate keyed = template(field("tenant", DataType.Int64).toBuilder().setIsPartitionKey(true).build());
        assertThat(keyed.createRequest(null, "k").getNumPartitions()).isEqualTo(16);
    }

    @Test
    void indexes_are_recreated_with_their_parameters_but_not_their_state() {
        assertThat(template().indexRequests("db", "copy")).singleElement().satisfies(r -> {
            assertThat(r.getFieldName()).isEqualTo("vec");
            assertThat(r.getIndexName()).isEqualTo("vec_idx");
            assertThat(r.getExtraParamsList()).containsExactly(kv("index_type", "HNSW"), kv("metric_type", "COSINE"),
                    kv("params", "{\"M\":8}"));
        });
        assertThat(template().metric("vec")).contains("COSINE");
    }

    @Test
    void differences_name_the_field_and_both_sides() {
        CollectionTemplate a = template(field("year", DataType.Int64), field("title", DataType.VarChar, kv("max_length", "64")));
        CollectionTemplate b = template(field("year", DataType.Int32), field("title", DataType.VarChar, kv("max_length", "64")),
                field("extra", DataType.Bool));

        assertThat(a.differences("a", a, "a2")).isEmpty();
        assertThat(a.differences("a", b, "b")).containsExactly(
                "field 'year': Int64 in 'a', Int32 in 'b'",
                "field 'extra' (Bool) is in 'b', not in 'a'");
    }

    /**
     * A Milvus 2.6 collection with what no local server has (struct arrays with a vector sub-field and its index,
     * INT8 vectors, multi-analyzer parameters, an RTREE index), GEOMETRY and TIMESTAMPTZ with a default, a BM25
     * function and a timezone.
     */
    private static CollectionTemplate milvus26() {
        StructArrayFieldSchema chunks = StructArrayFieldSchema.newBuilder().setFieldID(106).setName("chunks")
                .setDescription("passages").addTypeParams(kv("max_capacity", "4"))
                .addFields(field("text", DataType.Array, kv("max_length", "16"), kv("max_capacity", "4")).toBuilder()
                        .setElementType(DataType.VarChar).setFieldID(107))
                .addFields(field("clip", DataType.ArrayOfVector, kv("dim", "4"), kv("max_capacity", "4")).toBuilder()
                        .setElementType(DataType.FloatVector).setFieldID(108)).build();
        CollectionSchema schema = CollectionSchema.newBuilder().setName("places")
                .addFields(field("id", DataType.Int64).toBuilder().setIsPrimaryKey(true))
                .addFields(field("vec", DataType.FloatVector, kv("dim", "4")))
                .addFields(field("body", DataType.VarChar, kv("max_length", "256"), kv("enable_analyzer", "true"),
                        kv("multi_analyzer_params", "{\"by_field\":\"lang\",\"analyzers\":{\"default\":{\"type\":\"english\"}}}"),
                        kv("enable_match", "true")))
                .addFields(field("sparse", DataType.SparseFloatVector).toBuilder().setIsFunctionOutput(true))
                .addFields(field("where", DataType.Geometry).toBuilder().setNullable(true)
                        .setDefaultValue(ValueField.newBuilder().setStringData("POINT (0 0)")))
                .addFields(field("seen", DataType.Timestamptz).toBuilder()
                        .setDefaultValue(ValueField.newBuilder().setTimestamptzData(1_704_157_445_000_000L)))
                .addFields(field("code", DataType.Int8Vector, kv("dim", "8")))
                .addStructArrayFields(chunks)
                .addFunctions(FunctionSchema.newBuilder().setName("bm25").setId(9).setType(FunctionType.BM25)
                        .addInputFieldNames("body").addInputFieldIds(103).addOutputFieldNames("sparse")
                        .addOutputFieldIds(104))
                .build();
        IndexDescription clip = IndexDescription.newBuilder().setFieldName("chunks[clip]").setIndexName("clip_idx")
                .setIndexID(77).addParams(kv("index_type", "HNSW")).addParams(kv("metric_type", "MAX_SIM_COSINE"))
                .addParams(kv("params", "{\"M\":16}")).build();
        IndexDescription code = IndexDescription.newBuilder().setFieldName("code").setIndexName("code")
                .addParams(kv("index_type", "HNSW")).addParams(kv("metric_type", "COSINE")).build();
        IndexDescription where = IndexDescription.newBuilder().setFieldName("where").setIndexName("where_rtree")
                .addParams(kv("index_type", "RTREE")).build();
        return new CollectionTemplate(schema, ConsistencyLevel.Session, 1, List.of(kv("timezone", "Asia/Shanghai")),
                List.of(clip, code, where));
    }

    @Test
    void milvus_2_6_fields_are_recreated_with_every_property_and_no_source_ids() throws Exception {
        CollectionTemplate template = milvus26();

        CreateCollectionRequest request = template.createRequest("", "copy");
        CollectionSchema created = CollectionSchema.parseFrom(request.getSchema());

        CollectionSchema.Builder expected = template.schema().toBuilder().setName("copy").clearFields()
                .clearStructArrayFields().clearFunctions();
        template.schema().getFieldsList().forEach(f -> expected.addFields(f.toBuilder().clearFieldID()));
        StructArrayFieldSchema chunks = template.schema().getStructArrayFields(0);
        expected.addStructArrayFields(chunks.toBuilder().clearFieldID().clearFields()
                .addFields(chunks.getFields(0).toBuilder().clearFieldID())
                .addFields(chunks.getFields(1).toBuilder().clearFieldID()));
        expected.addFunctions(template.schema().getFunctions(0).toBuilder().clearId().clearInputFieldIds()
                .clearOutputFieldIds());
        assertThat(created).isEqualTo(expected.build());
        assertThat(created.getStructArrayFields(0).getFields(1).getTypeParamsList()).contains(kv("max_capacity", "4"));
        assertThat(created.getFields(5).getDefaultValue().getTimestamptzData()).isEqualTo(1_704_157_445_000_000L);
        assertThat(request.getPropertiesList()).containsExactly(kv("timezone", "Asia/Shanghai"));

        assertThat(template.indexRequests("", "copy")).extracting(CreateIndexRequest::getFieldName,
                CreateIndexRequest::getIndexName).containsExactly(tuple("chunks[clip]", "clip_idx"), tuple("code", "code"),
                tuple("where", "where_rtree"));
        assertThat(template.indexRequests("", "copy").get(0).getExtraParamsList()).containsExactly(
                kv("index_type", "HNSW"), kv("metric_type", "MAX_SIM_COSINE"), kv("params", "{\"M\":16}"));
    }

    @Test
    void struct_arrays_are_compared_by_their_sub_fields() {
        CollectionTemplate a = milvus26();
        CollectionSchema.Builder other = a.schema().toBuilder();
        other.getStructArrayFieldsBuilder(0).getFieldsBuilder(1).setTypeParams(0, kv("dim", "8"));
        CollectionTemplate b = new CollectionTemplate(other.build(), ConsistencyLevel.Session, 1, List.of(), List.of());

        assertThat(a.differences("a", a, "a2")).isEmpty();
        assertThat(a.differences("a", b, "b")).containsExactly("field 'chunks': Array of Struct max_capacity=4 "
                + "{text VarChar max_capacity=4 max_length=16, clip FloatVector dim=4 max_capacity=4} in 'a', "
                + "Array of Struct max_capacity=4 {text VarChar max_capacity=4 max_length=16, "
                + "clip FloatVector dim=8 max_capacity=4} in 'b'");
        assertThat(a.describeFields()).contains("where Geometry nullable", "seen Timestamptz", "code Int8Vector dim=8",
                "chunks Array of Struct");
    }
}
