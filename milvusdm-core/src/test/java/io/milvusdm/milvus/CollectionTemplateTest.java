package io.milvusdm.milvus;

import io.milvus.grpc.CollectionSchema;
import io.milvus.grpc.ConsistencyLevel;
import io.milvus.grpc.CreateCollectionRequest;
import io.milvus.grpc.DataType;
import io.milvus.grpc.FieldSchema;
import io.milvus.grpc.IndexDescription;
import io.milvus.grpc.KeyValuePair;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

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
}
