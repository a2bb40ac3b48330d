package io.milvusdm.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.milvusdm.format.milvus1x.DuplicateIds;
import io.milvusdm.format.milvus1x.Milvus1xMetaStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the source keys MilvusDM's M2M and M2H share: {@code source_milvus_path}, {@code mysql_parameter}
 * (empty: the SQLite meta under the work path; else host, user, port, password, database of a MySQL meta) and
 * {@code source_collection} (every collection it names, where MilvusDM read only the first), plus milvusdm's
 * {@code duplicate_ids}.
 */
final class Milvus1xSourceKeys {

    /** Supplies {@code mysql_parameter.password} when the file leaves it out. */
    static final String ENV_MYSQL_PASSWORD = "MILVUSDM_MYSQL_PASSWORD";
    private static final List<String> MYSQL_KEYS = List.of("host", "user", "port", "password", "database");

    private final Function<String, Path> resolve;
    private final Map<String, String> environment;

    Milvus1xSourceKeys(Function<String, Path> resolve, Map<String, String> environment) {
        this.resolve = resolve;
        this.environment = environment;
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
        Path base = workPath == null ? Path.of("") : workPath;
        boolean sqlite = isEmpty(job.raw("mysql_parameter"));
        Milvus1xMetaStore meta = sqlite ? Milvus1xMetaStore.sqliteUnder(base) : mysql(job);
        if (meta == null) {
            meta = Milvus1xMetaStore.sqliteUnder(base); // a problem is recorded: the job does not run
        } else if (sqlite && workPath != null && !Files.isRegularFile(((Milvus1xMetaStore.Sqlite) meta).file())) {
            job.problem("source_milvus_path", "expected the SQLite meta at " + meta.describe() + ", found no such file");
        }
        Map<String, List<String>> collections = collections(job);
        return new Milvus1xJobSource(base, meta, collections, duplicates(job));
    }

    /** '' / null / an empty mapping: MilvusDM's way of naming the SQLite meta. */
    private static boolean isEmpty(JsonNode value) {
        return value == null || value.isNull() || value.isTextual() && value.asText().isBlank()
                || value.isObject() && value.isEmpty();
    }

    /** The MySQL meta of a {@code mysql_parameter} mapping; null, with a problem recorded, when it is not one. */
    private Milvus1xMetaStore mysql(YamlSection job) {
        JsonNode value = job.raw("mysql_parameter");
        if (!value.isObject()) {
            job.problem("mysql_parameter", "expected '' (SQLite meta) or a mapping of host, user, port, password,"
                    + " database, found " + YamlSection.describe(value));
            return null;
        }
        YamlSection keys = job.section("mysql_parameter");
        String host = keys.string("host");
        String user = keys.string("user");
        Integer port = keys.integer("port", 1, 65535);
        String password = keys.string("password");
        if (password == null) {
            password = environment.get(ENV_MYSQL_PASSWORD);
        }
        String database = keys.string("database");
        for (String key : MYSQL_KEYS) {
            if (!key.equals("password") && !keys.has(key)) {
                keys.problem(key, "required for a MySQL meta; leave mysql_parameter empty to read db/meta.sqlite");
            }
        }
        for (String unknown : keys.unreadKeys()) {
            job.problem("mysql_parameter", "unknown key " + unknown + "; expected " + String.join(", ", MYSQL_KEYS));
        }
        if (host == null || user == null || port == null || database == null) {
            return null;
        }
        return new Milvus1xMetaStore.MySql(host, port, user, password, database);
    }

    private static DuplicateIds duplicates(YamlSection job) {
        String value = job.string("duplicate_ids");
        if (value == null) {
            return DuplicateIds.REFUSE;
        }
        return DuplicateIds.ofKey(value).orElseGet(() -> {
            job.problem("duplicate_ids", "expected refuse, keep_first, keep_last or keep_all, found '" + value + "'");
            return DuplicateIds.REFUSE;
        });
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
