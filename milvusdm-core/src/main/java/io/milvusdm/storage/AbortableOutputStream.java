package io.milvusdm.storage;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The stream {@link ObjectStore#create} returns when the store can throw an unfinished object away on request.
 * A writer that fails halfway (say, its source broke) calls {@link #abort()} instead of {@link #close()}: closing
 * would publish the half-written object under its key, aborting leaves nothing there (S3: the multipart upload is
 * aborted; local: the temp file is deleted).
 */
public abstract class AbortableOutputStream extends OutputStream {

    /** Discards everything written so far; the key keeps whatever it held before. Idempotent; no-op after close. */
    public abstract void abort() throws IOException;
}
