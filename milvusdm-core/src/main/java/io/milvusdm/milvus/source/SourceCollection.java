package io.milvusdm.milvus.source;

import io.milvus.v2.common.DataType;
import io.milvus.v2.service.collection.request.CreateCollectionReq.FieldSchema;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.response.DescribeCollectionResp;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.request.ListIndexesReq;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import io.milvusdm.milvus.MilvusConnection;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.ScalarType;
import io.milvusdm.pipeline.VectorType;

import java.util.Set;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The fields of the collection a source reads, from its schema and vector index.
 *
 * @param name the collection
 * @param keyField the primary key field
 * @param keyKind INT64 or VARCHAR (auto-id keys are stored keys too, and are read)
 * @param keyMaxBytes the most bytes a key takes: 8 for INT64, the VARCHAR field's max length (UTF-8 bytes)
 * @param vectorField the vector field read
 * @param vectorType FLOAT_VECTOR or BINARY_VECTOR
 * @param dimension its dimension (bits for binary vectors)
 * @param metric the metric of its index, if it has one
 * @param scalarFields the VARCHAR and JSON fields read along, in schema order
 * @param skippedFields the fields not read, as "name (Type)", in schema order
 */
record SourceCollection(String name, String keyField, KeyKind keyKind, int keyMaxBytes, String vectorField,
                        VectorType vectorType, int dimension, Optional<String> metric, List<ScalarField> scalarFields,
                        List<String> skippedFields) {

    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

    /** Describes {@code collection} and picks its vector field ({@code wanted}, or the only one when null). */
    static SourceCollection describe(MilvusConnection connection, String collection, String wanted) throws IOException {
        return describe(connection, collection, wanted, false, Set.of());
    }

    /**
     * Describes {@code collection}. With {@code allFields} (Milvus to Milvus) every field is read: the batches'
     * vectors are {@code wanted}, else the first dense vector field, and every other field travels in Milvus's wire
     * form (VARCHAR and JSON in their own columns), the dynamic field as {@code $meta}; only the outputs of
     * functions (BM25), which the target computes itself, are left out.
     */
    static SourceCollection describe(MilvusConnection connection, String collection, String wanted, boolean allFields,
                                     Set<String> functionOutputs) throws IOException {
        requireExists(connection, collection);
        DescribeCollectionResp described = connection.call("Describe collection '" + collection + "'",
                client -> client.describeCollection(DescribeCollectionReq.builder().collectionName(collection).build()));
        List<FieldSchema> fields = described.getCollectionSchema().getFieldSchemaList();
        FieldSchema key = fields.stream().filter(f -> Boolean.TRUE.equals(f.getIsPrimaryKey())).findFirst()
                .orElseThrow(() -> new MilvusSourceException("Collection '" + collection + "' has no primary key field"));
        KeyKind keyKind = key.getDataType() == DataType.Int64 ? KeyKind.INT64
                : key.getDataType() == DataType.VarChar ? KeyKind.VARCHAR : null;
        if (keyKind == null) {
            throw new MilvusSourceException("Collection '" + collection + "' has a " + key.getDataType()
                    + " primary key '" + key.getName() + "'; milvusdm reads INT64 and VARCHAR keys");
        }
        FieldSchema vector = allFields && wanted == null ? firstDenseVector(collection, fields)
                : pickVector(collection, fields, wanted);
        VectorType vectorType = switch (vector.getDataType()) {
            case FloatVector -> VectorType.FLOAT_VECTOR;
            case BinaryVector -> VectorType.BINARY_VECTOR;
            case Float16Vector -> VectorType.FLOAT16_VECTOR;
            case BFloat16Vector -> VectorType.BFLOAT16_VECTOR;
            default -> throw new MilvusSourceException("Collection '" + collection + "': vector field '"
                    + vector.getName() + "' is " + vector.getDataType()
                    + ", which milvusdm cannot read yet as a collection's main vectors (dense vectors only)");
        };
        List<ScalarField> scalars = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (FieldSchema field : fields) {
            if (field != key && field != vector) {
                ScalarField scalar = !allFields ? scalarField(field)
                        : functionOutputs.contains(field.getName()) ? null : anyField(field);
                if (scalar != null) {
                    scalars.add(scalar);
                } else {
                    skipped.add(field.getName() + " (" + field.getDataType() + ")");
                }
            }
        }
        if (allFields && Boolean.TRUE.equals(described.getEnableDynamicField())) {
            scalars.add(ScalarField.wire(ScalarField.DYNAMIC_FIELD, ScalarType.DYNAMIC, false));
        }
        int keyMaxBytes = keyKind == KeyKind.INT64 ? Long.BYTES
                : key.getMaxLength() == null ? ScalarField.VARCHAR_MAX_LENGTH : key.getMaxLength();
        return new SourceCollection(collection, key.getName(), keyKind, keyMaxBytes, vector.getName(), vectorType,
                vector.getDimension() == null ? 0 : vector.getDimension(),
                Optional.ofNullable(metric(connection, collection, vector.getName())), List.copyOf(scalars),
                List.copyOf(skipped));
    }

    /** An unknown collection is named with the collections that are there, so that a typo shows. */
    static void requireExists(MilvusConnection connection, String collection) throws IOException {
        boolean exists = connection.call("Check whether collection '" + collection + "' exists",
                client -> client.hasCollection(HasCollectionReq.builder().collectionName(collection).build()));
        if (!exists) {
            List<String> names = connection.call("List collections",
                    client -> client.listCollections().getCollectionNames());
            List<String> sorted = new ArrayList<>(names);
            sorted.sort(null);
            throw new MilvusSourceException("Collection '" + collection + "' does not exist at " + connection.where()
                    + (connection.dbName() == null ? "" : " database '" + connection.dbName() + "'")
                    + "; the collections there: " + (sorted.isEmpty() ? "none" : String.join(", ", sorted)));
        }
    }

    private static FieldSchema pickVector(String collection, List<FieldSchema> fields, String wanted)
            throws MilvusSourceException {
        List<FieldSchema> vectors = fields.stream().filter(f -> f.getDataType().name().endsWith("Vector")).toList();
        List<String> described = vectors.stream().map(f -> f.getName() + " (" + f.getDataType() + ")").toList();
        if (wanted != null) {
            return vectors.stream().filter(f -> f.getName().equals(wanted)).findFirst()
                    .orElseThrow(() -> new MilvusSourceException("Collection '" + collection + "' has no vector field '"
                            + wanted + "'; its vector fields: " + (described.isEmpty() ? "none" : String.join(", ", described))));
        }
        if (vectors.isEmpty()) {
            throw new MilvusSourceException("Collection '" + collection + "' has no vector field");
        }
        if (vectors.size() > 1) {
            throw new MilvusSourceException("Collection '" + collection + "' has several vector fields: "
                    + String.join(", ", described) + "; name the one to read (--vector-field)");
        }
        return vectors.get(0);
    }

    /** The first FloatVector, BinaryVector, Float16Vector or BFloat16Vector field: the batches' vectors. */
    private static FieldSchema firstDenseVector(String collection, List<FieldSchema> fields) throws MilvusSourceException {
        return fields.stream().filter(f -> switch (f.getDataType()) {
            case FloatVector, BinaryVector, Float16Vector, BFloat16Vector -> true;
            default -> false;
        }).findFirst().orElseThrow(() -> new MilvusSourceException("Collection '" + collection
                + "' has no dense vector field (FloatVector, BinaryVector, Float16Vector, BFloat16Vector); "
                + "milvusdm copies collections with at least one"));
    }

    /**
     * Any field, for Milvus to Milvus: VARCHAR and JSON in their own columns, the rest in wire form; null for the
     * output of a function and for types this version cannot name.
     */
    private static ScalarField anyField(FieldSchema field) {
        boolean nullable = Boolean.TRUE.equals(field.getIsNullable());
        if (field.getDataType() == DataType.VarChar || field.getDataType() == DataType.JSON) {
            return scalarField(field);
        }
        ScalarType type = switch (field.getDataType()) {
            case Bool -> ScalarType.BOOL;
            case Int8 -> ScalarType.INT8;
            case Int16 -> ScalarType.INT16;
            case Int32 -> ScalarType.INT32;
            case Int64 -> ScalarType.INT64;
            case Float -> ScalarType.FLOAT;
            case Double -> ScalarType.DOUBLE;
            case Array -> ScalarType.ARRAY;
            case FloatVector, BinaryVector, Float16Vector, BFloat16Vector, SparseFloatVector -> ScalarType.VECTOR;
            default -> null;
        };
        return type == null ? null : ScalarField.wire(field.getName(), type, nullable);
    }

    /** VARCHAR and JSON fields are read along; other types (and the dynamic field, {@code $meta}) are left out for now. */
    private static ScalarField scalarField(FieldSchema field) {
        if (!FIELD_NAME.matcher(field.getName()).matches()) {
            return null;
        }
        boolean nullable = Boolean.TRUE.equals(field.getIsNullable());
        if (field.getDataType() == DataType.VarChar && field.getMaxLength() != null) {
            return ScalarField.varchar(field.getName(), field.getMaxLength(), nullable);
        }
        return field.getDataType() == DataType.JSON ? ScalarField.json(field.getName(), nullable) : null;
    }

    private static String metric(MilvusConnection connection, String collection, String field) throws IOException {
        List<String> indexes = connection.call("List indexes of collection '" + collection + "'",
                client -> client.listIndexes(ListIndexesReq.builder().collectionName(collection).fieldName(field).build()));
        if (indexes.isEmpty()) {
            return null;
        }
        DescribeIndexResp index = connection.call("Describe the index of collection '" + collection + "'",
                client -> client.describeIndex(DescribeIndexReq.builder().collectionName(collection).fieldName(field).build()));
        DescribeIndexResp.IndexDesc desc = index.getIndexDescByFieldName(field);
        return desc == null || desc.getMetricType() == null ? null : desc.getMetricType().name();
    }

    /** The fields a page query asks for: key, vector, then the scalar fields. */
    List<String> outputFields() {
        List<String> out = new ArrayList<>(List.of(keyField, vectorField));
        scalarFields.forEach(f -> out.add(f.name()));
        return out;
    }
}
