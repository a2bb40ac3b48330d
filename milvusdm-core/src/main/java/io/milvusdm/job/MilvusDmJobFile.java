package io.milvusdm.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.milvusdm.format.hdf5.Hdf5DataDir;
import io.milvusdm.format.hdf5.Hdf5Layout;
import io.milvusdm.format.hdf5.Hdf5SourceSpec;
import io.milvusdm.milvus.IndexSpec;
import io.milvusdm.milvus.MilvusTarget;
import io.milvusdm.milvus.WriteMode;
import io.milvusdm.pipeline.RunOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads MilvusDM's job files ({@code milvusdm --yaml FILE}): one top-level key naming the task, {@code H2M},
 * {@code F2M}, {@code M2M} or {@code M2H}, holding that task's keys exactly as MilvusDM reads them, plus
 * milvusdm's optional extras (see docs/job-files/milvusdm-yaml.md).
 *
 * <p>Relative paths in the file are resolved against the file's own directory, so a job runs the same from
 * any working directory. Unknown keys are reported as warnings naming them; every error is collected and
 * reported at once.
 */
public final class MilvusDmJobFile {

    /** Environment variables that supply credentials the job file leaves out. */
    public static final String ENV_USER = "MILVUSDM_DEST_USER";
    public static final String ENV_PASSWORD = "MILVUSDM_DEST_PASSWORD";
    public static final String ENV_TOKEN = "MILVUSDM_DEST_TOKEN";

    private static final List<String> TASKS = List.of("H2M", "F2M", "M2M", "M2H");

    private final Path file;
    private final Map<String, String> environment;
    private final Consumer<String> warnings;
    private final List<String> problems = new ArrayList<>();

    private MilvusDmJobFile(Path file, Map<String, String> environment, Consumer<String> warnings) {
        this.file = file;
        this.environment = environment;
        this.warnings = warnings;
    }

    /**
     * Reads an H2M job file.
     *
     * @param environment where credentials missing from the file are looked up ({@link #ENV_PASSWORD} ...)
     * @param warnings receives one line per unknown key or ignored file
     */
    public static H2mJob readH2m(Path file, Map<String, String> environment, Consumer<String> warnings)
            throws JobFileException {
        return new MilvusDmJobFile(file, environment, warnings).h2m(taskNode(file, "H2M"));
    }

    /** Reads an F2M job file: a Faiss index (or a LangChain FAISS folder) into Milvus. */
    public static F2mJob readF2m(Path file, Map<String, String> environment, Consumer<String> warnings)
            throws JobFileException {
        return new MilvusDmJobFile(file, environment, warnings).f2m(taskNode(file, "F2M"));
    }

