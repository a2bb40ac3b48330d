package io.milvusdm.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milvusdm.format.hdf5.Hdf5SourceSpec;
import io.milvusdm.format.milvus1x.DuplicateIds;
import io.milvusdm.format.milvus1x.Milvus1xMetaStore;
import io.milvusdm.format.milvus1x.Milvus1xSourceSpec;
import io.milvusdm.format.npy.NpySourceSpec;
import io.milvusdm.milvus.MilvusTarget;
import io.milvusdm.milvus.source.MilvusCollectionSourceSpec;
import io.milvusdm.dump.DumpOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads milvus-migration's {@code migration.yaml} ({@code dumper}, {@code loader}, {@code meta}, {@code source},
 * {@code target}), as its {@code dump} and {@code load} commands take it, plus our extensions (work modes
 * {@code hdf5} and {@code npy}, {@code dumper.format}, {@code dumper.chunkSize}, {@code loader.import},
 * {@code loader.timeout}, {@code loader.verify}, {@code target.local.milvusStorageRoot}). Every key is checked:
 * an unknown key, a value of the wrong type, or keys that contradict each other are all reported at once, each
 * with its key path ({@link JobFileException}, exit code 2).
 *
 * <p>Credentials missing from the file come from the environment: {@value #ENV_S3_ACCESS_KEY} /
 * {@value #ENV_S3_SECRET_KEY} (else {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY}),
 * {@value #ENV_TARGET_USER} / {@value #ENV_TARGET_PASSWORD}, {@value #ENV_SOURCE_USER} / {@value #ENV_SOURCE_PASSWORD}.
 */
public final class MigrationConfig {

    public static final String ENV_S3_ACCESS_KEY = "MILVUSDM_S3_ACCESS_KEY";
    public static final String ENV_S3_SECRET_KEY = "MILVUSDM_S3_SECRET_KEY";
    public static final String ENV_TARGET_USER = "MILVUSDM_DEST_USER";
    public static final String ENV_TARGET_PASSWORD = "MILVUSDM_DEST_PASSWORD";
    public static final String ENV_SOURCE_USER = "MILVUSDM_SOURCE_USER";
    public static final String ENV_SOURCE_PASSWORD = "MILVUSDM_SOURCE_PASSWORD";

    static final List<String> TOP_LEVEL = List.of("dumper", "loader", "meta", "source", "target");
    static final List<String> WORK_MODES = List.of("faiss", "milvus1x", "milvus2x", "hdf5", "npy");
    private static final long KB = 1024;
    private static final int DEFAULT_WORKERS = 2;
    private static final long DEFAULT_TIMEOUT_SECONDS = 3600;

    private final Path file;
    private final Map<String, String> environment;
    private final List<String> problems = new ArrayList<>();
    private final List<YamlSection> sections = new ArrayList<>();

    private MigrationConfig(Path file, Map<String, String> environment) {
        this.file = file;
        this.environment = environment;
    }

    /**
     * Reads and checks a config.
     *
     * @param environment where credentials missing from the file are looked up
     * @throws JobFileException listing every problem, each with its key path
     */
    public static MigrationJob read(Path file, Map<String, String> environment) throws JobFileException {
        return new MigrationConfig(file, environment).read();
    }

    private MigrationJob read() throws JobFileException {
        ObjectNode root = parse();
        for (java.util.Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!TOP_LEVEL.contains(name)) {
                problems.add(name + ": unknown key (expected " + String.join(", ", TOP_LEVEL) + ")");
            }
        }
        YamlSection dumperSection = topSection(root, "dumper");
        YamlSection loaderSection = topSection(root, "loader");
        YamlSection meta = topSection(root, "meta");
        YamlSection sourceSection = topSection(root, "source");
        YamlSection targetSection = topSection(root, "target");
        YamlSection dumperWorker = section(dumperSection, "worker");
        String workMode = dumperWorker == null ? null : dumperWorker.string("workMode");
        if (workMode == null) {
            problems.add("dumper.worker.workMode: required, one of " + WORK_MODES);
        } else if (!WORK_MODES.contains(workMode.toLowerCase(Locale.ROOT))) {
            String hint = workMode.equalsIgnoreCase("elasticsearch")
                    ? " (elasticsearch is milvus-migration's; milvusdm does not read Elasticsearch)" : "";
            problems.add("dumper.worker.workMode: expected one of " + WORK_MODES + ", found '" + workMode + "'" + hint);
            workMode = null;
        } else {
            workMode = workMode.toLowerCase(Locale.ROOT);
        }
        MigrationJob.DumperSettings dumper = dumper(dumperSection, dumperWorker);
        MigrationJob.LoaderSettings loader = loader(loaderSection);
        YamlSection create = section(section(targetSection, "create"), "collection");
        MigrationJob.CollectionCreate collection = collection(create);
        MigrationSource source = workMode == null ? null : source(workMode, sourceSection, meta, collection);
        if (meta != null && workMode != null && !workMode.equals("milvus1x") && !workMode.equals("milvus2x")) {
            sections.remove(meta);
            problems.add("meta: read for workMode milvus1x and milvus2x only; workMode " + workMode
                    + " does not use it (remove it)");
        }
        DumpStorage storage = storage(targetSection);
        Destination destination = destination(section(targetSection, "milvus2x"));
        for (YamlSection section : sections) {
            for (String key : section.unreadKeys()) {
                problems.add(key + ": unknown key");
            }
        }
        if (!problems.isEmpty()) {
            throw new JobFileException(file, problems);
        }
        return new MigrationJob(file, source, storage, collection, destination, dumper, loader);
    }

    private ObjectNode parse() throws JobFileException {
        return YamlSection.readMapping(file, "a milvus-migration config (dumper:, source:, target: ...)");
    }

    private YamlSection topSection(ObjectNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            problems.add(name + ": expected a mapping, found " + YamlSection.describe(node));
            return null;
        }
        YamlSection section = new YamlSection(name, (ObjectNode) node, problems);
        sections.add(section);
        return section;
    }

    /** A nested section whose unknown keys are reported at the end; null when absent. */
    private YamlSection section(YamlSection parent, String name) {
        if (parent == null) {
            return null;
        }
        YamlSection child = parent.section(name);
        if (child != null) {
            sections.add(child);
        }
        return child;
    }

    private static String path(YamlSection section, String key) {
        return section.key(key);
    }

    private void problem(YamlSection section, String key, String message) {
        problems.add(path(section, key) + ": " + message);
    }

    private MigrationJob.DumperSettings dumper(YamlSection dumper, YamlSection worker) {
        int workers = DEFAULT_WORKERS;
        long batchBytes = DumpOptions.DEFAULT_BATCH_BYTES;
        long chunkBytes = DumpOptions.DEFAULT_CHUNK_BYTES;
        String format = io.milvusdm.dump.DumpFormat.PARQUET.label();
        if (worker != null) {
            Integer limit = worker.integer("limit", 1, 64);
            workers = limit == null ? workers : limit;
            YamlSection reader = section(worker, "reader");
            if (reader != null) {
                Long kb = reader.longValue("bufferSize", 1, 48 * KB);
                batchBytes = kb == null ? batchBytes : kb * KB;
            }
            YamlSection writer = section(worker, "writer");
            if (writer != null) {
                // milvus-migration's write buffer; each of our files streams through its own fixed buffer
                writer.longValue("bufferSize", 1, Long.MAX_VALUE / KB);
            }
        }
        if (dumper != null) {
            String chunk = dumper.string("chunkSize");
            if (chunk != null) {
                try {
                    chunkBytes = ByteSizes.parse(chunk);
                } catch (IllegalArgumentException e) {
                    problem(dumper, "chunkSize", "expected a size such as 256MB, found '" + chunk + "'");
                }
            }
            String f = dumper.string("format");
            if (f != null) {
                if (io.milvusdm.dump.DumpFormat.of(f) == null) {
                    problem(dumper, "format", "expected one of " + java.util.Arrays.stream(
                            io.milvusdm.dump.DumpFormat.values()).map(x -> x.label()).toList() + ", found '" + f + "'");
                } else {
                    format = f.toLowerCase(Locale.ROOT);
                }
            }
        }
        if (chunkBytes < 1024) {
            problems.add("dumper.chunkSize: expected at least 1KB, found " + chunkBytes + " bytes");
            chunkBytes = DumpOptions.DEFAULT_CHUNK_BYTES;
        }
        return new MigrationJob.DumperSettings(workers, batchBytes, chunkBytes, format);
    }

    private MigrationJob.LoaderSettings loader(YamlSection loader) {
        int workers = DEFAULT_WORKERS;
        MigrationJob.ImportApi api = MigrationJob.ImportApi.AUTO;
        long timeout = DEFAULT_TIMEOUT_SECONDS;
        boolean verify = true;
        MigrationJob.LoadMode mode = MigrationJob.LoadMode.APPEND;
        if (loader != null) {
            YamlSection worker = section(loader, "worker");
            if (worker != null) {
                Integer limit = worker.integer("limit", 1, 64);
                workers = limit == null ? workers : limit;
            }
            String name = loader.string("import");
            if (name != null) {
                try {
                    api = MigrationJob.ImportApi.valueOf(name.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problem(loader, "import", "expected auto, grpc, rest or insert, found '" + name + "'");
                }
            }
            Long seconds = loader.longValue("timeout", 1, 7 * 24 * 3600);
            timeout = seconds == null ? timeout : seconds;
            Boolean v = loader.bool("verify");
            verify = v == null || v;
            String modeName = loader.string("mode");
            if (modeName != null) {
                try {
                    mode = MigrationJob.LoadMode.valueOf(modeName.trim().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problem(loader, "mode", "expected append, skip, overwrite or fail, found '" + modeName + "'");
                }
            }
        }
        return new MigrationJob.LoaderSettings(workers, api, timeout, verify, mode);
    }

    private MigrationJob.CollectionCreate collection(YamlSection create) {
        if (create == null) {
            return null;
        }
        String name = create.string("name");
        if (name == null) {
            problem(create, "name", "required: the collection to create and load");
        } else if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,254}")) {
            // also the dump's folder name: a '/' or '..' would put the dump outside outputDir
            problem(create, "name", "expected a Milvus collection name (a letter or '_', then letters, digits or '_',"
                    + " at most 255), found '" + name + "'");
        }
        Integer shards = create.integer("shardsNum", 1, 64);
        Integer shardsAlias = create.integer("shardsNums", 1, 64);
        if (shards != null && shardsAlias != null) {
            problem(create, "shardsNums", "set shardsNum or shardsNums (the spelling of milvus-migration's docs), not both");
        }
        Integer dim = create.integer("dim", 1, 32768);
        String metric = create.string("metricType");
        if (metric != null && !List.of("L2", "IP", "COSINE", "HAMMING", "JACCARD").contains(
                metric.toUpperCase(Locale.ROOT))) {
            problem(create, "metricType", "expected L2, IP, COSINE, HAMMING or JACCARD, found '" + metric + "'");
        }
        return new MigrationJob.CollectionCreate(name, shards != null ? shards : shardsAlias, dim,
                metric == null ? null : metric.toUpperCase(Locale.ROOT));
    }

    private MigrationSource source(String workMode, YamlSection source, YamlSection meta,
                                   MigrationJob.CollectionCreate collection) {
        if (workMode.equals("milvus2x")) {
            return milvus2x(source, meta);
        }
        if (source == null) {
            problems.add("source: required for workMode " + workMode);
            return null;
        }
        String mode = source.string("mode");
        if (mode != null && mode.equalsIgnoreCase("remote")) {
            section(source, "remote");
            problem(source, "mode", "remote sources are not read by milvusdm; copy the files to this machine and use"
                    + " mode: local");
            return null;
        }
        if (mode != null && !mode.equalsIgnoreCase("local")) {
            problem(source, "mode", "expected local, found '" + mode + "'");
        }
        if (source.has("remote")) {
            section(source, "remote");
            problem(source, "remote", "set, but source.mode is local");
        }
        YamlSection local = section(source, "local");
        if (local == null) {
            problems.add("source.local: required for workMode " + workMode);
            return null;
        }
        List<String> given = new ArrayList<>();
        for (String key : List.of("faissFile", "tablesDir", "hdf5Files", "npyFile")) {
            if (local.has(key)) {
                given.add(key);
            }
        }
        String wanted = switch (workMode) {
            case "faiss" -> "faissFile";
            case "milvus1x" -> "tablesDir";
            case "hdf5" -> "hdf5Files";
            default -> "npyFile";
        };
        for (String key : given) {
            if (!key.equals(wanted)) {
                problem(local, key, "does not belong to workMode " + workMode + " (which reads source.local." + wanted
                        + ")");
            }
        }
        if (!given.contains(wanted)) {
            problem(local, wanted, "required for workMode " + workMode);
            return null;
        }
        return switch (workMode) {
            case "faiss" -> {
                Path index = existingFile(local, "faissFile");
                yield index == null ? null : new MigrationSource.Faiss(index);
            }
            case "hdf5" -> {
                List<Path> files = new ArrayList<>();
                for (String p : local.strings("hdf5Files")) {
                    Path resolved = resolve(p);
                    if (!Files.isRegularFile(resolved)) {
                        problem(local, "hdf5Files", "no such file: " + resolved);
                    }
                    files.add(resolved);
                }
                yield new MigrationSource.Hdf5(Hdf5SourceSpec.milvusdm(files, false));
            }
            case "npy" -> {
                Path vectors = existingFile(local, "npyFile");
                Path ids = local.has("npyIdsFile") ? existingFile(local, "npyIdsFile") : null;
                yield vectors == null ? null : new MigrationSource.Npy(NpySourceSpec.of(vectors, ids));
            }
            default -> milvus1x(local, meta, collection);
        };
    }

    private MigrationSource milvus1x(YamlSection local, YamlSection meta, MigrationJob.CollectionCreate collection) {
        Path tables = resolve(local.string("tablesDir"));
        // milvus-migration's tablesDir is <work path>/db/tables/
        Path workPath = tables.getParent() == null ? null : tables.getParent().getParent();
        if (!Files.isDirectory(tables) || workPath == null || !tables.getParent().getFileName().toString().equals("db")) {
            problem(local, "tablesDir", "expected the db/tables folder of a Milvus 1.x work path, found " + tables);
            return null;
        }
        if (meta == null) {
            problems.add("meta: required for workMode milvus1x (mode: sqlite, sqliteFile: <work path>/db/meta.sqlite;"
                    + " or mode: mysql, mysqlUrl: " + GoMySqlDsn.FORM + ")");
            return null;
        }
        String mode = meta.string("mode");
        Milvus1xMetaStore store;
        if (mode != null && mode.equalsIgnoreCase("mysql")) {
            store = mysqlMeta(meta);
        } else if (mode != null && mode.equalsIgnoreCase("sqlite")) {
            store = sqliteMeta(meta, workPath);
        } else {
            problem(meta, "mode", "milvusdm reads SQLite meta (mode: sqlite) or MySQL meta (mode: mysql); found "
                    + (mode == null ? "none" : "'" + mode + "'"));
            return null;
        }
        if (collection == null || collection.name() == null) {
            problems.add("target.create.collection.name: required for workMode milvus1x: the 1.x collection to dump"
                    + " (loaded under the same name)");
            return null;
        }
        if (store == null) {
            return null;
        }
        return new MigrationSource.Milvus1x(new Milvus1xSourceSpec(workPath, store, collection.name(), List.of(),
                DuplicateIds.REFUSE));
    }

    /** {@code meta.sqliteFile}: must be the meta of tablesDir's work path, the one the segment files belong to. */
    private Milvus1xMetaStore sqliteMeta(YamlSection meta, Path workPath) {
        Path sqlite = existingFile(meta, "sqliteFile");
        Milvus1xMetaStore.Sqlite expected = (Milvus1xMetaStore.Sqlite) Milvus1xMetaStore.sqliteUnder(workPath);
        if (sqlite != null && !sqlite.toAbsolutePath().normalize().equals(expected.file().toAbsolutePath().normalize())) {
            problem(meta, "sqliteFile", "expected the meta of tablesDir's work path, " + expected.file()
                    + ", found " + sqlite);
        }
        return expected;
    }

    /**
     * {@code meta.mysqlUrl}: the Go DSN milvus-migration hands to its MySQL driver ({@link GoMySqlDsn}); the segment
     * files are still read under tablesDir. The password never appears in a message.
     */
    private Milvus1xMetaStore mysqlMeta(YamlSection meta) {
        if (meta.has("sqliteFile")) {
            meta.string("sqliteFile");
            problem(meta, "sqliteFile", "set, but meta.mode is mysql (which reads meta.mysqlUrl)");
        }
        String dsn = meta.string("mysqlUrl");
        if (dsn == null || dsn.isBlank()) {
            problem(meta, "mysqlUrl", "required for meta.mode mysql: " + GoMySqlDsn.FORM);
            return null;
        }
        try {
            return GoMySqlDsn.parse(dsn.strip(), environment.get(Milvus1xSourceKeys.ENV_MYSQL_PASSWORD));
        } catch (IllegalArgumentException e) {
            problem(meta, "mysqlUrl", e.getMessage());
            return null;
        }
    }

    private MigrationSource milvus2x(YamlSection source, YamlSection meta) {
        YamlSection server = section(source, "milvus2x");
        if (server == null) {
            problems.add("source.milvus2x: required for workMode milvus2x (endpoint, username, password)");
            return null;
        }
        MilvusTarget target = milvusTarget(server, ENV_SOURCE_USER, ENV_SOURCE_PASSWORD);
        String collection = meta == null ? null : meta.string("collection");
        if (meta != null) {
            String mode = meta.string("mode");
            if (mode != null && !mode.equalsIgnoreCase("config")) {
                problem(meta, "mode", "expected config for workMode milvus2x, found '" + mode + "'");
            }
        }
        if (collection == null) {
            problems.add("meta.collection: required for workMode milvus2x: the source collection");
            return null;
        }
        return target == null ? null
                : new MigrationSource.Milvus2x(MilvusCollectionSourceSpec.of(target, collection)
                        .withFields(MilvusCollectionSourceSpec.Fields.SCALARS));
    }

    private MilvusTarget milvusTarget(YamlSection server, String userEnv, String passwordEnv) {
        String endpoint = server.string("endpoint");
        String user = credential(server, "username", userEnv);
        String password = credential(server, "password", passwordEnv);
        String database = server.string("database");
        if (endpoint == null) {
            problem(server, "endpoint", "required: host:port of the Milvus server");
            return null;
        }
        String uri = endpoint.contains("://") ? endpoint : "http://" + endpoint;
        return new MilvusTarget(uri, user, password, null, database, uri.startsWith("https://"), null, null, null,
                null);
    }

    private DumpStorage storage(YamlSection target) {
        if (target == null) {
            problems.add("target: required (mode: local with local.outputDir, or mode: remote with remote.*)");
            return null;
        }
        String mode = target.string("mode");
        boolean remote = mode != null && mode.equalsIgnoreCase("remote");
        if (mode == null) {
            problem(target, "mode", "required: local or remote");
            return null;
        }
        if (!remote && !mode.equalsIgnoreCase("local")) {
            problem(target, "mode", "expected local or remote, found '" + mode + "'");
            return null;
        }
        YamlSection local = section(target, "local");
        YamlSection bucket = section(target, "remote");
        if (remote && local != null) {
            problems.add("target.local: set, but target.mode is remote");
        }
        if (!remote && bucket != null) {
            problems.add("target.remote: set, but target.mode is local");
        }
        if (!remote) {
            if (local == null || local.string("outputDir") == null) {
                problems.add("target.local.outputDir: required for target.mode local");
                return null;
            }
            Path folder = resolve(local.string("outputDir"));
            Path root = local.has("milvusStorageRoot") ? resolve(local.string("milvusStorageRoot")) : null;
            if (root != null && !folder.toAbsolutePath().normalize().startsWith(root.toAbsolutePath().normalize())) {
                problem(local, "milvusStorageRoot", "outputDir " + folder + " is not inside it (" + root
                        + "): that Milvus could not read the files");
            }
            return new DumpStorage.Local(folder, root);
        }
        if (bucket == null) {
            problems.add("target.remote: required for target.mode remote");
            return null;
        }
        String cloud = bucket.string("cloud");
        String endpoint = bucket.string("endpoint");
        String region = bucket.string("region");
        String bucketName = bucket.string("bucket");
        String ak = credential(bucket, "ak", ENV_S3_ACCESS_KEY, "AWS_ACCESS_KEY_ID");
        String sk = credential(bucket, "sk", ENV_S3_SECRET_KEY, "AWS_SECRET_ACCESS_KEY");
        Boolean iam = bucket.bool("useIAM");
        Boolean ssl = bucket.bool("useSSL");
        Boolean check = bucket.bool("checkBucket");
        String outputDir = bucket.string("outputDir");
        if (cloud != null && !List.of("aws", "minio", "s3").contains(cloud.toLowerCase(Locale.ROOT))) {
            problem(bucket, "cloud", "milvusdm writes to S3-compatible storage (aws, minio); found '" + cloud + "'");
        }
        if (bucketName == null) {
            problem(bucket, "bucket", "required: Milvus's bucket");
        }
        if (Boolean.TRUE.equals(iam) && (bucket.has("ak") || bucket.has("sk"))) {
            problem(bucket, "useIAM", "true, but ak/sk are set too; use one or the other");
        }
        if (!Boolean.TRUE.equals(iam) && (ak == null || sk == null)) {
            problem(bucket, ak == null ? "ak" : "sk", "required unless useIAM is true (or set $" + ENV_S3_ACCESS_KEY
                    + " / $" + ENV_S3_SECRET_KEY + ")");
        }
        return new DumpStorage.Remote(cloud, endpoint, region, bucketName, ak, sk, Boolean.TRUE.equals(iam),
                Boolean.TRUE.equals(ssl), check == null || check, outputDir == null ? "" : outputDir);
    }

    private Destination destination(YamlSection server) {
        if (server == null) {
            return new Destination(new MilvusTarget(null, null, null, null, null, false, null, null, null, null),
                    LocalDefaults.dataDir(environment));
        }
        String writeMode = server.string("writeMode");
        if (writeMode != null && !writeMode.equalsIgnoreCase("insert")) {
            problem(server, "writeMode", "load appends (insert); found '" + writeMode + "'");
        }
        String endpoint = server.string("endpoint");
        if (endpoint != null && !endpoint.contains(":") && !endpoint.contains("://")) {
            // a local path, as MilvusDM's dest_uri takes one: a Milvus Lite data directory milvusdm starts
            return new Destination(new MilvusTarget(null, null, null, null, null, false, null, null, null, null),
                    resolve(endpoint));
        }
        MilvusTarget target = milvusTarget(server, ENV_TARGET_USER, ENV_TARGET_PASSWORD);
        return new Destination(target, null);
    }

    private String credential(YamlSection section, String key, String... environmentVariables) {
        String value = section.string(key);
        if (value != null) {
            return value;
        }
        for (String variable : environmentVariables) {
            String fromEnvironment = environment.get(variable);
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                return fromEnvironment;
            }
        }
        return null;
    }

    private Path existingFile(YamlSection section, String key) {
        Path path = resolve(section.string(key));
        if (path == null) {
            problem(section, key, "required");
            return null;
        }
        if (!Files.isRegularFile(path)) {
            problem(section, key, "no such file: " + path);
            return null;
        }
        return path;
    }

    private Path resolve(String path) {
        if (path == null) {
            return null;
        }
        Path p = Path.of(path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path);
        Path base = file.toAbsolutePath().getParent();
        return p.isAbsolute() || base == null ? p : base.resolve(p).normalize();
    }
}
