package io.milvusdm.milvus;

import io.milvus.grpc.CollectionSchema;
import io.milvus.grpc.ConsistencyLevel;
import io.milvus.grpc.CreateCollectionRequest;
import io.milvus.grpc.CreateIndexRequest;
import io.milvus.grpc.DataType;
import io.milvus.grpc.DescribeCollectionRequest;
import io.milvus.grpc.DescribeCollectionResponse;
import io.milvus.grpc.DescribeIndexRequest;
import io.milvus.grpc.DescribeIndexResponse;
import io.milvus.grpc.FieldSchema;
import io.milvus.grpc.IndexDescription;
import io.milvus.grpc.KeyValuePair;

import io.milvus.grpc.Status;
import io.milvus.grpc.StructArrayFieldSchema;
import java.util.Locale;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A collection as its server describes it, to be created again elsewhere: the schema (fields with their types,
 * type parameters, primary key and auto-id, partition key, nullable and default values, descriptions, the dynamic
 * field, struct array fields with their sub-fields, functions), the consistency level, the partition count of a
 * partition key, the collection's properties and every index with its parameters. Milvus to Milvus creates its
 * target from this, in the server's own protobuf form, so that nothing is lost in a translation.
 *
 * @param schema the collection's schema as described (field ids included; they are dropped on creation)
 * @param consistency its consistency level
 * @param numPartitions the partitions of its partition key, 0 without one
 * @param properties its properties (TTL, mmap, ...)
 * @param indexes its indexes, with their parameters as described (index_type, metric_type, params)
 */
