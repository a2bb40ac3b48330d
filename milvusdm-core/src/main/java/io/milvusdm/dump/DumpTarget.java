package io.milvusdm.dump;

import io.milvusdm.storage.AbortableOutputStream;
import java.io.IOException;
import io.milvusdm.storage.ObjectStore;
import java.io.OutputStream;

/**
 * Where one dump lives: a folder (key prefix) of an object store, as milvus-migration lays it out:
 * {@code <outputDir>/migration/<collection>/}, holding one folder per chunk and {@code manifest.json}.
 *
 * @param store the local folder or bucket
 * @param prefix the dump's folder within the store, without a trailing '/'; empty for the store's root
 */
public record DumpTarget(ObjectStore store, String prefix) {

    /**
     * The field names of every dump, and so of the collection load creates: milvus-migration's ({@code id} Int64
     * primary key, {@code data} vector; it has no key to rename them), since Milvus's numpy import takes each
     * file's name as its field's.
     */
    public static final String KEY_FIELD = "id";
    public static final String VECTOR_FIELD = "data";

    /** milvus-migration appends this folder to {@code outputDir}. */
    public static final String MIGRATION_FOLDER = "migration";

    public DumpTarget {
        prefix = trimSlashes(prefix);
    }

    /** {@code <outputDir>/migration/<collection>}, as milvus-migration names a Faiss dump's folder. */
    public static DumpTarget of(ObjectStore store, String outputDir, String collection) {
        String base = trimSlashes(outputDir == null ? "" : outputDir);
        return new DumpTarget(store, (base.isEmpty() ? "" : base + "/") + MIGRATION_FOLDER + "/" + collection);
    }

    /** The store key of a name relative to the dump's folder. */
    public String key(String relative) {
        return prefix.isEmpty() ? relative : prefix + "/" + relative;
    }

    public String manifestKey() {
        return key(DumpManifest.FILE_NAME);
    }

    /** "store/prefix", for messages. */
    public String describe() {
        String root = store.describe();
        return prefix.isEmpty() ? root : root + (root.endsWith("/") ? "" : "/") + prefix;
    }

    /** Discards an object that will not be completed, when its store can. */
    void forget(OutputStream object) {
        if (object instanceof AbortableOutputStream abortable) {
            try {
                abortable.abort();
            } catch (IOException e) {
                // the manifest never names an object of a chunk that failed; a leftover is replaced by the next run
            }
        }
    }

    private static String trimSlashes(String path) {
        String p = path.replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
