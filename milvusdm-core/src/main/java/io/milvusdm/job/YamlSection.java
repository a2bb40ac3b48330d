package io.milvusdm.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One mapping of a job file, read key by key: each typed getter records which keys were read, and every
 * problem goes into a shared list so that a user sees all of them at once, each with its key path.
 */
final class YamlSection {

    private final String path;
    private final ObjectNode node;
    private final List<String> problems;
    private final Set<String> read = new LinkedHashSet<>();

    YamlSection(String path, ObjectNode node, List<String> problems) {
        this.path = path;
        this.node = node;
        this.problems = problems;
    }

    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    void problem(String name, String message) {
        problems.add(key(name) + ": " + message);
    }

    /** Whether the key is present with a non-null value. */
    boolean has(String name) {
        read.add(name);
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    /** Whether the key is present at all, even with an empty value. */
    boolean present(String name) {
        read.add(name);
        return node.has(name);
    }

    /** A string, or null when absent, null or empty. Numbers and booleans are taken as their text. */
    String string(String name) {
        read.add(name);
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            problem(name, "expected a single value, found " + describe(value));
            return null;
        }
        String text = value.asText().trim();
        return text.isEmpty() ? null : text;
    }

    Integer integer(String name, int min, int max) {
        Long value = longValue(name, min, max);
        return value == null ? null : value.intValue();
    }

    Long longValue(String name, long min, long max) {
        read.add(name);
        JsonNode value = node.get(name);
        if (value == null || value.isNull() || value.isTextual() && value.asText().isBlank()) {
            return null;
        }
        long number;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            number = value.asLong();
        } else if (value.isTextual() && value.asText().trim().matches("-?\\d+")) {
            number = Long.parseLong(value.asText().trim());
        } else {
            problem(name, "expected an integer, found " + describe(value));
            return null;
        }
        if (number < min || number > max) {
            problem(name, "expected " + min + ".." + max + ", found " + number);
            return null;
        }
        return number;
    }

    Boolean bool(String name) {
        read.add(name);
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        String text = value.asText().trim().toLowerCase(java.util.Locale.ROOT);
        if (text.equals("true") || text.equals("yes")) {
            return true;
        }
        if (text.equals("false") || text.equals("no")) {
            return false;
        }
        problem(name, "expected true or false, found " + describe(value));
        return null;
    }

    /** A list of strings; a single string counts as a one-element list; null when absent or empty. */
    List<String> strings(String name) {
        read.add(name);
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        List<String> result = new ArrayList<>();
        if (value.isValueNode()) {
            if (!value.asText().isBlank()) {
                result.add(value.asText().trim());
            }
        } else if (value.isArray()) {
            for (JsonNode element : value) {
                if (!element.isValueNode() || element.isNull()) {
                    problem(name, "expected a list of strings, found an element " + describe(element));
                    return null;
                }
                result.add(element.asText().trim());
            }
        } else {
            problem(name, "expected a list, found " + describe(value));
            return null;
        }
        return result.isEmpty() ? null : result;
    }

    /** A nested mapping, or null when absent or empty. */
    YamlSection section(String name) {
        read.add(name);
        JsonNode value = node.get(name);
        if (value == null || value.isNull() || value.isTextual() && value.asText().isBlank()) {
            return null;
        }
        if (!value.isObject()) {
            problem(name, "expected a mapping, found " + describe(value));
            return null;
        }
        return new YamlSection(key(name), (ObjectNode) value, problems);
    }

    JsonNode raw(String name) {
        read.add(name);
        return node.get(name);
    }

    /** The keys present that no getter asked for, with their full paths. */
    List<String> unreadKeys() {
        List<String> unread = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!read.contains(name)) {
                unread.add(key(name));
            }
        }
        return unread;
    }

    static String describe(JsonNode value) {
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        return "'" + value.asText() + "'";
    }
}
