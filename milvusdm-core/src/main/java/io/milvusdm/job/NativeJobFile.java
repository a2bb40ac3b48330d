package io.milvusdm.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.milvusdm.milvus.MilvusTarget;
import io.milvusdm.milvus.WriteMode;
import io.milvusdm.pipeline.RunOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads milvusdm's native job files ({@code milvusdm migrate --job FILE}, docs/job-files/native.md): a
 * {@code source} and a {@code target} server, the {@code collections} to copy with their rules, and {@code run}
 * options. Today the source is a Milvus 2.x server; {@code source.type} is there for the sources to come.
 *
 * <p>Credentials come from environment variables the file names ({@code token_env}, {@code password_env}), or
 * from the file itself ({@code token}, {@code password}); they never appear in messages. Relative local paths
 * (a Milvus Lite data directory as {@code uri}) are resolved against the file's directory. Unknown keys are
 * warnings; every error is collected and reported at once.
 */
public final class NativeJobFile {

    private final Path file;
    private final Map<String, String> environment;
    private final Consumer<String> warnings;
    private final List<String> problems = new ArrayList<>();

    private NativeJobFile(Path file, Map<String, String> environment, Consumer<String> warnings) {
        this.file = file;
        this.environment = environment;
        this.warnings = warnings;
    }

    public static MilvusCopyJob read(Path file, Map<String, String> environment, Consumer<String> warnings)
            throws JobFileException {
        return new NativeJobFile(file, environment, warnings).read(parse(file));
    }

