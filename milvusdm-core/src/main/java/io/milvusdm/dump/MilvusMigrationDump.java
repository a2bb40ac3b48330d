package io.milvusdm.dump;

import io.milvusdm.format.npy.NpyDtype;
import io.milvusdm.format.npy.NpyHeader;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.VectorType;
import io.milvusdm.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A dump milvus-migration itself wrote, which has no manifest: its layout is found in the store and a manifest
 * is built in memory from the {@code .npy} headers (milvus-migration core/util/path_util.go, transform/numpy):
 * <ul>
 *   <li>Faiss: {@code <outputDir>/migration/<collection>/id.npy} and {@code data.npy}, one import job;</li>
 *   <li>Milvus 1.x: {@code <outputDir>/migration/tables/<collection>/<segment>/id.npy} and {@code data.npy}, one
 *       import job per segment.</li>
 * </ul>
 * {@code id.npy} must be int64 of shape (rows,) and {@code data.npy} float32 of shape (rows, dim). Such a dump
 * carries no checksums: load checks the files' sizes against their headers' shapes, not their content.
 */
public final class MilvusMigrationDump {

    public static final String KEY_FILE = "id.npy";
    public static final String VECTOR_FILE = "data.npy";
    /** milvus-migration's 1.x dumps live under {@code migration/tables/<collection>}. */
    static final String TABLES_FOLDER = "tables";
    /** More than any header np.save or milvus-migration writes for a 2-D array. */
    private static final int HEAD_BYTES = 16 * 1024;

    /** What was found: where the dump's files are, and a manifest describing them (without checksums). */
    public record Found(DumpTarget target, DumpManifest manifest, String layout) {
    }

    private MilvusMigrationDump() {
    }

    /**
     * Looks for milvus-migration's Faiss layout, then its 1.x layout, of {@code collection} under
     * {@code outputDir}.
     *
     * @throws DumpException when files are there but do not form a dump (a segment without data.npy, a wrong
     *     dtype or shape, row counts that differ), naming the file, what was expected and what was found
     */
    public static Optional<Found> discover(ObjectStore store, String outputDir, String collection)
            throws IOException {
        DumpTarget faiss = DumpTarget.of(store, outputDir, collection);
        if (store.exists(faiss.key(VECTOR_FILE))) {
            Segment segment = chunk(faiss, "", collection);
            return Optional.of(new Found(faiss, manifest(faiss, collection, List.of(segment), "faiss"),
                    "milvus-migration's Faiss layout"));
        }
        DumpTarget base = DumpTarget.of(store, outputDir, "");
        DumpTarget tables = new DumpTarget(store, base.prefix() + "/" + TABLES_FOLDER + "/" + collection);
        Map<String, List<String>> segments = new TreeMap<>();
        for (ObjectStore.ObjectInfo object : store.list(tables.prefix() + "/")) {
            String relative = object.key().substring(tables.prefix().length() + 1);
            int slash = relative.indexOf('/');
            if (slash > 0 && relative.indexOf('/', slash + 1) < 0 && relative.endsWith(".npy")) {
                segments.computeIfAbsent(relative.substring(0, slash), s -> new ArrayList<>())
                        .add(relative.substring(slash + 1));
            }
        }
        if (segments.isEmpty()) {
            return Optional.empty();
        }
        List<Segment> found = new ArrayList<>();
        for (String segment : segments.keySet()) {
            found.add(chunk(tables, segment + "/", collection));
        }
        return Optional.of(new Found(tables, manifest(tables, collection, found, "milvus1x"),
                "milvus-migration's Milvus 1.x layout (" + found.size() + " segments)"));
    }

    /** A segment's files, with its vectors' dimension. */
    private record Segment(DumpManifest.Chunk chunk, long dimension) {
    }

