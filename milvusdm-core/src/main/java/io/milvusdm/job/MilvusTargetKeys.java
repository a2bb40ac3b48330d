package io.milvusdm.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.milvusdm.milvus.IndexSpec;
import io.milvusdm.milvus.MilvusTarget;
import io.milvusdm.milvus.WriteMode;
import io.milvusdm.pipeline.RunOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads the keys every MilvusDM job that writes into Milvus shares (H2M, F2M, and M2M's target): the server
 * ({@code dest_host}/{@code dest_port} or {@code dest_uri}, credentials, TLS), the collection and partition, the
 * mode, {@code collection_parameter}, and milvusdm's extras (auto_id, create_index, workers, batch_bytes).
 */
final class MilvusTargetKeys {

    private final Function<String, Path> resolve;
    private final Map<String, String> environment;
    private final Consumer<String> warnings;

    /**
     * @param resolve turns a path written in the job file into a path (relative to the job file's directory)
     * @param environment where credentials missing from the file are looked up
     * @param warnings receives one line per unknown key
     */
    MilvusTargetKeys(Function<String, Path> resolve, Map<String, String> environment, Consumer<String> warnings) {
        this.resolve = resolve;
        this.environment = environment;
        this.warnings = warnings;
    }

    /** The keys every job that writes into Milvus shares: the server, the collection, the mode and the extras. */
    MilvusJobTarget read(YamlSection job) {
        return read(job, false);
    }

    /**
     * The target keys of a job whose collections and partitions take the source's names (M2M): no
     * {@code dest_collection_name}, {@code dest_partition_name} or {@code collection_parameter}, which MilvusDM
     * derives from the source meta; present, they are reported as unknown keys. The target's collection and
     * partition are null.
     */
    MilvusJobTarget readWithSourceNames(YamlSection job) {
        return read(job, true);
    }

    private MilvusJobTarget read(YamlSection job, boolean sourceNames) {
        job.string("milvus_version"); // never read by MilvusDM either: the target's version is asked of the server
        job.string("milvus-version");
        Destination destination = destination(job);
        String collection = null;
        String partition = null;
        if (!sourceNames) {
            collection = job.string("dest_collection_name");
            if (collection == null) {
                job.problem("dest_collection_name", "required: the collection to write into");
            }
            if (!job.present("dest_partition_name")) {
                warnings.accept(job.key("dest_partition_name") + " is absent; MilvusDM requires the key (it may be"
                        + " empty). Writing to the collection's default partition.");
            }
            partition = job.string("dest_partition_name");
        }
        WriteMode mode = mode(job);
        CollectionParameter parameter = sourceNames ? new CollectionParameter(null, null) : collectionParameter(job);
        Boolean autoId = job.bool("auto_id");
        IndexSpec index = index(job);
        Integer workers = job.integer("workers", 1, 64);
        Long batchBytes = batchBytes(job);
        return new MilvusJobTarget(destination, collection, partition, mode, parameter.metricType(),
                parameter.dimension(), Boolean.TRUE.equals(autoId), index, workers, batchBytes);
    }

    private Destination destination(YamlSection job) {
        String host = job.string("dest_host");
        Integer port = job.integer("dest_port", 1, 65535);
        String uri = job.string("dest_uri");
        Boolean secure = job.bool("dest_secure");
        String user = credential(job, "dest_user", MilvusDmJobFile.ENV_USER);
        String password = credential(job, "dest_password", MilvusDmJobFile.ENV_PASSWORD);
        String token = credential(job, "dest_token", MilvusDmJobFile.ENV_TOKEN);
        String dbName = job.string("dest_db_name");
        Path ca = optionalPath(job, "dest_ca_pem_path");
        Path clientPem = optionalPath(job, "dest_client_pem_path");
        Path clientKey = optionalPath(job, "dest_client_key_path");
        String serverName = job.string("dest_server_name");
        if (token != null && (user != null || password != null)) {
            job.problem("dest_token", "give either dest_token or dest_user/dest_password, not both");
        }
        boolean tls = Boolean.TRUE.equals(secure) || uri != null && uri.startsWith("https://");
        Path localDir = null;
        if (uri != null && host != null) {
            job.problem("dest_uri", "give either dest_uri or dest_host/dest_port, not both");
        } else if (uri != null && !uri.contains("://")) {
            localDir = resolve.apply(uri);
            uri = null;
        } else if (uri == null && host != null) {
            uri = (tls ? "https://" : "http://") + host + ":" + (port == null ? 19530 : port);
        } else if (uri == null) {
            if (port != null) {
                job.problem("dest_port", "dest_port without dest_host; name the host too");
            }
            localDir = LocalDefaults.dataDir(environment);
        }
        MilvusTarget target = new MilvusTarget(uri, user, password, token, dbName, tls, ca, clientPem, clientKey,
                serverName);
        return new Destination(target, localDir);
    }

    private String credential(YamlSection job, String key, String environmentVariable) {
        String value = job.string(key);
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
        Path path = resolve.apply(value);
        if (!Files.isReadable(path)) {
            section.problem(key, "cannot read " + path);
        }
        return path;
    }

    private static WriteMode mode(YamlSection job) {
        String name = job.string("mode");
        if (name == null) {
            job.problem("mode", "required: one of skip, append, overwrite, upsert");
            return WriteMode.APPEND;
        }
        WriteMode mode = WriteMode.parse(name);
        if (mode == null) {
            job.problem("mode", "expected one of skip, append, overwrite, upsert, found '" + name + "'");
            return WriteMode.APPEND;
        }
        return mode;
    }

    private record CollectionParameter(Integer dimension, String metricType) {
    }

    private CollectionParameter collectionParameter(YamlSection job) {
        YamlSection parameter = job.section("collection_parameter");
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

    private static IndexSpec index(YamlSection job) {
        YamlSection index = job.section("create_index");
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

    private static Long batchBytes(YamlSection job) {
        JsonNode raw = job.raw("batch_bytes");
        if (raw == null || raw.isNull()) {
            return null;
        }
        long bytes = raw.isIntegralNumber() ? raw.asLong() : ByteSizes.parse(raw.asText());
        if (bytes < 1024 || bytes > RunOptions.MAX_BATCH_BYTES) {
            job.problem("batch_bytes", "expected a size from 1KiB to 48MiB (Milvus rejects messages over 64 MB),"
                    + " found '" + raw.asText() + "'");
            return null;
        }
        return bytes;
    }
}
