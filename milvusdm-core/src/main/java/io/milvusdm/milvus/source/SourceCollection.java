package io.milvusdm.milvus.source;

import io.milvus.v2.common.DataType;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq.FieldSchema;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.response.DescribeCollectionResp;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.request.ListIndexesReq;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import io.milvusdm.milvus.CollectionTemplate;
import io.milvusdm.milvus.MilvusConnection;
import io.milvusdm.milvus.source.MilvusCollectionSourceSpec.Fields;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.ScalarType;
import io.milvusdm.pipeline.Timestamptz;
import io.milvusdm.pipeline.VectorFieldSpec;
import io.milvusdm.pipeline.VectorFieldType;
import io.milvusdm.pipeline.VectorType;

import java.util.Set;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The fields of the collection a source reads, from its schema and vector index.
 *
 * @param name the collection
 * @param keyField the primary key field
 * @param keyKind INT64 or VARCHAR (auto-id keys are stored keys too, and are read)
 * @param keyMaxBytes the most bytes a key takes: 8 for INT64, the VARCHAR field's max length (UTF-8 bytes)
 * @param vectorField the vector field read as the batches' vectors, or null when the collection has no dense one
 *     (Milvus to Milvus): its vectors, sparse or INT8, are then all among the scalar fields
 * @param vectorType FLOAT_VECTOR, BINARY_VECTOR, FLOAT16_VECTOR or BFLOAT16_VECTOR; NONE without a vector field
 * @param dimension its dimension (bits for binary vectors); 0 without a vector field
 * @param metric the metric of its index, if it has one
 * @param scalarFields the fields read along, in schema order ({@code fields} says which): struct arrays after them
 *     and the dynamic field last
 * @param skippedFields the fields not read, as "name (Type)" or "name (Type, a function's output)", in schema order
 * @param scalarRowBytes what the scalar fields' values of a row are assumed to take when pages are cut
 *     ({@link FieldWidths})
 * @param fields which fields are read, and whether they travel typed or in Milvus's wire form
 */
