package io.milvusdm.milvus;

import java.io.IOException;

/**
 * The job's Milvus settings cannot work with this source, found before the target is touched: a metric Milvus
 * 2.x does not have or that does not fit the vector type, a declared dimension that differs from the source's,
 * upsert without keys. A usage error: the job file has to change.
 */
public class SinkSpecException extends IOException {

    public SinkSpecException(String message) {
        super(message);
    }
}
