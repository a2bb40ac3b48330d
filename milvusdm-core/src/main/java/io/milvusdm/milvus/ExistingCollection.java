package io.milvusdm.milvus;

import io.milvus.v2.common.DataType;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.response.DescribeCollectionResp;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.request.ListIndexesReq;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.VectorType;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an existing collection has, as far as a job cares: its key and vector fields, its scalar fields, and the
 * metric of its vector index (null when it has none, as collections MilvusDM made have not).
 *
 * @param name the collection
 * @param keyField the primary key's field name
 * @param keyKind INT64 or VARCHAR, or null for another key type
 * @param autoId whether the collection generates keys
 * @param vectorField the vector field's name, or null when it has none or several
 * @param vectorType the vector field's type, or null when it is not one the job can write
 * @param dimension the vector field's dimension
 * @param metric the vector index's metric, or null when there is no index
 * @param indexType the vector index's type, or null
 * @param otherVectors the vector fields besides the first dense one, which a job from a file that holds them fills
 * @param scalars the other fields
 * @param dynamicField whether the collection has the dynamic field
 */
record ExistingCollection(String name, String keyField, KeyKind keyKind, boolean autoId, String vectorField,
                          VectorType vectorType, int dimension, String metric, String indexType,
                          List<OtherVector> otherVectors, List<Scalar> scalars, boolean dynamicField) {

    /**
     * A vector field besides the one the job's vectors fill.
     *
     * @param dimension its dimension, 0 for sparse vectors
     */
    record OtherVector(String name, DataType type, int dimension, boolean nullable) {

        String describe() {
            return name + " (" + type + (dimension > 0 ? " dim " + dimension : "") + (nullable ? ", nullable" : "")
                    + ")";
        }
    }

    /**
     * A scalar field of the collection.
     *
     * @param maxLength a VARCHAR's (or VARCHAR array element's) max length, else 0
     * @param required neither nullable nor with a default: every insert must fill it
     * @param elementType an ARRAY's element type, else null
     * @param maxCapacity an ARRAY's max capacity, else 0
     */
    record Scalar(String name, DataType type, int maxLength, boolean nullable, boolean required,
                  DataType elementType, int maxCapacity) {
    }

    /**
     * @param wantedVector the vector field the job writes: the collection's vector field when it has a dense one of
     *     that name, else its first dense one; the others are its other vectors
     */
    static ExistingCollection read(MilvusConnection connection, String collection, String wantedVector)
            throws MilvusOperationException {
        DescribeCollectionResp described = connection.call("Describe collection '" + collection + "'",
                client -> client.describeCollection(DescribeCollectionReq.builder().collectionName(collection).build()));
        boolean hasWanted = described.getCollectionSchema().getFieldSchemaList().stream()
                .anyMatch(f -> f.getName().equals(wantedVector) && vectorType(f.getDataType()) != null);
        String keyField = null;
        KeyKind keyKind = null;
        boolean autoId = false;
        String vectorField = null;
        VectorType vectorType = null;
        int dimension = 0;
        List<OtherVector> otherVectors = new ArrayList<>();
        List<Scalar> scalars = new ArrayList<>();
        for (CreateCollectionReq.FieldSchema field : described.getCollectionSchema().getFieldSchemaList()) {
            VectorType type = vectorType(field.getDataType());
            if (Boolean.TRUE.equals(field.getIsPrimaryKey())) {
                keyField = field.getName();
                keyKind = field.getDataType() == DataType.Int64 ? KeyKind.INT64
                        : field.getDataType() == DataType.VarChar ? KeyKind.VARCHAR : null;
                autoId = Boolean.TRUE.equals(field.getAutoID());
            } else if (type != null || isVector(field.getDataType())) {
                if (vectorField == null && type != null && (!hasWanted || field.getName().equals(wantedVector))) {
                    vectorField = field.getName();
                    vectorType = type;
                    dimension = field.getDimension() == null ? 0 : field.getDimension();
                } else {
                    otherVectors.add(new OtherVector(field.getName(), field.getDataType(),
                            field.getDimension() == null ? 0 : field.getDimension(),
                            Boolean.TRUE.equals(field.getIsNullable())));
                }
            } else {
                boolean nullable = Boolean.TRUE.equals(field.getIsNullable());
                scalars.add(new Scalar(field.getName(), field.getDataType(),
                        field.getMaxLength() == null ? 0 : field.getMaxLength(), nullable,
                        !nullable && field.getDefaultValue() == null,
                        field.getDataType() == DataType.Array ? field.getElementType() : null,
                        field.getMaxCapacity() == null ? 0 : field.getMaxCapacity()));
            }
        }
        String metric = null;
        String indexType = null;
        if (vectorField != null) {
            String field = vectorField;
            List<String> indexes = connection.call("List indexes of collection '" + collection + "'",
                    client -> client.listIndexes(ListIndexesReq.builder().collectionName(collection).fieldName(field).build()));
            if (!indexes.isEmpty()) {
                DescribeIndexResp index = connection.call("Describe the index of collection '" + collection + "'",
                        client -> client.describeIndex(DescribeIndexReq.builder().collectionName(collection)
                                .fieldName(field).build()));
                DescribeIndexResp.IndexDesc desc = index.getIndexDescByFieldName(field);
                if (desc != null) {
                    metric = desc.getMetricType() == null ? null : desc.getMetricType().name();
                    indexType = desc.getIndexType() == null ? null : desc.getIndexType().name();
                }
            }
        }
        return new ExistingCollection(collection, keyField, keyKind, autoId, vectorField, vectorType, dimension,
                metric, indexType, List.copyOf(otherVectors), List.copyOf(scalars),
                Boolean.TRUE.equals(described.getEnableDynamicField()));
    }

    /**
     * @throws TargetMismatchException naming the collection, what it has and what the job needs, when they differ
     */
    void check(CollectionSpec job) throws TargetMismatchException {
        List<String> problems = new ArrayList<>();
        if (vectorType == null) {
            problems.add("no vector field the job can write");
        } else if (vectorType != job.vectorType() || dimension != job.dimension()) {
            problems.add("its vector field '" + vectorField + "' is " + vectorType + " dim " + dimension
                    + ", the job writes " + job.vectorType() + " dim " + job.dimension());
        }
        if (keyKind != job.keyKind() && !(autoId && job.autoId())) {
            problems.add("its primary key '" + keyField + "' is " + (keyKind == null ? "of another type" : keyKind)
                    + ", the job's keys are " + job.keyKind());
        }
        if (autoId != job.autoId()) {
            problems.add(autoId ? "it generates its keys (auto-id), the job brings its own"
                    : "it has no auto-id, the job has no keys of its own or asks for auto-id");
        }
        if (metric != null && !metric.equals(job.metric())) {
            problems.add("its index (" + indexType + ") uses metric " + metric + ", the job's metric is " + job.metric());
        }
        if (keyField != null && vectorField != null
                && !(keyField.equals(job.keyField()) && vectorField.equals(job.vectorField()))) {
            problems.add("its fields are named '" + keyField + "' and '" + vectorField + "', the job writes '"
                    + job.keyField() + "' and '" + job.vectorField() + "'");
        }
        problems.addAll(scalarProblems(job.scalarFields()));
        Set<String> written = job.scalarFields().stream().map(ScalarField::name).collect(Collectors.toSet());
        List<String> cannotFill = new ArrayList<>();
        for (OtherVector vector : otherVectors) {
            if (!vector.nullable() && !written.contains(vector.name())) {
                cannotFill.add(vector.describe());
            }
        }
        for (Scalar scalar : scalars) {
            if (scalar.required() && !written.contains(scalar.name())) {
                cannotFill.add(scalar.name() + " (" + scalar.type() + ", required)");
            }
        }
        if (!cannotFill.isEmpty()) {
            problems.add("it has fields the job cannot fill: " + String.join(", ", cannotFill));
        }
        if (!problems.isEmpty()) {
            throw new TargetMismatchException(name, "Collection '" + name + "' exists and does not fit the job: "
                    + String.join("; ", problems) + " (the job needs " + job.describe() + ")");
        }
    }

    /**
     * Each of the job's scalar fields must exist with its type (an ARRAY's element type too), room for its values
     * (VARCHAR max length, ARRAY capacity), and nulls if it has any; the dynamic field needs the collection's.
     */
    private List<String> scalarProblems(List<ScalarField> fields) {
        List<String> problems = new ArrayList<>();
        for (ScalarField field : fields) {
            if (field.isDynamic()) {
                if (!dynamicField) {
                    problems.add("it has no dynamic field, the job writes one ($meta)");
                }
                continue;
            }
            if (field.isTypedVector()) {
                vectorProblem(field).ifPresent(problems::add);
                continue;
            }
            Scalar scalar = scalars.stream().filter(s -> s.name().equals(field.name())).findFirst().orElse(null);
            DataType wanted = ScalarTypes.sdk(field.type());
            if (wanted == null) {
                problems.add("the job's field " + field.describe() + " needs a target made from its source's template");
            } else if (scalar == null) {
                problems.add("it has no field '" + field.name() + "' (the job writes " + field.describe() + ")");
            } else if (scalar.type() != wanted || wanted == DataType.Array
                    && scalar.elementType() != ScalarTypes.sdk(field.elementType())) {
                problems.add("its field '" + field.name() + "' is " + scalar.type()
                        + (scalar.elementType() == null ? "" : " of " + scalar.elementType()) + ", the job writes "
                        + field.describe());
            } else if (field.maxLength() > 0 && scalar.maxLength() < field.maxLength()) {
                problems.add("its field '" + field.name() + "' is " + scalar.type()
                        + (scalar.elementType() == null ? "" : " of " + scalar.elementType()) + " with max length "
                        + scalar.maxLength() + ", the job's values need up to " + field.maxLength() + " bytes");
            } else if (wanted == DataType.Array && scalar.maxCapacity() < field.maxCapacity()) {
                problems.add("its field '" + field.name() + "' has max capacity " + scalar.maxCapacity()
                        + ", the job's values need up to " + field.maxCapacity() + " elements");
            } else if (field.nullable() && !scalar.nullable()) {
                problems.add("its field '" + field.name() + "' is not nullable, the job's values may be null");
            }
        }
        return problems;
    }

    /** A vector field of the job must be here with its type and dimension, and nullable if the job's is. */
    private java.util.Optional<String> vectorProblem(ScalarField field) {
        OtherVector vector = otherVectors.stream().filter(v -> v.name().equals(field.name())).findFirst().orElse(null);
        DataType wanted = ScalarTypes.sdkVector(field.vector().type());
        if (vector == null) {
            return java.util.Optional.of("it has no vector field '" + field.name() + "' (the job writes "
                    + field.describe() + ")");
        }
        if (vector.type() != wanted || vector.dimension() != field.vector().dimension()) {
            return java.util.Optional.of("its field " + vector.describe() + " is not " + field.describe());
        }
        if (field.nullable() && !vector.nullable()) {
            return java.util.Optional.of("its field '" + field.name() + "' is not nullable, the job's vectors may be"
                    + " null");
        }
        return java.util.Optional.empty();
    }

    private static VectorType vectorType(DataType type) {
        return switch (type) {
            case FloatVector -> VectorType.FLOAT_VECTOR;
            case BinaryVector -> VectorType.BINARY_VECTOR;
            case Float16Vector -> VectorType.FLOAT16_VECTOR;
            case BFloat16Vector -> VectorType.BFLOAT16_VECTOR;
            default -> null;
        };
    }

    private static boolean isVector(DataType type) {
        return type.name().endsWith("Vector");
    }
}
