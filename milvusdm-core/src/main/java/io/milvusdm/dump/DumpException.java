package io.milvusdm.dump;

import java.io.IOException;

/** A dump that cannot be written or read as it is: the message names the store, the file and what was wrong. */
public class DumpException extends IOException {

    public DumpException(String message) {
        super(message);
    }

    public DumpException(String message, Throwable cause) {
        super(message, cause);
    }
}