    private static Segment chunk(DumpTarget dump, String folder, String collection) throws IOException {
        String vectorsName = folder + VECTOR_FILE;
        String idsName = folder + KEY_FILE;
        if (!dump.store().exists(dump.key(vectorsName))) {
            throw new DumpException("the milvus-migration dump in " + dump.describe() + " has " + folder
                    + " without " + VECTOR_FILE + " (expected " + KEY_FILE + " and " + VECTOR_FILE + " in each"
                    + " segment folder)");
        }
        if (!dump.store().exists(dump.key(idsName))) {
            throw new DumpException("the milvus-migration dump in " + dump.describe() + " has " + vectorsName
                    + " but no " + idsName + " (collection '" + collection + "' is created with an id primary key"
                    + " without auto-id, as milvus-migration creates it)");
        }
        long vectorBytes = dump.store().size(dump.key(vectorsName));
        NpyHeader vectors = header(dump, vectorsName, vectorBytes);
        if (!vectors.dtype().equals(NpyDtype.FLOAT32) || vectors.shape().length != 2) {
            throw new DumpException(dump.describe() + "/" + vectorsName + ": expected float32 ('<f4') of shape"
                    + " (rows, dim), found " + vectors);
        }
        long idBytes = dump.store().size(dump.key(idsName));
        NpyHeader ids = header(dump, idsName, idBytes);
        if (!ids.dtype().equals(NpyDtype.INT64) || ids.shape().length != 1) {
            throw new DumpException(dump.describe() + "/" + idsName + ": expected int64 ('<i8') of shape (rows,),"
                    + " found " + ids);
        }
        if (ids.rows() != vectors.rows()) {
            throw new DumpException(dump.describe() + "/" + folder + ": " + KEY_FILE + " has " + ids.rows()
                    + " rows, " + VECTOR_FILE + " has " + vectors.rows());
        }
        String name = folder.isEmpty() ? "faiss" : folder.substring(0, folder.length() - 1);
        return new Segment(new DumpManifest.Chunk(name, vectors.rows(), List.of(
                new DumpManifest.FileEntry(idsName, idBytes, null),
                new DumpManifest.FileEntry(vectorsName, vectorBytes, null))), vectors.columns());
    }

    private static NpyHeader header(DumpTarget dump, String name, long size) throws IOException {
        byte[] head;
        try (InputStream in = dump.store().open(dump.key(name), 0, Math.min(size, HEAD_BYTES))) {
            head = in.readAllBytes();
        }
        return NpyHeader.read(head, size, Path.of(dump.describe(), name));
    }

    private static DumpManifest manifest(DumpTarget dump, String collection, List<Segment> segments,
                                         String workMode) throws DumpException {
        long dimension = segments.get(0).dimension();
        MessageDigest digest = HashingOutputStream.sha256();
        List<DumpManifest.Chunk> chunks = new ArrayList<>();
        for (Segment segment : segments) {
            DumpManifest.Chunk chunk = segment.chunk();
            if (segment.dimension() != dimension) {
                throw new DumpException(dump.describe() + "/" + chunk.files().get(1).key() + " has dimension "
                        + segment.dimension() + ", the dump's first segment has " + dimension);
            }
            for (DumpManifest.FileEntry file : chunk.files()) {
                digest.update((file.key() + " " + file.bytes() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            chunks.add(chunk);
        }
        long rows = chunks.stream().mapToLong(DumpManifest.Chunk::rows).sum();
        return new DumpManifest(DumpManifest.FORMAT, DumpManifest.VERSION_WITHOUT_FIELDS,
                new DumpManifest.SourceIdentity("milvus-migration " + workMode + " dump in " + dump.describe()
                        + " (no manifest)", HexFormat.of().formatHex(digest.digest())),
                collection, new DumpManifest.Schema(VectorType.FLOAT_VECTOR, (int) dimension, KeyKind.INT64, null,
                rows), "npy", DumpTarget.KEY_FIELD, DumpTarget.VECTOR_FIELD, chunks);
    }
}
