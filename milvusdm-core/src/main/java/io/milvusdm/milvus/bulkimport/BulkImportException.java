package io.milvusdm.milvus.bulkimport;

import java.io.IOException;

/** A bulk import call failed or was refused; the message names the files and the server's reason, no secrets. */
public class BulkImportException extends IOException {

    private final boolean unsupported;

    public BulkImportException(String message, boolean unsupported) {
        super(message);
        this.unsupported = unsupported;
    }

    public BulkImportException(String message, Throwable cause) {
        super(message, cause);
        this.unsupported = false;
    }

    /** The server has no such API (gRPC UNIMPLEMENTED, HTTP 404): load may fall back to inserts. */
    public boolean unsupported() {
        return unsupported;
    }
}