record SourceCollection(String name, String keyField, KeyKind keyKind, int keyMaxBytes, String vectorField,
                        VectorType vectorType, int dimension, Optional<String> metric, List<ScalarField> scalarFields,
                        List<String> skippedFields, long scalarRowBytes, Fields fields) {

    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
    /** How {@link #skippedFields} marks the outputs of functions (BM25), which a target computes itself. */
    static final String FUNCTION_OUTPUT = "a function's output";

    /** Describes {@code collection} and picks its vector field ({@code wanted}, or the only one when null). */
    static SourceCollection describe(MilvusConnection connection, String collection, String wanted) throws IOException {
        return describe(connection, collection, wanted, Fields.STRINGS, Set.of());
    }

    /**
     * Describes {@code collection} and picks the fields {@code fields} reads. With {@link Fields#ALL_WIRE} (Milvus
     * to Milvus) every field is read: the batches' vectors are {@code wanted}, else the first dense vector field,
     * else none ({@link VectorType#NONE}: a collection of sparse or INT8 vectors, or of text and a BM25 function),
     * and every other field travels in Milvus's wire form (VARCHAR and JSON in their own columns), the dynamic
     * field as {@code $meta}; only the outputs of functions (BM25), which the target computes itself, are left
     * out. With {@link Fields#SCALARS} every scalar field, every other vector field and the dynamic field are read,
     * typed, but for the outputs of functions, likewise.
     */
    static SourceCollection describe(MilvusConnection connection, String collection, String wanted, Fields fields,
                                     Set<String> functionOutputs) throws IOException {
        boolean allFields = fields == Fields.ALL_WIRE;
        requireExists(connection, collection);
        DescribeCollectionResp described = connection.call("Describe collection '" + collection + "'",
                client -> client.describeCollection(DescribeCollectionReq.builder().collectionName(collection).build()));
        return of(collection, described, wanted, fields, functionOutputs,
                field -> metric(connection, collection, field));
    }

    /** The metric of the index on a vector field, or null without one. */
    @FunctionalInterface
    interface MetricLookup {
        String metric(String vectorField) throws IOException;
    }

    /**
     * The collection as {@code described}, as {@link #describe} reads it; {@code metrics} is asked about the vector
     * field picked. Struct array fields ({@code described}'s struct fields) are read whole, in wire form, with
     * {@link Fields#ALL_WIRE}.
     */
    static SourceCollection of(String collection, DescribeCollectionResp described, String wanted, Fields fields,
                               Set<String> functionOutputs, MetricLookup metrics) throws IOException {
        boolean allFields = fields == Fields.ALL_WIRE;
        List<FieldSchema> schemaFields = described.getCollectionSchema().getFieldSchemaList();
        FieldSchema key = schemaFields.stream().filter(f -> Boolean.TRUE.equals(f.getIsPrimaryKey())).findFirst()
                .orElseThrow(() -> new MilvusSourceException("Collection '" + collection + "' has no primary key field"));
        KeyKind keyKind = key.getDataType() == DataType.Int64 ? KeyKind.INT64
                : key.getDataType() == DataType.VarChar ? KeyKind.VARCHAR : null;
        if (keyKind == null) {
            throw new MilvusSourceException("Collection '" + collection + "' has a " + key.getDataType()
                    + " primary key '" + key.getName() + "'; milvusdm reads INT64 and VARCHAR keys");
        }
        FieldSchema vector;
        if (wanted == null && allFields) {
            vector = firstDenseVector(schemaFields).orElse(null);
        } else if (wanted == null && fields == Fields.SCALARS && onlyDenseVector(schemaFields).isPresent()) {
            vector = onlyDenseVector(schemaFields).get();
        } else {
            vector = pickVector(collection, schemaFields, wanted);
        }
        VectorType vectorType = vector == null ? VectorType.NONE : denseType(vector.getDataType());
        if (vectorType == null) {
            throw notDense(collection, schemaFields, vector, outputsOf(described));
        }
        List<ScalarField> scalars = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        long scalarRowBytes = 0;
        Set<String> outputs = outputsOf(described);
        for (FieldSchema field : schemaFields) {
            if (field != key && field != vector) {
                boolean output = functionOutputs.contains(field.getName()) || outputs.contains(field.getName());
                ScalarField scalar = switch (fields) {
                    case STRINGS -> field.getDataType() == DataType.VarChar || field.getDataType() == DataType.JSON
                            ? typedField(field) : null;
                    case SCALARS -> output ? null : isVector(field.getDataType())
                            ? typedVector(field, metrics.metric(field.getName())) : typedField(field);
                    case ALL_WIRE -> output ? null : anyField(field);
                };
                if (scalar != null) {
                    scalars.add(scalar);
                    scalarRowBytes += FieldWidths.of(field);
                } else {
                    skipped.add(field.getName() + " (" + field.getDataType() + (output ? ", " + FUNCTION_OUTPUT : "")
                            + ")");
                }
            }
        }
        for (CreateCollectionReq.StructFieldSchema struct : structFields(described)) {
            if (allFields) {
                scalars.add(ScalarField.wire(struct.getName(), ScalarType.STRUCT_ARRAY, false));
                scalarRowBytes += FieldWidths.of(struct);
            } else {
                skipped.add(struct.getName() + " (Array of Struct)");
            }
        }
        if (fields != Fields.STRINGS && Boolean.TRUE.equals(described.getEnableDynamicField())) {
            scalars.add(ScalarField.dynamic());
            scalarRowBytes += MilvusCollectionSource.NOMINAL_SCALAR_BYTES;
        }
        int keyMaxBytes = keyKind == KeyKind.INT64 ? Long.BYTES
                : key.getMaxLength() == null ? ScalarField.VARCHAR_MAX_LENGTH : key.getMaxLength();
        if (vector == null) {
            return new SourceCollection(collection, key.getName(), keyKind, keyMaxBytes, null, VectorType.NONE, 0,
                    Optional.empty(), List.copyOf(scalars), List.copyOf(skipped), scalarRowBytes, fields);
        }
        return new SourceCollection(collection, key.getName(), keyKind, keyMaxBytes, vector.getName(), vectorType,
                vector.getDimension() == null ? 0 : vector.getDimension(),
                Optional.ofNullable(metrics.metric(vector.getName())), List.copyOf(scalars), List.copyOf(skipped),
                scalarRowBytes, fields);
    }

    /** The batch vector type of a dense vector field, or null for any other type. */
    private static VectorType denseType(DataType type) {
        return switch (type) {
            case FloatVector -> VectorType.FLOAT_VECTOR;
            case BinaryVector -> VectorType.BINARY_VECTOR;
            case Float16Vector -> VectorType.FLOAT16_VECTOR;
            case BFloat16Vector -> VectorType.BFLOAT16_VECTOR;
            default -> null;
        };
    }

    /** The fields functions (BM25) fill. */
    private static Set<String> outputsOf(DescribeCollectionResp described) {
        List<CreateCollectionReq.Function> functions = described.getCollectionSchema().getFunctionList();
        return functions == null ? Set.of() : functions.stream().flatMap(f -> f.getOutputFieldNames().stream())
                .collect(Collectors.toSet());
    }

    /**
     * A file target asked for a vector field that is not dense: the dense ones to name instead, or, without any,
     * the collection's fields and where such a collection can go.
     */
    private static MilvusSourceException notDense(String collection, List<FieldSchema> fields, FieldSchema vector,
                                                  Set<String> functionOutputs) {
        List<String> dense = fields.stream().filter(f -> denseType(f.getDataType()) != null)
                .map(f -> f.getName() + " (" + f.getDataType() + ")").toList();
        if (!dense.isEmpty()) {
            return new MilvusSourceException("Collection '" + collection + "': vector field '" + vector.getName()
                    + "' is " + vector.getDataType() + "; files hold one dense vector a row: name one of "
                    + String.join(", ", dense) + " (--vector-field)");
        }
        List<String> described = fields.stream().map(f -> f.getName() + " (" + f.getDataType()
                + (functionOutputs.contains(f.getName()) ? ", a function's output" : "") + ")").toList();
        return new MilvusSourceException("Collection '" + collection + "' has no dense vector field (FloatVector, "
                + "BinaryVector, Float16Vector, BFloat16Vector) for files to hold; its fields: "
                + String.join(", ", described) + ". Such a collection is copied to Milvus only (milvusdm migrate "
                + "--job, Milvus to Milvus), which carries every vector field as it is");
    }

    private static List<CreateCollectionReq.StructFieldSchema> structFields(DescribeCollectionResp described) {
        List<CreateCollectionReq.StructFieldSchema> structs = described.getCollectionSchema().getStructFields();
        return structs == null ? List.of() : structs;
    }

    /**
     * This collection with the default values of its TIMESTAMPTZ fields, which the SDK's description drops
     * (it converts no {@code timestamptz_data} default; SDK 2.6.22), taken from the server's own schema.
     */
    SourceCollection withTimestamptzDefaults(CollectionTemplate template) {
        List<ScalarField> fields = new ArrayList<>();
        for (ScalarField field : scalarFields) {
            io.milvus.grpc.FieldSchema described = template.schema().getFieldsList().stream()
                    .filter(f -> f.getName().equals(field.name())).findFirst().orElse(null);
            boolean carried = field.type() == ScalarType.TIMESTAMPTZ && field.defaultValue() == null && described != null
                    && described.getDefaultValue().hasTimestamptzData();
            fields.add(carried ? field.withDefault(described.getDefaultValue().getTimestamptzData()) : field);
        }
        return new SourceCollection(name, keyField, keyKind, keyMaxBytes, vectorField, vectorType, dimension, metric,
                List.copyOf(fields), skippedFields, scalarRowBytes, this.fields);
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

    /**
     * The first FloatVector, BinaryVector, Float16Vector or BFloat16Vector field: the batches' vectors (the rule
     * {@link io.milvusdm.milvus.CollectionTemplate#mainVectorField()} follows on the target's side).
     */
    private static Optional<FieldSchema> firstDenseVector(List<FieldSchema> fields) {
        return fields.stream().filter(f -> denseType(f.getDataType()) != null).findFirst();
    }

    private static boolean isVector(DataType type) {
        return switch (type) {
            case FloatVector, BinaryVector, Float16Vector, BFloat16Vector, Int8Vector, SparseFloatVector -> true;
            default -> false;
        };
    }

    /**
     * A vector field read typed (into a file) besides the batches' vectors: type, dimension, nullability and the
     * metric of its index; null for a name Milvus could not have, or a dense field without a dimension.
     */
    private static ScalarField typedVector(FieldSchema field, String metric) {
        VectorFieldType type = switch (field.getDataType()) {
            case FloatVector -> VectorFieldType.FLOAT_VECTOR;
            case BinaryVector -> VectorFieldType.BINARY_VECTOR;
            case Float16Vector -> VectorFieldType.FLOAT16_VECTOR;
            case BFloat16Vector -> VectorFieldType.BFLOAT16_VECTOR;
            case Int8Vector -> VectorFieldType.INT8_VECTOR;
            case SparseFloatVector -> VectorFieldType.SPARSE_FLOAT_VECTOR;
            default -> null;
        };
        Integer dimension = field.getDimension();
        if (type == null || !FIELD_NAME.matcher(field.getName()).matches()
                || !type.isSparse() && (dimension == null || dimension <= 0)) {
            return null;
        }
        return ScalarField.vector(field.getName(),
                new VectorFieldSpec(type, type.isSparse() ? 0 : dimension, metric),
                Boolean.TRUE.equals(field.getIsNullable()));
    }

    /**
     * The dense vector field of a collection that has one, beside any sparse ones (a file reads the others along,
     * {@link Fields#SCALARS}); empty when it has none or several.
     */
    private static Optional<FieldSchema> onlyDenseVector(List<FieldSchema> fields) {
        List<FieldSchema> dense = fields.stream().filter(f -> denseType(f.getDataType()) != null).toList();
        return dense.size() == 1 ? Optional.of(dense.get(0)) : Optional.empty();
    }

    /** Any field, for Milvus to Milvus: vector fields in wire form, the others as {@link #typedField}. */
    private static ScalarField anyField(FieldSchema field) {
        return switch (field.getDataType()) {
            case FloatVector, BinaryVector, Float16Vector, BFloat16Vector, Int8Vector, SparseFloatVector ->
                    ScalarField.wire(field.getName(), ScalarType.VECTOR, Boolean.TRUE.equals(field.getIsNullable()));
            default -> typedField(field);
        };
    }

    /**
     * A scalar field as declared: type, nullability, VARCHAR max length, ARRAY element type and capacity, default
     * value; null for vector fields and for the types this version does not read.
     */
    private static ScalarField typedField(FieldSchema field) {
        ScalarType type = scalarType(field.getDataType());
        if (type == null || !FIELD_NAME.matcher(field.getName()).matches()) {
            return null;
        }
        boolean nullable = Boolean.TRUE.equals(field.getIsNullable());
        int maxLength = field.getMaxLength() == null ? 0 : field.getMaxLength();
        ScalarField scalar;
        if (type == ScalarType.ARRAY) {
            ScalarType element = field.getElementType() == null ? null : scalarType(field.getElementType());
            if (element == null || !element.isArrayElement() || field.getMaxCapacity() == null
                    || element == ScalarType.VARCHAR && maxLength == 0) {
                return null;
            }
            scalar = ScalarField.array(field.getName(), element, field.getMaxCapacity(),
                    element == ScalarType.VARCHAR ? maxLength : 0, nullable);
        } else if (type == ScalarType.VARCHAR) {
            if (maxLength == 0) {
                return null;
            }
            scalar = ScalarField.varchar(field.getName(), maxLength, nullable);
        } else {
            scalar = new ScalarField(field.getName(), type, 0, nullable);
        }
        return withDefault(scalar, field.getDefaultValue());
    }

    /** The scalar type of a Milvus data type, or null for vectors and types this version does not read. */
    private static ScalarType scalarType(DataType type) {
        return switch (type) {
            case Bool -> ScalarType.BOOL;
            case Int8 -> ScalarType.INT8;
            case Int16 -> ScalarType.INT16;
            case Int32 -> ScalarType.INT32;
            case Int64 -> ScalarType.INT64;
            case Float -> ScalarType.FLOAT;
            case Double -> ScalarType.DOUBLE;
            case VarChar -> ScalarType.VARCHAR;
            case JSON -> ScalarType.JSON;
            case Array -> ScalarType.ARRAY;
            case Geometry -> ScalarType.GEOMETRY;
            case Timestamptz -> ScalarType.TIMESTAMPTZ;
            default -> null;
        };
    }

    /**
     * The field with the SDK's default value (a Boolean, Short, Integer, Long, Float, Double or String; a
     * TIMESTAMPTZ's ISO text becomes microseconds) as {@link ScalarField} holds it; unchanged when there is none, or
     * it has another form (a JSON document), which is then not carried.
     */
    private static ScalarField withDefault(ScalarField field, Object value) {
        if (field.type() == ScalarType.TIMESTAMPTZ && value instanceof String iso) {
            try {
                return field.withDefault(Timestamptz.micros(iso));
            } catch (IllegalArgumentException e) {
                return field;
            }
        }
        Object normalized = value instanceof Boolean || value instanceof String ? value
                : value instanceof Float || value instanceof Double ? (Object) ((Number) value).doubleValue()
                : value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long
                ? (Object) ((Number) value).longValue() : null;
        if (normalized == null) {
            return field;
        }
        try {
            return field.withDefault(normalized);
        } catch (IllegalArgumentException e) {
            return field;
        }
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

    /** The fields a page query asks for: key, vector (if any), then the scalar fields. */
    List<String> outputFields() {
        List<String> out = new ArrayList<>(List.of(keyField));
        if (vectorField != null) {
            out.add(vectorField);
        }
        scalarFields.forEach(f -> out.add(f.name()));
        return out;
    }
}
