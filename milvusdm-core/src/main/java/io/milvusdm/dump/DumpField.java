package io.milvusdm.dump;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.ScalarType;

/**
 * A scalar field of a dump as {@code manifest.json} records it, so that load creates it as the source declared it:
 * {@code {"name": "tags", "type": "ARRAY", "elementType": "VARCHAR", "maxLength": 16, "maxCapacity": 4,
 * "nullable": true}}; {@code defaultValue} holds the default value as JSON (a boolean, a number, text; TIMESTAMPTZ as
 * microseconds since the epoch). The dynamic field is {@code {"name": "$meta", "type": "DYNAMIC"}}.
 *
 * @param maxLength VARCHAR's (and an ARRAY of VARCHAR's elements') most bytes, else null
 * @param elementType and {@code maxCapacity}: an ARRAY's, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DumpField(String name, ScalarType type, Integer maxLength, boolean nullable, ScalarType elementType,
                        Integer maxCapacity, JsonNode defaultValue) {

    public DumpField {
        // one form for an integer, however JSON parsing sized it, so that equal entries are equal
        if (defaultValue != null && defaultValue.isIntegralNumber() && defaultValue.canConvertToLong()) {
            defaultValue = JsonNodeFactory.instance.numberNode(defaultValue.longValue());
        }
    }

    public static DumpField of(ScalarField field) {
        return new DumpField(field.name(), field.type(), field.maxLength() == 0 ? null : field.maxLength(),
                field.nullable(), field.elementType(), field.maxCapacity() == 0 ? null : field.maxCapacity(),
                field.defaultValue() == null ? null : defaultNode(field.defaultValue()));
    }

    /**
     * The field this entry describes.
     *
     * @param where the manifest, for the message
     * @throws DumpException when the entry describes a field Milvus could not have
     */
    public ScalarField toField(String where) throws DumpException {
        try {
            ScalarField field = new ScalarField(name, type, maxLength == null ? 0 : maxLength, nullable, elementType,
                    maxCapacity == null ? 0 : maxCapacity, null);
            return defaultValue == null || defaultValue.isNull() ? field : field.withDefault(value(type, defaultValue));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new DumpException("manifest " + where + ": field " + name + " cannot be created: " + e.getMessage());
        }
    }

    private static JsonNode defaultNode(Object value) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        if (value instanceof Boolean b) {
            return json.booleanNode(b);
        }
        if (value instanceof Long n) {
            return json.numberNode(n);
        }
        if (value instanceof Double d) {
            // JSON has no NaN or infinities: their text, which value() parses back
            return Double.isFinite(d) ? json.numberNode(d) : json.textNode(d.toString());
        }
        return json.textNode(value.toString());
    }

    private static Object value(ScalarType type, JsonNode node) {
        return switch (type) {
            case BOOL -> node.booleanValue();
            case INT8, INT16, INT32, INT64, TIMESTAMPTZ -> {
                if (!node.canConvertToExactIntegral() || !node.canConvertToLong()) {
                    throw new IllegalArgumentException("default " + node + " is not an integer");
                }
                yield node.longValue();
            }
            case FLOAT, DOUBLE -> node.isTextual() ? Double.parseDouble(node.textValue()) : node.doubleValue();
            default -> node.isTextual() ? node.textValue() : node.toString();
        };
    }
}
