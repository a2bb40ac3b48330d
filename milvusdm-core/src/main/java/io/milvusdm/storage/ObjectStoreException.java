package io.milvusdm.storage;

import java.io.IOException;

/** A store refused or failed an operation; the message names the store and key, never credentials. */
public class ObjectStoreException extends IOException {

    public ObjectStoreException(String message) {
        super(message);
    }

    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
