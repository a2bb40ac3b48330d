package io.milvusdm.storage;

/**
 * An object being written that can be given up: {@link #abort()} discards what was written (the temp file, the
 * multipart upload) and leaves nothing under the key. Streams from {@link ObjectStore#create} may implement it;
 * a caller that fails mid-object aborts when they do, and otherwise leaves the stream unclosed.
 */
public interface AbortableOutput {

    void abort();
}