public record CollectionTemplate(CollectionSchema schema, ConsistencyLevel consistency, long numPartitions,
                                 List<KeyValuePair> properties, List<IndexDescription> indexes) {

    /** Parameters a description carries that are state, not settings, and that CreateIndex refuses. */
    private static final List<String> DESCRIBED_ONLY_INDEX_PARAMS = List.of("mmap.enabled", "index_version");

    public CollectionTemplate {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(consistency, "consistency");
        properties = List.copyOf(properties);
        indexes = List.copyOf(indexes);
    }

    /** Describes {@code collection} and its indexes on the server of {@code connection}. */
    public static CollectionTemplate read(MilvusConnection connection, String collection)
            throws MilvusOperationException {
        DescribeCollectionResponse described = connection.rpc("Describe collection '" + collection + "'",
                stub -> stub.describeCollection(DescribeCollectionRequest.newBuilder()
                        .setDbName(Objects.requireNonNullElse(connection.dbName(), ""))
                        .setCollectionName(collection).build()),
                DescribeCollectionResponse::getStatus);
        DescribeIndexResponse indexes = connection.rpc("Describe the indexes of collection '" + collection + "'",
                stub -> stub.describeIndex(DescribeIndexRequest.newBuilder()
                        .setDbName(Objects.requireNonNullElse(connection.dbName(), ""))
                        .setCollectionName(collection).build()),
                response -> isNoIndex(response) ? Status.getDefaultInstance() : response.getStatus());
        return new CollectionTemplate(described.getSchema(), described.getConsistencyLevel(),
                described.getNumPartitions(), described.getPropertiesList(),
                isNoIndex(indexes) ? List.of() : indexes.getIndexDescriptionsList());
    }

    /** Milvus answers "index not found" (code 700, or reason text on older servers) for a collection without one. */
    private static boolean isNoIndex(DescribeIndexResponse response) {
        String reason = response.getStatus().getReason().toLowerCase(Locale.ROOT);
        return response.getStatus().getCode() == 700 || reason.contains("index not found")
                || reason.contains("index doesn't exist");
    }

    /** The fields rows carry: every field but the dynamic one and the output of functions (BM25), in schema order. */
    public List<FieldSchema> storedFields() {
        return schema.getFieldsList().stream().filter(f -> !f.getIsDynamic() && !f.getIsFunctionOutput()).toList();
    }

    public FieldSchema keyField() {
        return schema.getFieldsList().stream().filter(FieldSchema::getIsPrimaryKey).findFirst()
                .orElseThrow(() -> new IllegalStateException("collection '" + schema.getName() + "' has no primary key"));
    }

    public boolean autoId() {
        return keyField().getAutoID();
    }

    /** The partition key field, if the collection has one: its rows are routed by the server, not by partition name. */
    public Optional<FieldSchema> partitionKey() {
        return schema.getFieldsList().stream().filter(FieldSchema::getIsPartitionKey).findFirst();
    }

    public boolean dynamicField() {
        return schema.getEnableDynamicField();
    }

    /** The metric of the index on {@code field}, if it has one. */
    public Optional<String> metric(String field) {
        return indexes.stream().filter(i -> i.getFieldName().equals(field)).findFirst()
                .flatMap(i -> i.getParamsList().stream().filter(p -> p.getKey().equals("metric_type")).findFirst())
                .map(KeyValuePair::getValue);
    }

    public static boolean isVector(DataType type) {
        return type.name().endsWith("Vector");
    }

    /**
     * The field a batch's own vectors fill: the first stored FloatVector, BinaryVector, Float16Vector or
     * BFloat16Vector field, as a Milvus source picks it; empty for a collection without one (sparse or INT8
     * vectors only, or a BM25 function's output), whose vector fields all travel as columns.
     */
    public Optional<FieldSchema> mainVectorField() {
        return storedFields().stream().filter(f -> switch (f.getDataType()) {
            case FloatVector, BinaryVector, Float16Vector, BFloat16Vector -> true;
            default -> false;
        }).findFirst();
    }

    /**
     * The CreateCollection request for {@code name} in {@code db}: the schema as described, renamed, without
     * field ids (the server assigns its own) and without the dynamic field itself (the flag creates it; Milvus
     * refuses a field declared dynamic).
     */
    CreateCollectionRequest createRequest(String db, String name) {
        CollectionSchema.Builder copy = schema.toBuilder().setName(name).clearFields().clearStructArrayFields()
                .clearFunctions().setDbName(db == null ? "" : db);
        for (FieldSchema field : schema.getFieldsList()) {
            if (!field.getIsDynamic()) {
                copy.addFields(withoutIds(field));
            }
        }
        for (StructArrayFieldSchema struct : schema.getStructArrayFieldsList()) {
            StructArrayFieldSchema.Builder fresh = struct.toBuilder().clearFieldID().clearFields();
            struct.getFieldsList().forEach(sub -> fresh.addFields(withoutIds(sub)));
            copy.addStructArrayFields(fresh);
        }
        // functions name their fields; the ids are the source server's, assigned again by the target
        schema.getFunctionsList().forEach(f -> copy.addFunctions(f.toBuilder().clearId().clearInputFieldIds()
                .clearOutputFieldIds()));
        CreateCollectionRequest.Builder request = CreateCollectionRequest.newBuilder().setDbName(db == null ? "" : db)
                .setCollectionName(name).setSchema(copy.build().toByteString()).setConsistencyLevel(consistency)
                .addAllProperties(properties);
        if (partitionKey().isPresent()) {
            // Milvus describes a partition count for every collection, and refuses one without a partition key
            request.setNumPartitions(numPartitions);
        }
        return request.build();
    }

    private static FieldSchema withoutIds(FieldSchema field) {
        return field.toBuilder().clearFieldID().clearState().build();
    }

    /**
     * The CreateIndex requests that rebuild every index on collection {@code name}, with the same name and
     * parameters; an index on a struct's vector sub-field is named by the field as the server describes it
     * ({@code struct[sub]}), which is how CreateIndex names it too.
     */
    List<CreateIndexRequest> indexRequests(String db, String name) {
        List<CreateIndexRequest> requests = new ArrayList<>();
        for (IndexDescription index : indexes) {
            CreateIndexRequest.Builder request = CreateIndexRequest.newBuilder().setDbName(db == null ? "" : db)
                    .setCollectionName(name).setFieldName(index.getFieldName()).setIndexName(index.getIndexName());
            for (KeyValuePair param : index.getParamsList()) {
                if (!DESCRIBED_ONLY_INDEX_PARAMS.contains(param.getKey())) {
                    request.addExtraParams(param);
                }
            }
            requests.add(request.build());
        }
        return requests;
    }

    /**
     * What differs between the fields of this collection and {@code other}'s, for merging one into the other or
     * writing into an existing target: "field 'year': INT32 in 'a', INT64 in 'b'". Empty when rows of one fit
     * the other as they are: same field names, types, element types, type parameters (dim, max_length,
     * max_capacity), primary key, auto-id, nullability and dynamic field. Descriptions, defaults and indexes may
     * differ.
     */
    public List<String> differences(String thisName, CollectionTemplate other, String otherName) {
        List<String> differences = new ArrayList<>();
        Map<String, String> theirs = other.describedFields();
        describedFields().forEach((name, mine) -> {
            String their = theirs.remove(name);
            if (their == null) {
                differences.add("field '" + name + "' (" + mine + ") is in '" + thisName + "', not in '"
                        + otherName + "'");
            } else if (!mine.equals(their)) {
                differences.add("field '" + name + "': " + mine + " in '" + thisName + "', " + their + " in '"
                        + otherName + "'");
            }
        });
        theirs.forEach((name, their) -> differences.add("field '" + name + "' (" + their + ") is in '" + otherName
                + "', not in '" + thisName + "'"));
        if (dynamicField() != other.dynamicField()) {
            differences.add("the dynamic field is " + (dynamicField() ? "on" : "off") + " in '" + thisName + "', "
                    + (other.dynamicField() ? "on" : "off") + " in '" + otherName + "'");
        }
        return differences;
    }

    /** The fields rows carry, stored fields then struct arrays, each by name with its description. */
    private Map<String, String> describedFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        storedFields().forEach(f -> fields.put(f.getName(), describe(f)));
        schema.getStructArrayFieldsList().forEach(f -> fields.put(f.getName(), describe(f)));
        return fields;
    }

    /** "Int64 primary key auto-id", "VarChar max_length=64 nullable", "Array of Int32 max_capacity=8": for comparisons. */
    static String describe(FieldSchema field) {
        StringBuilder text = new StringBuilder(field.getDataType().name());
        if (field.getDataType() == DataType.Array) {
            text.append(" of ").append(field.getElementType().name());
        }
        Map<String, String> params = new TreeMap<>();
        field.getTypeParamsList().forEach(p -> params.put(p.getKey(), p.getValue()));
        params.remove("mmap.enabled");
        params.forEach((k, v) -> text.append(' ').append(k).append('=').append(v));
        if (field.getIsPrimaryKey()) {
            text.append(" primary key");
        }
        if (field.getAutoID()) {
            text.append(" auto-id");
        }
        if (field.getNullable()) {
            text.append(" nullable");
        }
        return text.toString();
    }

    /**
     * "Array of Struct max_capacity=4 {text VarChar max_length=32, clip FloatVector dim=8}": a struct array and its
     * sub-fields, each described as {@link #describe(FieldSchema)} does but by element type (the server declares
     * them ARRAY and ARRAY_OF_VECTOR of it).
     */
    static String describe(StructArrayFieldSchema struct) {
        StringBuilder text = new StringBuilder("Array of Struct");
        Map<String, String> params = new TreeMap<>();
        struct.getTypeParamsList().forEach(p -> params.put(p.getKey(), p.getValue()));
        params.remove("mmap.enabled");
        params.forEach((k, v) -> text.append(' ').append(k).append('=').append(v));
        List<String> subFields = struct.getFieldsList().stream().map(f -> f.getName() + " "
                + describe(f.toBuilder().setDataType(f.getElementType()).clearElementType().build())).toList();
        return text.append(" {").append(String.join(", ", subFields)).append('}').toString();
    }

    /** "id Int64 primary key, vec FloatVector dim=8, ...": for messages. */
    public String describeFields() {
        List<String> fields = new ArrayList<>();
        describedFields().forEach((name, description) -> fields.add(name + " " + description));
        return String.join(", ", fields) + (dynamicField() ? ", dynamic field" : "");
    }
}