    /** The task a job file holds: its single top-level key. */
    public static String task(Path file) throws JobFileException {
        ObjectNode root = parse(file);
        List<String> keys = new ArrayList<>();
        root.fieldNames().forEachRemaining(keys::add);
        if (keys.size() != 1 || !TASKS.contains(keys.get(0))) {
            throw new JobFileException(file, "expected exactly one top-level key, one of " + TASKS + ", found "
                    + (keys.isEmpty() ? "none" : keys));
        }
        return keys.get(0);
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
            throw new JobFileException(file, "expected a mapping with one task key such as H2M:, found "
                    + (root == null ? "an empty file" : YamlSection.describe(root)));
        }
        return (ObjectNode) root;
    }

    private static ObjectNode taskNode(Path file, String task) throws JobFileException {
        String found = task(file);
        if (!found.equals(task)) {
            throw new JobFileException(file, "expected a " + task + " job, found " + found);
        }
        JsonNode section = parse(file).get(task);
        if (section == null || !section.isObject()) {
            throw new JobFileException(file, task + ": expected a mapping of the job's keys");
        }
        return (ObjectNode) section;
    }

    private H2mJob h2m(ObjectNode node) throws JobFileException {
        YamlSection h2m = new YamlSection("H2M", node, problems);
        List<String> ignored = new ArrayList<>();
        List<Path> files = hdf5Files(h2m, ignored);
        MilvusJobTarget target = target(h2m);
        Hdf5SourceSpec source = hdf5Spec(h2m, files, target.autoId());
        finish(h2m);
        for (String name : ignored) {
            warnings.accept("H2M.data_dir: " + name + " is not an HDF5 file (.h5, .hdf5); ignored");
        }
        return new H2mJob(file, source, target, ignored);
    }

    private F2mJob f2m(ObjectNode node) throws JobFileException {
        YamlSection f2m = new YamlSection("F2M", node, problems);
        String dataPath = f2m.string("data_path");
        Path index = null;
        if (dataPath == null) {
            f2m.problem("data_path", "required: the Faiss index file");
        } else {
            index = resolve(dataPath);
            if (!Files.exists(index)) {
                f2m.problem("data_path", "no such file: " + index);
            }
        }
        MilvusJobTarget target = target(f2m);
        Boolean allowLossy = f2m.bool("allow_lossy");
        finish(f2m);
        return new F2mJob(file, index, Boolean.TRUE.equals(allowLossy), target);
    }

    /** The keys every job that writes into Milvus shares: the server, the collection, the mode and the extras. */
    private MilvusJobTarget target(YamlSection job) {
        job.string("milvus_version"); // never read by MilvusDM either: the target's version is asked of the server
        job.string("milvus-version");
        Destination destination = destination(job);
        String collection = job.string("dest_collection_name");
        if (collection == null) {
            job.problem("dest_collection_name", "required: the collection to write into");
        }
        if (!job.present("dest_partition_name")) {
            warnings.accept(job.key("dest_partition_name") + " is absent; MilvusDM requires the key (it may be"
                    + " empty). Writing to the collection's default partition.");
        }
        String partition = job.string("dest_partition_name");
        WriteMode mode = mode(job);
        CollectionParameter parameter = collectionParameter(job);
        Boolean autoId = job.bool("auto_id");
        IndexSpec index = index(job);
        Integer workers = job.integer("workers", 1, 64);
        Long batchBytes = batchBytes(job);
        return new MilvusJobTarget(destination, collection, partition, mode, parameter.metricType(),
                parameter.dimension(), Boolean.TRUE.equals(autoId), index, workers, batchBytes);
    }

    /** Warns about the keys nobody read, and throws every problem found. */
    private void finish(YamlSection job) throws JobFileException {
        for (String key : job.unreadKeys()) {
            warnings.accept("unknown key " + key + " is ignored");
        }
        if (!problems.isEmpty()) {
            throw new JobFileException(file, problems);
        }
    }

    private Path resolve(String path) {
        Path p = Path.of(path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path);
        Path base = file.toAbsolutePath().getParent();
        return p.isAbsolute() || base == null ? p : base.resolve(p).normalize();
    }

    private List<Path> hdf5Files(YamlSection h2m, List<String> ignored) {
        List<String> dataPath = h2m.strings("data_path");
        String dataDir = h2m.string("data_dir");
        if (dataPath != null && dataDir != null) {
            h2m.problem("data_path", "set either data_path or data_dir, not both");
            return List.of();
        }
        if (dataPath == null && dataDir == null) {
            h2m.problem("data_path", "set data_path (a list of HDF5 files) or data_dir (a directory of them)");
            return List.of();
        }
        if (dataPath != null) {
            List<Path> files = new ArrayList<>();
            for (String p : dataPath) {
                Path resolved = resolve(p);
                if (!Files.isRegularFile(resolved)) {
                    h2m.problem("data_path", "no such file: " + resolved);
                }
                files.add(resolved);
            }
            return files;
        }
        try {
            Hdf5DataDir listing = Hdf5DataDir.list(resolve(dataDir));
            ignored.addAll(listing.ignored());
            return listing.files();
        } catch (IOException e) {
            h2m.problem("data_dir", e.getMessage());
            return List.of();
        }
    }

    private Hdf5SourceSpec hdf5Spec(YamlSection h2m, List<Path> files, boolean autoId) {
        String layoutName = h2m.string("layout");
        Hdf5Layout layout = Hdf5Layout.MILVUSDM;
        if (layoutName != null) {
            switch (layoutName.toLowerCase(java.util.Locale.ROOT).replace('_', '-')) {
                case "milvusdm" -> layout = Hdf5Layout.MILVUSDM;
                case "ann-benchmarks" -> layout = Hdf5Layout.ANN_BENCHMARKS;
                default -> h2m.problem("layout", "expected milvusdm or ann-benchmarks, found '" + layoutName + "'");
            }
        }
        String dataset = h2m.string("dataset");
        if (layout == Hdf5Layout.ANN_BENCHMARKS) {
            if (dataset == null) {
                h2m.problem("dataset", "required for the ann-benchmarks layout: train or test");
            }
            return new Hdf5SourceSpec(files, layout, dataset == null ? "train" : dataset, null, autoId);
        }
        String ids = h2m.has("ids_dataset") ? h2m.string("ids_dataset") : "ids";
        return new Hdf5SourceSpec(files, layout, dataset == null ? "embeddings" : dataset, ids, autoId);
    }

    private Destination destination(YamlSection h2m) {
        String host = h2m.string("dest_host");
        Integer port = h2m.integer("dest_port", 1, 65535);
        String uri = h2m.string("dest_uri");
        Boolean secure = h2m.bool("dest_secure");
        String user = credential(h2m, "dest_user", ENV_USER);
        String password = credential(h2m, "dest_password", ENV_PASSWORD);
        String token = credential(h2m, "dest_token", ENV_TOKEN);
        String dbName = h2m.string("dest_db_name");
        Path ca = optionalPath(h2m, "dest_ca_pem_path");
        Path clientPem = optionalPath(h2m, "dest_client_pem_path");
        Path clientKey = optionalPath(h2m, "dest_client_key_path");
        String serverName = h2m.string("dest_server_name");
        if (token != null && (user != null || password != null)) {
            h2m.problem("dest_token", "give either dest_token or dest_user/dest_password, not both");
        }
        boolean tls = Boolean.TRUE.equals(secure) || uri != null && uri.startsWith("https://");
        Path localDir = null;
        if (uri != null && host != null) {
            h2m.problem("dest_uri", "give either dest_uri or dest_host/dest_port, not both");
        } else if (uri != null && !uri.contains("://")) {
            localDir = resolve(uri);
            uri = null;
        } else if (uri == null && host != null) {
            uri = (tls ? "https://" : "http://") + host + ":" + (port == null ? 19530 : port);
        } else if (uri == null) {
            if (port != null) {
                h2m.problem("dest_port", "dest_port without dest_host; name the host too");
            }
            localDir = LocalDefaults.dataDir(environment);
        }
        MilvusTarget target = new MilvusTarget(uri, user, password, token, dbName, tls, ca, clientPem, clientKey,
                serverName);
        return new Destination(target, localDir);
    }

    private String credential(YamlSection h2m, String key, String environmentVariable) {
        String value = h2m.string(key);
        return value != null ? value : emptyToNull(environment.get(environmentVariable));
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private Path optionalPath(YamlSection section, String key) {
        String value = section.string(key);
        if (value == null) {
            return null;
        }
        Path path = resolve(value);
        if (!Files.isReadable(path)) {
            section.problem(key, "cannot read " + path);
        }
        return path;
    }

    private static WriteMode mode(YamlSection h2m) {
        String name = h2m.string("mode");
        if (name == null) {
            h2m.problem("mode", "required: one of skip, append, overwrite, upsert");
            return WriteMode.APPEND;
        }
        WriteMode mode = WriteMode.parse(name);
        if (mode == null) {
            h2m.problem("mode", "expected one of skip, append, overwrite, upsert, found '" + name + "'");
            return WriteMode.APPEND;
        }
        return mode;
    }

    private record CollectionParameter(Integer dimension, String metricType) {
    }

    private CollectionParameter collectionParameter(YamlSection h2m) {
        YamlSection parameter = h2m.section("collection_parameter");
        if (parameter == null) {
            return new CollectionParameter(null, null);
        }
        Integer dimension = parameter.integer("dimension", 1, 65536);
        // index_file_size sized Milvus 1.x segments; Milvus 2.x has no such setting, so it is read and ignored.
        parameter.longValue("index_file_size", 0, Long.MAX_VALUE);
        String metric = parameter.string("metric_type");
        if (metric != null) {
            metric = metric.toUpperCase(java.util.Locale.ROOT);
        }
        for (String key : parameter.unreadKeys()) {
            warnings.accept("unknown key " + key + " is ignored");
        }
        return new CollectionParameter(dimension, metric);
    }

    private static IndexSpec index(YamlSection h2m) {
        YamlSection index = h2m.section("create_index");
        if (index == null) {
            return null;
        }
        String type = index.string("index_type");
        if (type == null) {
            index.problem("index_type", "required: the Milvus index type, e.g. IVF_FLAT, HNSW, FLAT, AUTOINDEX");
            return null;
        }
        Map<String, Object> params = new LinkedHashMap<>();
        YamlSection paramSection = index.section("params");
        JsonNode raw = index.raw("params");
        if (paramSection != null) {
            raw.fields().forEachRemaining(e -> params.put(e.getKey(), scalar(e.getValue())));
        }
        return new IndexSpec(type.toUpperCase(java.util.Locale.ROOT), params);
    }

    private static Object scalar(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        return value.asText();
    }

    private static Long batchBytes(YamlSection h2m) {
        JsonNode raw = h2m.raw("batch_bytes");
        if (raw == null || raw.isNull()) {
            return null;
        }
        long bytes = raw.isIntegralNumber() ? raw.asLong() : ByteSizes.parse(raw.asText());
        if (bytes < 1024 || bytes > RunOptions.MAX_BATCH_BYTES) {
            h2m.problem("batch_bytes", "expected a size from 1KiB to 48MiB (Milvus rejects messages over 64 MB),"
                    + " found '" + raw.asText() + "'");
            return null;
        }
        return bytes;
    }
}
