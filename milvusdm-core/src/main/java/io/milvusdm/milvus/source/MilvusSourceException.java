package io.milvusdm.milvus.source;

import java.io.IOException;

/**
 * Reading a Milvus collection cannot go on: the collection, field or partition is not there or not readable, or
 * its rows changed while they were read. The message names the collection, partition and key range, what was
 * expected and what was found. Server failures keep their {@link io.milvusdm.milvus.MilvusOperationException}.
 */
public class MilvusSourceException extends IOException {

    public MilvusSourceException(String message) {
        super(message);
    }

    public MilvusSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