    private static ObjectNode parse(Path file) throws JobFileException {
        if (!Files.isRegularFile(file)) {
            throw new JobFileException(file, "no such file");
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new JobFileException(file, "not valid YAML" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new JobFileException(file, "cannot read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new JobFileException(file, "expected a mapping with source:, target: and collections:, found "
                    + (root == null ? "an empty file" : YamlSection.describe(root)));
        }
        return (ObjectNode) root;
    }

    private MilvusCopyJob read(ObjectNode node) throws JobFileException {
        YamlSection root = new YamlSection("", node, problems);
        Integer version = root.integer("version", 1, 1);
        Destination source = server(root, "source");
        Destination target = server(root, "target");
        String sourceDb = source == null || source.target().dbName() == null ? "default" : source.target().dbName();
        List<NamePattern> include = new ArrayList<>();
        List<NamePattern> exclude = new ArrayList<>();
        List<CollectionRule> rules = new ArrayList<>();
        WriteMode mode = WriteMode.APPEND;
        YamlSection collections = root.section("collections");
        if (collections == null) {
            root.problem("collections", "required: at least collections.include, e.g. include: [\"*\"]");
        } else {
            List<String> included = collections.strings("include");
            if (included == null || included.isEmpty()) {
                collections.problem("include", "required: the collections to copy, e.g. [\"*\"] or [\"default.books\"]");
            } else {
                included.forEach(p -> include.add(NamePattern.parse(p, sourceDb)));
            }
            List<String> excluded = collections.strings("exclude");
            if (excluded != null) {
                excluded.forEach(p -> exclude.add(NamePattern.parse(p, sourceDb)));
            }
            WriteMode given = mode(collections, "mode");
            mode = given == null ? WriteMode.APPEND : given;
            JsonNode ruleList = collections.raw("rules");
            if (ruleList != null && !ruleList.isNull()) {
                if (!ruleList.isArray()) {
                    collections.problem("rules", "expected a list of rules, each with match:");
                } else {
                    for (int i = 0; i < ruleList.size(); i++) {
                        CollectionRule rule = rule(collections, i, ruleList.get(i), sourceDb);
                        if (rule != null) {
                            rules.add(rule);
                        }
                    }
                }
            }
            warnUnknown(collections);
        }
        Integer workers = null;
        Long batchBytes = null;
        YamlSection run = root.section("run");
        if (run != null) {
            workers = run.integer("workers", 1, 64);
            batchBytes = batchBytes(run);
            warnUnknown(run);
        }
        warnUnknown(root);
        if (!problems.isEmpty()) {
            throw new JobFileException(file, problems);
        }
        if (version == null) {
            warnings.accept("version is absent; reading the file as version 1");
        }
        return new MilvusCopyJob(file, source, target, include, exclude, mode, rules, workers, batchBytes);
    }

    private Destination server(YamlSection root, String name) {
        YamlSection server = root.section(name);
        if (server == null) {
            root.problem(name, "required: the " + name + " server, with uri:");
            return null;
        }
        String type = server.string("type");
        if (type != null && !type.equals("milvus")) {
            server.problem("type", "this version reads Milvus 2.x sources and targets only (type: milvus), found '"
                    + type + "'");
        }
        String uri = server.string("uri");
        String db = server.string("db");
        String user = server.string("user");
        String password = secret(server, "password");
        String token = secret(server, "token");
        if (token != null && (user != null || password != null)) {
            server.problem("token", "give either a token or user/password, not both");
        }
        warnUnknown(server);
        if (uri == null) {
            server.problem("uri", "required: http://host:port, or a local directory for a Milvus Lite milvusdm starts");
            return null;
        }
        Path localDir = null;
        if (!uri.contains("://")) {
            localDir = resolve(uri);
            uri = null;
        }
        return new Destination(new MilvusTarget(uri, user, password, token, db, uri != null && uri.startsWith("https://"),
                null, null, null, null), localDir);
    }

    /** {@code key} in the file, else the environment variable {@code key_env} names (which must be set). */
    private String secret(YamlSection server, String key) {
        String value = server.string(key);
        String variable = server.string(key + "_env");
        if (value != null && variable != null) {
            server.problem(key, "give either " + key + " or " + key + "_env, not both");
        }
        if (variable != null) {
            String fromEnvironment = environment.get(variable);
            if (fromEnvironment == null || fromEnvironment.isEmpty()) {
                server.problem(key + "_env", "environment variable " + variable + " is not set");
            }
            return fromEnvironment;
        }
        return value;
    }

    private CollectionRule rule(YamlSection collections, int index, JsonNode node, String sourceDb) {
        String path = collections.key("rules") + "[" + index + "]";
        if (node == null || !node.isObject()) {
            problems.add(path + ": expected a mapping with match:");
            return null;
        }
        YamlSection rule = new YamlSection(path, (ObjectNode) node, problems);
        String match = rule.string("match");
        String to = rule.string("to");
        String filter = rule.string("filter");
        WriteMode mode = mode(rule, "mode");
        List<String> partitions = rule.strings("partitions");
        Map<String, WriteMode> partitionModes = new LinkedHashMap<>();
        YamlSection modes = rule.section("partition_modes");
        if (modes != null) {
            for (Iterator<String> names = node.get("partition_modes").fieldNames(); names.hasNext(); ) {
                String partition = names.next();
                WriteMode partitionMode = mode(modes, partition);
                if (partitionMode != null) {
                    partitionModes.put(partition, partitionMode);
                }
            }
        }
        Boolean merge = rule.bool("merge_partitions");
        warnUnknown(rule);
        if (to != null && (to.contains("*") || to.contains("?"))) {
            rule.problem("to", "a target name has no wildcards; to merge, give several collections one target");
        }
        if (match == null) {
            rule.problem("match", "required: the collections the rule applies to, e.g. default.books or coll_*");
            return null;
        }
        if (Boolean.TRUE.equals(merge) && (!partitionModes.isEmpty())) {
            rule.problem("partition_modes", "merge_partitions writes every partition into the default one; "
                    + "partition_modes do not apply");
        }
        return new CollectionRule(NamePattern.parse(match, sourceDb), to, filter, mode, partitions, partitionModes,
                Boolean.TRUE.equals(merge));
    }

    private static WriteMode mode(YamlSection section, String key) {
        String name = section.string(key);
        if (name == null) {
            return null;
        }
        WriteMode mode = WriteMode.parse(name);
        if (mode == null) {
            section.problem(key, "expected one of skip, append, overwrite, upsert, found '" + name + "'");
        }
        return mode;
    }

    private static Long batchBytes(YamlSection run) {
        JsonNode raw = run.raw("batch_bytes");
        if (raw == null || raw.isNull()) {
            return null;
        }
        long bytes = raw.isIntegralNumber() ? raw.asLong() : ByteSizes.parse(raw.asText());
        if (bytes < 1024 || bytes > RunOptions.MAX_BATCH_BYTES) {
            run.problem("batch_bytes", "expected a size from 1KiB to 48MiB, found '" + raw.asText() + "'");
            return null;
        }
        return bytes;
    }

    private void warnUnknown(YamlSection section) {
        for (String key : section.unreadKeys()) {
            warnings.accept("unknown key " + key + " is ignored");
        }
    }

    private Path resolve(String path) {
        Path given = Path.of(path);
        Path base = file.toAbsolutePath().getParent();
        return given.isAbsolute() || base == null ? given : base.resolve(given).normalize();
    }
}
