package io.milvusdm.pipeline;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A scalar column a source produces besides keys and vectors, as its target field should be declared.
 *
 * @param name the field name: a letter or underscore, then letters, digits and underscores (Milvus's rule), at
 *     most 255 characters
 * @param type the field type
 * @param maxLength for VARCHAR the most UTF-8 bytes a value has, 1..65535 (Milvus's bound); 0 for other types
 * @param nullable whether rows may have no value (a null entry in the column)
 */
public record ScalarField(String name, ScalarType type, int maxLength, boolean nullable) {

    /** Milvus's upper bound for a VARCHAR field's max_length. */
    public static final int VARCHAR_MAX_LENGTH = 65_535;

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
        if (type == ScalarType.VARCHAR && (maxLength < 1 || maxLength > VARCHAR_MAX_LENGTH)) {
            throw new IllegalArgumentException("VARCHAR field '" + name + "' needs a max length of 1.."
                    + VARCHAR_MAX_LENGTH + " bytes, got " + maxLength);
        }
        if (type != ScalarType.VARCHAR && maxLength != 0) {
            throw new IllegalArgumentException(type + " field '" + name + "' has no max length, got " + maxLength);
        }
    }

    public static ScalarField varchar(String name, int maxLength, boolean nullable) {
        return new ScalarField(name, ScalarType.VARCHAR, maxLength, nullable);
    }

    public static ScalarField json(String name, boolean nullable) {
        return new ScalarField(name, ScalarType.JSON, 0, nullable);
    }

    /** A field that travels in Milvus's wire form only (see {@link ScalarType#isWireOnly()}). */
    public static ScalarField wire(String name, ScalarType type, boolean nullable) {
        if (!type.isWireOnly()) {
            throw new IllegalArgumentException(type + " field '" + name + "' has a column of its own");
        }
        return new ScalarField(name, type, 0, nullable);
    }

    /** "text VARCHAR(512)", "metadata JSON nullable": for messages. */
    public String describe() {
        return name + " " + type + (type == ScalarType.VARCHAR ? "(" + maxLength + ")" : "") + (nullable ? " nullable" : "");
    }
}
