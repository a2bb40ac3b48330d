package io.milvusdm.format.parquet;

import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.ScalarType;
import io.milvusdm.pipeline.VectorType;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

import java.util.ArrayList;
import java.util.List;

/**
 * The columns a Parquet source reads from a file, checked against what the spec asks for, and the projection
 * (the requested schema: key, vectors, scalar fields, in that order) that makes the reader fetch only them.
 *
 * @param keyKind INT64 or VARCHAR from the key column's type, or NONE without one
 * @param vectorType FLOAT_VECTOR for list&lt;float&gt;, the spec's byte vector type for list&lt;uint8&gt;
 * @param twoLevelList whether the vector list is the legacy 2-level form (repeated element directly in the list)
 * @param projection the requested schema
 */
record ParquetColumns(KeyKind keyKind, VectorType vectorType, boolean twoLevelList, List<ScalarField> scalarFields,
                      MessageType projection) {

    /**
     * Resolves the spec's columns in a file's schema.
     *
     * @throws IllegalArgumentException saying which column is missing or of which unexpected type; the caller adds
     *     the file
     */
    static ParquetColumns resolve(MessageType schema, ParquetSourceSpec spec) {
        List<Type> projected = new ArrayList<>();
        KeyKind keyKind = KeyKind.NONE;
        if (spec.keyField() != null) {
            Type key = column(schema, spec.keyField(), "primary-key");
            keyKind = keyKind(key);
            projected.add(key);
        }
        Type vectors = column(schema, spec.vectorField(), "vector");
        Type element = listElement(vectors);
        VectorType vectorType = vectorType(vectors, element, spec.byteVectorType());
        projected.add(vectors);
        for (ScalarField field : spec.scalarFields()) {
            Type column = column(schema, field.name(), field.type() + " field");
            if (!fits(field, column)) {
                throw new IllegalArgumentException("column '" + field.name() + "' is " + describe(column)
                        + ", expected " + ParquetLayout.arrowName(field) + " for " + field.describe());
            }
            projected.add(column);
        }
        boolean twoLevel = vectors.asGroupType().getType(0).isPrimitive();
        return new ParquetColumns(keyKind, vectorType, twoLevel, spec.scalarFields(),
                new MessageType(schema.getName(), projected));
    }

    private static Type column(MessageType schema, String name, String role) {
        if (!schema.containsField(name)) {
            List<String> names = schema.getFields().stream().map(Type::getName).toList();
            throw new IllegalArgumentException("no " + role + " column '" + name + "'; the file has " + names);
        }
        Type column = schema.getType(name);
        if (column.isRepetition(Type.Repetition.REPEATED)) {
            throw new IllegalArgumentException(role + " column '" + name + "' is a repeated field, expected one value a row");
        }
        return column;
    }

    private static KeyKind keyKind(Type key) {
        if (key.isPrimitive()) {
            PrimitiveType primitive = key.asPrimitiveType();
            if (primitive.getPrimitiveTypeName() == PrimitiveTypeName.INT64 && isPlainOrSignedInt(primitive)) {
                return KeyKind.INT64;
            }
            if (isString(primitive)) {
                return KeyKind.VARCHAR;
            }
        }
        throw new IllegalArgumentException("primary-key column '" + key.getName() + "' is " + describe(key)
                + ", expected int64 or string");
    }

    /** The element of a list column (3-level, or legacy 2-level), or a clear refusal. */
    private static Type listElement(Type vectors) {
        String expected = ", expected a list of float (FLOAT_VECTOR) or of uint8 (binary, float16, bfloat16 vectors)";
        if (vectors.isPrimitive() || vectors.asGroupType().getFieldCount() != 1) {
            throw new IllegalArgumentException("vector column '" + vectors.getName() + "' is " + describe(vectors)
                    + expected);
        }
        Type repeated = vectors.asGroupType().getType(0);
        if (!repeated.isRepetition(Type.Repetition.REPEATED)) {
            throw new IllegalArgumentException("vector column '" + vectors.getName() + "' is " + describe(vectors)
                    + expected);
        }
        if (repeated.isPrimitive()) {
            return repeated;
        }
        GroupType group = repeated.asGroupType();
        if (group.getFieldCount() != 1 || !group.getType(0).isPrimitive()) {
            throw new IllegalArgumentException("vector column '" + vectors.getName() + "' is " + describe(vectors)
                    + expected);
        }
        return group.getType(0);
    }

    private static VectorType vectorType(Type vectors, Type element, VectorType byteVectorType) {
        PrimitiveType primitive = element.asPrimitiveType();
        if (primitive.getPrimitiveTypeName() == PrimitiveTypeName.FLOAT) {
            return VectorType.FLOAT_VECTOR;
        }
        if (primitive.getPrimitiveTypeName() == PrimitiveTypeName.INT32
                && primitive.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation ints
                && ints.getBitWidth() == 8 && !ints.isSigned()) {
            return byteVectorType;
        }
        throw new IllegalArgumentException("vector column '" + vectors.getName() + "' is a list of "
                + describe(element) + ", expected a list of float (FLOAT_VECTOR) or of uint8 (binary, float16,"
                + " bfloat16 vectors)");
    }

    /**
     * Whether a column can fill a scalar field: one case per scalar type. An integer field takes an integer column
     * no wider than itself (int8 into INT16, as Milvus's import does), a DOUBLE field a float column too; an ARRAY
     * field a list (3-level, or the legacy 2-level form) of such elements.
     */
    private static boolean fits(ScalarField field, Type column) {
        if (field.type() == ScalarType.ARRAY) {
            Type element = arrayElement(column);
            return element != null && fitsValue(field.elementType(), element);
        }
        return fitsValue(field.type(), column);
    }

    private static boolean fitsValue(ScalarType type, Type column) {
        if (!column.isPrimitive()) {
            return false;
        }
        PrimitiveType primitive = column.asPrimitiveType();
        PrimitiveTypeName physical = primitive.getPrimitiveTypeName();
        return switch (type) {
            case BOOL -> physical == PrimitiveTypeName.BOOLEAN;
            case INT8, INT16, INT32, INT64 -> integerBits(primitive) > 0 && integerBits(primitive) <= bits(type);
            case FLOAT -> physical == PrimitiveTypeName.FLOAT;
            case DOUBLE -> physical == PrimitiveTypeName.DOUBLE || physical == PrimitiveTypeName.FLOAT;
            case VARCHAR, JSON, DYNAMIC, GEOMETRY, TIMESTAMPTZ -> isString(primitive);
            case ARRAY, VECTOR, STRUCT_ARRAY -> false;
        };
    }

    /** The element of a LIST column, or null when the column is not a list of one primitive. */
    static Type arrayElement(Type column) {
        if (column.isPrimitive() || column.asGroupType().getFieldCount() != 1) {
            return null;
        }
        Type repeated = column.asGroupType().getType(0);
        if (!repeated.isRepetition(Type.Repetition.REPEATED)) {
            return null;
        }
        if (repeated.isPrimitive()) {
            return repeated;
        }
        GroupType group = repeated.asGroupType();
        return group.getFieldCount() == 1 && group.getType(0).isPrimitive() ? group.getType(0) : null;
    }

    /** Bits of a signed integer column (its INTEGER annotation, else its physical width), or 0 for another. */
    private static int integerBits(PrimitiveType type) {
        int physical = switch (type.getPrimitiveTypeName()) {
            case INT32 -> 32;
            case INT64 -> 64;
            default -> 0;
        };
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        if (physical == 0 || logical == null) {
            return physical;
        }
        return logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation ints && ints.isSigned()
                ? ints.getBitWidth() : 0;
    }

    private static int bits(ScalarType type) {
        return switch (type) {
            case INT8 -> 8;
            case INT16 -> 16;
            case INT32 -> 32;
            default -> 64;
        };
    }

    private static boolean isString(PrimitiveType type) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        return type.getPrimitiveTypeName() == PrimitiveTypeName.BINARY
                && (logical == null || logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation);
    }

    private static boolean isPlainOrSignedInt(PrimitiveType type) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        return logical == null || logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation ints && ints.isSigned();
    }

    /** "int64", "binary (STRING)", "optional group (LIST)": the column's Parquet type without its name. */
    static String describe(Type type) {
        if (type.isPrimitive()) {
            PrimitiveType primitive = type.asPrimitiveType();
            LogicalTypeAnnotation logical = primitive.getLogicalTypeAnnotation();
            return primitive.getPrimitiveTypeName().name().toLowerCase(java.util.Locale.ROOT)
                    + (logical == null ? "" : " (" + logical + ")");
        }
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        return "a group" + (logical == null ? "" : " (" + logical + ")") + " of "
                + type.asGroupType().getFieldCount() + " fields";
    }
}
