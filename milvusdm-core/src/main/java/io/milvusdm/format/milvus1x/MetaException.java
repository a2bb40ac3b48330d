package io.milvusdm.format.milvus1x;

import java.io.IOException;

/**
 * A Milvus 1.x meta that cannot be read, or that lacks what the job names, where the meta is not a file: the
 * message ends with the meta's {@link Milvus1xMetaStore#describe() description}, never with its password.
 */
public final class MetaException extends IOException {

    MetaException(String message, Milvus1xMetaStore store) {
        super(message + " (" + store.describe() + ")");
    }
}
