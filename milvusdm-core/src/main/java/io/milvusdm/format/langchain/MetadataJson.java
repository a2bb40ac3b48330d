package io.milvusdm.format.langchain;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A document's metadata dict as the UTF-8 JSON text of a Milvus JSON field, written with Jackson.
 *
 * <p>Only what JSON can hold passes, as Python's {@code json.dumps} would write it: str, int, float, bool, None,
 * list, tuple (as an array) and dicts with string keys, keys kept in their order. Anything else (a datetime, a
 * set, bytes, a NaN or infinite float, a numpy value, any other object) is refused with a {@link Refusal} naming
 * the key path and the Python type, rather than turned into some text: the user decides how a datetime should
 * read (isoformat, epoch, a timezone) and converts it before saving the store. Nesting deeper than
 * {@value #MAX_DEPTH} levels (or a dict that contains itself) is refused too.
 */
final class MetadataJson {

    static final int MAX_DEPTH = 100;
    private static final JsonFactory JSON = new JsonFactory();

    /** A metadata value JSON cannot hold. */
    static final class Refusal extends Exception {
        Refusal(String message) {
            super(message);
        }
    }

    private MetadataJson() {
    }

    static byte[] toJson(Map<?, ?> metadata) throws Refusal {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            write(json, metadata, "metadata", 0);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory", e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator json, Object value, String path, int depth) throws IOException, Refusal {
        if (depth > MAX_DEPTH) {
            throw new Refusal(path + " is nested deeper than " + MAX_DEPTH + " levels (does it contain itself?)");
        }
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (value instanceof Integer || value instanceof Long) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            json.writeNumber(big);
        } else if (value instanceof Double number) {
            if (!Double.isFinite(number)) {
                throw new Refusal(path + " is the float " + number + ", which JSON cannot hold");
            }
            json.writeNumber(number);
        } else if (value instanceof Map<?, ?> map) {
            writeObject(json, map, path, depth);
        } else if (value instanceof List<?> || value instanceof Object[]) {
            List<?> items = value instanceof Object[] tuple ? List.of(tuple) : (List<?>) value;
            json.writeStartArray();
            for (int i = 0; i < items.size(); i++) {
                write(json, items.get(i), path + "[" + i + "]", depth + 1);
            }
            json.writeEndArray();
        } else {
            throw new Refusal(path + " is a " + pythonType(value) + ", which JSON has no type for;"
                    + " convert it (e.g. a datetime with isoformat()) before saving the store");
        }
    }

    private static void writeObject(JsonGenerator json, Map<?, ?> map, String path, int depth)
            throws IOException, Refusal {
        json.writeStartObject();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new Refusal(path + " has the key " + entry.getKey() + " (a " + pythonType(entry.getKey())
                        + "); JSON keys are strings");
            }
            json.writeFieldName(key);
            write(json, entry.getValue(), path + "[\"" + key + "\"]", depth + 1);
        }
        json.writeEndObject();
    }

    /** The Python type behind an unpickled value, for messages. */
    static String pythonType(Object value) {
        if (value == null) {
            return "None";
        } else if (value instanceof PickledObject object) {
            return object.className();
        } else if (value instanceof String) {
            return "str";
        } else if (value instanceof Boolean) {
            return "bool";
        } else if (value instanceof Double) {
            return "float";
        } else if (value instanceof Number) {
            return "int";
        } else if (value instanceof Map<?, ?>) {
            return "dict";
        } else if (value instanceof Object[] tuple) {
            return "tuple of " + tuple.length;
        } else if (value instanceof Set<?>) {
            return "set";
        } else if (value instanceof Collection<?>) {
            return "list";
        } else if (value instanceof byte[]) {
            return "bytes";
        }
        return value.getClass().getSimpleName();
    }
}
