package io.milvusdm.pipeline;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A scalar column a source produces besides keys and vectors, as its target field should be declared.
 *
 * @param name the field name: a letter or underscore, then letters, digits and underscores (Milvus's rule), at
 *     most 255 characters; {@code $meta} for the dynamic field
 * @param type the field type
 * @param maxLength for VARCHAR, and ARRAY of VARCHAR, the most UTF-8 bytes a value (an element) has, 1..65535
 *     (Milvus's bound); 0 for other types
 * @param nullable whether rows may have no value (a null entry in the column)
 * @param elementType for ARRAY the type of its elements (a scalar or VARCHAR); null for other types
 * @param maxCapacity for ARRAY the most elements a row has, 1..4096 (Milvus's bound); 0 for other types
 * @param defaultValue the value Milvus stores for a row inserted without one, or null for none: a {@link Boolean}
 *     for BOOL, a {@link Long} for the integer types (within the type's range) and for TIMESTAMPTZ (microseconds
 *     since the epoch), a {@link Double} for FLOAT and DOUBLE, a {@link String} for VARCHAR, GEOMETRY (its WKT) and
 *     JSON (the document's text)
 * @param vector for a {@link ScalarType#VECTOR} field read typed (into a file), its type and dimension; null for
 *     other types, and for vector fields carried in Milvus's wire form (Milvus to Milvus), which need none
 */
public record ScalarField(String name, ScalarType type, int maxLength, boolean nullable, ScalarType elementType,
                          int maxCapacity, Object defaultValue, VectorFieldSpec vector) {

    /** Milvus's upper bound for a VARCHAR field's max_length. */
    public static final int VARCHAR_MAX_LENGTH = 65_535;
    /** Milvus's upper bound for an ARRAY field's max_capacity. */
    public static final int ARRAY_MAX_CAPACITY = 4_096;

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
    /** The name Milvus gives its dynamic field. */
    public static final String DYNAMIC_FIELD = "$meta";

    public ScalarField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (!NAME.matcher(name).matches() && !(type == ScalarType.DYNAMIC && name.equals(DYNAMIC_FIELD))) {
            throw new IllegalArgumentException("field name '" + name + "' is not a valid Milvus field name "
                    + "(a letter or underscore, then letters, digits or underscores, at most 255)");
        }
        if (type == ScalarType.ARRAY) {
            checkArray(name, elementType, maxCapacity);
        } else if (elementType != null || maxCapacity != 0) {
            throw new IllegalArgumentException(type + " field '" + name + "' has no element type or capacity, got "
                    + elementType + " and " + maxCapacity);
        }
        boolean hasLength = type == ScalarType.VARCHAR || elementType == ScalarType.VARCHAR;
        if (hasLength && (maxLength < 1 || maxLength > VARCHAR_MAX_LENGTH)) {
            throw new IllegalArgumentException(describeTypeName(type, elementType) + " field '" + name
                    + "' needs a max length of 1.." + VARCHAR_MAX_LENGTH + " bytes, got " + maxLength);
        }
        if (!hasLength && maxLength != 0) {
            throw new IllegalArgumentException(describeTypeName(type, elementType) + " field '" + name
                    + "' has no max length, got " + maxLength);
        }
        checkDefault(name, type, defaultValue);
        if (vector != null && type != ScalarType.VECTOR) {
            throw new IllegalArgumentException(type + " field '" + name + "' has no vector type, got "
                    + vector.describe());
        }
    }

    /** A field that is no typed vector field. */
    public ScalarField(String name, ScalarType type, int maxLength, boolean nullable, ScalarType elementType,
                       int maxCapacity, Object defaultValue) {
        this(name, type, maxLength, nullable, elementType, maxCapacity, defaultValue, null);
    }

    /** A field without element type, capacity or default value. */
    public ScalarField(String name, ScalarType type, int maxLength, boolean nullable) {
        this(name, type, maxLength, nullable, null, 0, null);
    }

    private static void checkArray(String name, ScalarType elementType, int maxCapacity) {
        if (elementType == null || !elementType.isArrayElement()) {
            throw new IllegalArgumentException("ARRAY field '" + name + "' needs an element type of BOOL, INT8, "
                    + "INT16, INT32, INT64, FLOAT, DOUBLE or VARCHAR, got " + elementType);
        }
        if (maxCapacity < 1 || maxCapacity > ARRAY_MAX_CAPACITY) {
            throw new IllegalArgumentException("ARRAY field '" + name + "' needs a max capacity of 1.."
                    + ARRAY_MAX_CAPACITY + " elements, got " + maxCapacity);
        }
    }

    private static void checkDefault(String name, ScalarType type, Object value) {
        if (value == null) {
            return;
        }
        boolean fits = switch (type) {
            case BOOL -> value instanceof Boolean;
            case INT8, INT16, INT32, INT64 -> value instanceof Long n && n >= type.minValue() && n <= type.maxValue();
            case TIMESTAMPTZ -> value instanceof Long;
            case FLOAT, DOUBLE -> value instanceof Double;
            case VARCHAR, JSON, GEOMETRY -> value instanceof String;
            case ARRAY, DYNAMIC, STRUCT_ARRAY, VECTOR -> false;
        };
        if (!fits) {
            throw new IllegalArgumentException(type + " field '" + name + "' cannot have the default value " + value
                    + " (" + value.getClass().getSimpleName() + ")");
        }
    }

    public static ScalarField varchar(String name, int maxLength, boolean nullable) {
        return new ScalarField(name, ScalarType.VARCHAR, maxLength, nullable);
    }

    public static ScalarField json(String name, boolean nullable) {
        return new ScalarField(name, ScalarType.JSON, 0, nullable);
    }

    /** A BOOL, integer or floating-point field. */
    public static ScalarField number(String name, ScalarType type, boolean nullable) {
        if (type != ScalarType.BOOL && !type.isInteger() && !type.isFloating()) {
            throw new IllegalArgumentException(type + " field '" + name + "' is not a BOOL or number");
        }
        return new ScalarField(name, type, 0, nullable);
    }

    /**
     * An ARRAY field.
     *
     * @param maxLength the elements' max length for VARCHAR elements, else 0
     */
    public static ScalarField array(String name, ScalarType elementType, int maxCapacity, int maxLength,
                                    boolean nullable) {
        return new ScalarField(name, ScalarType.ARRAY, maxLength, nullable, elementType, maxCapacity, null);
    }

    /** The dynamic field, {@code $meta}. */
    public static ScalarField dynamic() {
        return new ScalarField(DYNAMIC_FIELD, ScalarType.DYNAMIC, 0, false);
    }

    /** A field of a type without parameters, carried in Milvus's wire form (Milvus to Milvus). */
    public static ScalarField wire(String name, ScalarType type, boolean nullable) {
        return new ScalarField(name, type, 0, nullable);
    }

    /** A vector field besides the batch's own vectors, read typed (into a file, and back). */
    public static ScalarField vector(String name, VectorFieldSpec vector, boolean nullable) {
        return new ScalarField(name, ScalarType.VECTOR, 0, nullable, null, 0, null, vector);
    }

    /** This field with a default value (see {@link #defaultValue()}). */
    public ScalarField withDefault(Object value) {
        return new ScalarField(name, type, maxLength, nullable, elementType, maxCapacity, value, vector);
    }

    /** Whether this is a vector field read typed ({@link #vector()} says which). */
    public boolean isTypedVector() {
        return vector != null;
    }

    /** Whether this is Milvus's dynamic field. */
    public boolean isDynamic() {
        return type == ScalarType.DYNAMIC;
    }

    /**
     * "text VARCHAR(512)", "tags ARRAY&lt;VARCHAR(16)&gt;[4]", "n INT64 nullable default 7": for messages.
     */
    public String describe() {
        String text = name + " " + describeType(type, elementType);
        if (type == ScalarType.VARCHAR || elementType == ScalarType.VARCHAR) {
            text = type == ScalarType.ARRAY ? name + " ARRAY<VARCHAR(" + maxLength + ")>" : text + "(" + maxLength + ")";
        }
        if (type == ScalarType.ARRAY) {
            text += "[" + maxCapacity + "]";
        }
        return text + (nullable ? " nullable" : "") + (defaultValue == null ? "" : " default " + defaultValue);
    }

    private String describeType(ScalarType type, ScalarType elementType) {
        if (vector != null) {
            return vector.describe();
        }
        return describeTypeName(type, elementType);
    }

    private static String describeTypeName(ScalarType type, ScalarType elementType) {
        return type == ScalarType.ARRAY ? "ARRAY<" + elementType + ">" : type.name();
    }
}
