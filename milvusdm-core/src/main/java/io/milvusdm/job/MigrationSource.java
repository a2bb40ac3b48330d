package io.milvusdm.job;

import io.milvusdm.format.faiss.FaissSource;
import io.milvusdm.format.hdf5.Hdf5Source;
import io.milvusdm.format.hdf5.Hdf5SourceSpec;
import io.milvusdm.format.milvus1x.Milvus1xMetaStore;
import io.milvusdm.format.milvus1x.Milvus1xSource;
import io.milvusdm.format.milvus1x.Milvus1xSourceSpec;
import io.milvusdm.format.npy.NpySource;
import io.milvusdm.format.npy.NpySourceSpec;
import io.milvusdm.milvus.MilvusTarget;
import io.milvusdm.milvus.source.MilvusCollectionSource;
import io.milvusdm.milvus.source.MilvusCollectionSourceSpec;
import io.milvusdm.pipeline.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The source of a milvus-migration job, one per {@code dumper.worker.workMode}: milvus-migration's {@code faiss},
 * {@code milvus1x} and {@code milvus2x}, and our {@code hdf5} and {@code npy}. Each opens the project's own
 * {@link Source} and says what identifies its content, so that a second dump of the same data is recognised.
 */
public sealed interface MigrationSource {

    /** The work mode's name as the config spells it. */
    String workMode();

    /** For people: the work mode and what it reads. */
    String describe();

    /** Opens the source (its pre-scan runs here). */
    Source open() throws IOException;

    /**
     * What identifies the content: local files' paths, sizes and modification times; for a server, its address and
     * the collection (the source's row count is added by the dump).
     */
    List<String> identityParts() throws IOException;

    /** SHA-256 over {@link #identityParts()} and the source's row count. */
    default String fingerprint(long rows) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<String> parts = new ArrayList<>(identityParts());
        parts.add(0, workMode());
        parts.add("rows=" + rows);
        for (String part : parts) {
            digest.update(part.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static List<String> files(List<Path> paths) throws IOException {
        List<String> parts = new ArrayList<>();
        for (Path path : paths) {
            if (path == null) {
                continue;
            }
            Path absolute = path.toAbsolutePath().normalize();
            parts.add(absolute + "|" + Files.size(absolute) + "|" + Files.getLastModifiedTime(absolute).toMillis());
        }
        return parts;
    }

    /** {@code workMode: faiss}: one Faiss index file ({@code source.local.faissFile}). */
    record Faiss(Path index) implements MigrationSource {
        public String workMode() {
            return "faiss";
        }

        public String describe() {
            return "faiss index " + index;
        }

        public Source open() throws IOException {
            return FaissSource.open(index);
        }

        public List<String> identityParts() throws IOException {
            return files(List.of(index));
        }
    }

    /** {@code workMode: hdf5} (ours): HDF5 files in MilvusDM's layout ({@code source.local.hdf5Files}). */
    record Hdf5(Hdf5SourceSpec spec) implements MigrationSource {
        public String workMode() {
            return "hdf5";
        }

        public String describe() {
            return "hdf5 files " + spec.files();
        }

        public Source open() throws IOException {
            return Hdf5Source.open(spec);
        }

        public List<String> identityParts() throws IOException {
            return files(spec.files());
        }
    }

    /** {@code workMode: npy} (ours): a vectors {@code .npy} and its ids {@code .npy}. */
    record Npy(NpySourceSpec spec) implements MigrationSource {
        public String workMode() {
            return "npy";
        }

        public String describe() {
            return "npy files " + spec.files().stream().map(f -> f.vectors()
                    + (f.ids() == null ? "" : " + " + f.ids())).toList();
        }

        public Source open() throws IOException {
            return NpySource.open(spec);
        }

        public List<String> identityParts() throws IOException {
            List<Path> paths = new ArrayList<>();
            for (NpySourceSpec.NpyFiles pair : spec.files()) {
                paths.add(pair.vectors());
                paths.add(pair.ids());
            }
            return files(paths);
        }
    }

    /** {@code workMode: milvus1x}: one collection of a Milvus 0.10/1.x data directory, with SQLite or MySQL meta. */
    record Milvus1x(Milvus1xSourceSpec spec) implements MigrationSource {
        public String workMode() {
            return "milvus1x";
        }

        public String describe() {
            return "milvus 1.x collection '" + spec.collection() + "' in " + spec.workPath();
        }

        public Source open() throws IOException {
            return Milvus1xSource.open(spec);
        }

        /**
         * The SQLite meta file (it changes with every segment); with MySQL meta, the server and database (never the
         * password) and the files of the collection's tables under {@code db/tables} ({@code <collection>} and its
         * partitions' {@code <collection>_<suffix>}), since a database has no file to look at.
         */
        public List<String> identityParts() throws IOException {
            List<String> parts = new ArrayList<>();
            if (spec.meta() instanceof Milvus1xMetaStore.Sqlite sqlite) {
                parts.addAll(files(List.of(sqlite.file())));
            } else {
                parts.add(spec.meta().describe());
                parts.addAll(files(tableFiles()));
            }
            parts.add(spec.collection());
            parts.addAll(spec.partitionTags());
            return parts;
        }

        private List<Path> tableFiles() throws IOException {
            Path tables = spec.workPath().resolve("db").resolve("tables");
            String name = spec.collection();
            List<Path> found = new ArrayList<>();
            try (var dirs = Files.list(tables)) {
                for (Path table : dirs.filter(Files::isDirectory).filter(d -> d.getFileName().toString().equals(name)
                        || d.getFileName().toString().startsWith(name + "_")).sorted().toList()) {
                    try (var walk = Files.walk(table)) {
                        walk.filter(Files::isRegularFile).sorted().forEach(found::add);
                    }
                }
            }
            return found;
        }
    }

    /** {@code workMode: milvus2x}: a collection of a Milvus 2.x server ({@code source.milvus2x}, {@code meta.collection}). */
    record Milvus2x(MilvusCollectionSourceSpec spec) implements MigrationSource {
        public String workMode() {
            return "milvus2x";
        }

        public String describe() {
            return "milvus 2.x collection '" + spec.collection() + "' on "
                    + MilvusTarget.redactUserInfo(spec.server().uri());
        }

        public Source open() throws IOException {
            return MilvusCollectionSource.open(spec);
        }

        public List<String> identityParts() {
            // a collection can change under the same name and count; the dump says so in the docs
            return List.of(MilvusTarget.redactUserInfo(spec.server().uri()), String.valueOf(spec.server().dbName()),
                    spec.collection(), String.valueOf(spec.partitions()));
        }
    }
}
