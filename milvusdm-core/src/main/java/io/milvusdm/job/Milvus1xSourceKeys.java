package io.milvusdm.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the source keys MilvusDM's M2M and M2H share: {@code source_milvus_path}, {@code mysql_parameter} and
 * {@code source_collection} (every collection it names, where MilvusDM read only the first).
 */
final class Milvus1xSourceKeys {

    private final Function<String, Path> resolve;

    Milvus1xSourceKeys(Function<String, Path> resolve) {
        this.resolve = resolve;
    }

    Milvus1xJobSource read(YamlSection job) {
        job.string("milvus_version"); // never read by MilvusDM either
        job.string("milvus-version");
        String pathText = job.string("source_milvus_path");
        Path workPath = null;
        if (pathText == null) {
            job.problem("source_milvus_path", "required: the Milvus 0.10/1.x work path, the directory holding db/");
        } else {
            workPath = resolve.apply(pathText);
        }
        boolean sqlite = mysql(job);
        if (workPath != null && sqlite) {
            Path meta = workPath.resolve("db").resolve("meta.sqlite");
            if (!Files.isRegularFile(meta)) {
                job.problem("source_milvus_path", "expected the SQLite meta at " + meta + ", found no such file");
            }
        }
        Map<String, List<String>> collections = collections(job);
        return new Milvus1xJobSource(workPath == null ? Path.of("") : workPath, collections);
    }

    /** True for SQLite meta ('' / null / an empty mapping); a MySQL mapping is a problem in this version. */
    private static boolean mysql(YamlSection job) {
        JsonNode value = job.raw("mysql_parameter");
        if (value == null || value.isNull() || value.isTextual() && value.asText().isBlank()
                || value.isObject() && value.isEmpty()) {
            return true;
        }
        if (value.isObject()) {
            job.problem("mysql_parameter", "MySQL meta is not read yet by this version of milvusdm; expected '' to"
                    + " read <source_milvus_path>/db/meta.sqlite, found a mapping (" + fieldNames(value) + ")");
        } else {
            job.problem("mysql_parameter", "expected '' (SQLite meta) or a mapping of host, user, port, password,"
                    + " database, found " + YamlSection.describe(value));
        }
        return false;
    }

    private static String fieldNames(JsonNode value) {
        List<String> names = new ArrayList<>();
        value.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }

    private static Map<String, List<String>> collections(YamlSection job) {
        Map<String, List<String>> collections = new LinkedHashMap<>();
        JsonNode value = job.raw("source_collection");
        if (value == null || value.isNull() || value.isTextual() && value.asText().isBlank()) {
            job.problem("source_collection", "required: a mapping of collection to partition tags, e.g."
                    + " {test: [p1, p2]} or {test: []} for the default partition and every partition");
            return collections;
        }
        if (!value.isObject() || value.isEmpty()) {
            job.problem("source_collection", "expected a mapping of collection to a list of partition tags, found "
                    + (value.isObject() ? "an empty mapping" : YamlSection.describe(value)));
            return collections;
        }
        value.fields().forEachRemaining(entry -> {
            List<String> tags = tags(job, entry.getKey(), entry.getValue());
            if (tags != null) {
                collections.put(entry.getKey(), tags);
            }
        });
        return collections;
    }

    private static List<String> tags(YamlSection job, String collection, JsonNode value) {
        String key = "source_collection." + collection;
        if (collection.isBlank()) {
            job.problem("source_collection", "expected collection names, found an empty one");
            return null;
        }
        if (value == null || value.isNull() || value.isTextual() && value.asText().isBlank()) {
            return List.of();
        }
        List<String> tags = new ArrayList<>();
        if (value.isTextual()) {
            tags.add(value.asText().trim());
        } else if (value.isArray()) {
            for (JsonNode element : value) {
                if (!element.isValueNode() || element.isNull() || element.asText().isBlank()) {
                    job.problem(key, "expected a list of partition tags, found an element "
                            + (element.isNull() ? "null" : YamlSection.describe(element)));
                    return null;
                }
                String tag = element.asText().trim();
                if (tags.contains(tag)) {
                    job.problem(key, "partition tag '" + tag + "' is listed twice");
                    return null;
                }
                tags.add(tag);
            }
        } else {
            job.problem(key, "expected a list of partition tags, found " + YamlSection.describe(value));
            return null;
        }
        return tags;
    }
}
