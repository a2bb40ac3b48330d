package io.milvusdm.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * A flat namespace of objects under one root: a local folder or a prefix of an S3-compatible bucket. Keys are
 * relative, '/'-separated paths ({@code "coll/part-00001/embedding.npy"}); the store adds its root.
 *
 * <p>Implementations are thread-safe: a dump writes several objects at once. Credentials never appear in
 * {@link #describe()}, in exception messages or in logs.
 */
public interface ObjectStore extends AutoCloseable {

    /** Where the store points, for messages: {@code s3://bucket/prefix} or a local path. Never credentials. */
    String describe();

    /**
     * Checks that the root exists and can be read and written; with {@code createIfMissing}, creates it
     * (the bucket, or the folder) when it does not exist.
     *
     * @throws ObjectStoreException naming the root when it is missing, or the credentials are refused
     */
    void check(boolean createIfMissing) throws IOException;

    /**
     * Starts writing an object. Its content becomes visible under {@code key} only when {@link OutputStream#close()}
     * returns normally (S3: multipart upload completed; local: temp file renamed); a stream that fails or is
     * abandoned leaves nothing under the key.
     */
    OutputStream create(String key) throws IOException;

    /**
     * Reads {@code length} bytes of an object from {@code offset} ({@code length} may be
     * {@code size(key) - offset} for the rest).
     *
     * @throws ObjectStoreException naming the key when it does not exist
     */
    InputStream open(String key, long offset, long length) throws IOException;

    /** Reads a whole object. */
    default InputStream open(String key) throws IOException {
        return open(key, 0, size(key));
    }

    /**
     * The object's size in bytes.
     *
     * @throws ObjectStoreException naming the key when it does not exist
     */
    long size(String key) throws IOException;

    boolean exists(String key) throws IOException;

    /** The objects whose keys start with {@code prefix}, sorted by key. */
    List<ObjectInfo> list(String prefix) throws IOException;

    /** Removes an object; nothing happens when it does not exist. */
    void delete(String key) throws IOException;

    @Override
    void close() throws IOException;

    /** One object of a listing. */
    record ObjectInfo(String key, long size) {
    }
}
