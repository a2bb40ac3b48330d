package io.milvusdm.pipeline;

import java.io.IOException;
import java.nio.file.Path;

/** A ledger that cannot be used for this job: another job's, too new, or corrupt. */
public class LedgerException extends IOException {

    public LedgerException(String message, Path ledger) {
        super(message + " (ledger=" + ledger + ")");
    }
}
