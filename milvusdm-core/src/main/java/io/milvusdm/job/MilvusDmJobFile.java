package io.milvusdm.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.milvusdm.format.hdf5.Hdf5DataDir;
import io.milvusdm.format.hdf5.Hdf5Layout;
import io.milvusdm.format.hdf5.Hdf5SourceSpec;
import io.milvusdm.format.hdf5.write.Hdf5WriteSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    private final Consumer<String> warnings;
    private final List<String> problems = new ArrayList<>();

    private final MilvusTargetKeys targetKeys;
    private final Map<String, String> environment;

    private MilvusDmJobFile(Path file, Map<String, String> environment, Consumer<String> warnings) {
        this.file = file;
        this.environment = environment;
        this.warnings = warnings;
        this.targetKeys = new MilvusTargetKeys(this::resolve, environment, warnings);
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

    /** Reads an M2H job file: collections and partitions of a Milvus 0.10/1.x work path into HDF5 files. */
    public static M2hJob readM2h(Path file, Map<String, String> environment, Consumer<String> warnings)
            throws JobFileException {
        return new MilvusDmJobFile(file, environment, warnings).m2h(taskNode(file, "M2H"));
    }

    /** Reads an M2M job file: collections and partitions of a Milvus 0.10/1.x work path into Milvus 2.x. */
    public static M2mJob readM2m(Path file, Map<String, String> environment, Consumer<String> warnings)
            throws JobFileException {
        return new MilvusDmJobFile(file, environment, warnings).m2m(taskNode(file, "M2M"));
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
        MilvusJobTarget target = targetKeys.read(h2m);
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
        MilvusJobTarget target = targetKeys.read(f2m);
        Boolean allowLossy = f2m.bool("allow_lossy");
        finish(f2m);
        return new F2mJob(file, index, Boolean.TRUE.equals(allowLossy), target);
    }

    private M2hJob m2h(ObjectNode node) throws JobFileException {
        YamlSection m2h = new YamlSection("M2H", node, problems);
        Milvus1xJobSource source = new Milvus1xSourceKeys(this::resolve, environment).read(m2h);
        String dataDir = m2h.string("data_dir");
        if (dataDir == null) {
            m2h.problem("data_dir", "required: the directory the <collection>/<partition>.h5 files go into");
        }
        Hdf5WriteSpec.Mode mode = fileMode(m2h);
        Hdf5WriteSpec.Compression compression = Hdf5WriteSpec.Compression.none();
        String compressionText = m2h.string("compression");
        if (compressionText != null) {
            try {
                compression = Hdf5WriteSpec.Compression.parse(compressionText);
            } catch (IllegalArgumentException e) {
                m2h.problem("compression", e.getMessage());
            }
        }
        finish(m2h);
        return new M2hJob(file, source, resolve(dataDir), mode, compression);
    }

    private M2mJob m2m(ObjectNode node) throws JobFileException {
        YamlSection m2m = new YamlSection("M2M", node, problems);
        Milvus1xJobSource source = new Milvus1xSourceKeys(this::resolve, environment).read(m2m);
        MilvusJobTarget target = targetKeys.readWithSourceNames(m2m);
        finish(m2m);
        return new M2mJob(file, source, target);
    }

    /** M2H's {@code mode}, which MilvusDM ignored: skip keeps an existing file, anything else replaces it. */
    private Hdf5WriteSpec.Mode fileMode(YamlSection m2h) {
        String mode = m2h.string("mode");
        if (mode == null) {
            return Hdf5WriteSpec.Mode.OVERWRITE;
        }
        switch (mode.toLowerCase(java.util.Locale.ROOT)) {
            case "skip":
                return Hdf5WriteSpec.Mode.SKIP;
            case "overwrite":
                return Hdf5WriteSpec.Mode.OVERWRITE;
            case "append":
            case "upsert":
                warnings.accept(m2h.key("mode") + ": an HDF5 file is written whole; '" + mode
                        + "' replaces an existing file, as overwrite");
                return Hdf5WriteSpec.Mode.OVERWRITE;
            default:
                m2h.problem("mode", "expected skip or overwrite, found '" + mode + "'");
                return Hdf5WriteSpec.Mode.OVERWRITE;
        }
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
        if (path == null) {
            return null;
        }
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
}
