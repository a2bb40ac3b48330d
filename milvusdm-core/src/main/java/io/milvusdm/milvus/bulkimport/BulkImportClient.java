package io.milvusdm.milvus.bulkimport;

import java.io.IOException;
import java.util.List;

/**
 * One server's bulk import API: submit a job for one group of files (one chunk: the {@code <field>.npy} files of
 * a folder, or one Parquet file), then ask how it stands. Paths are as the server reads them: relative to its
 * bucket (or local storage root). Thread-safe.
 */
public interface BulkImportClient extends AutoCloseable {

    /** Which API this is, for the summary: "gRPC Import (v1)" or "REST import (v2)". */
    String api();

    /**
     * Starts a job.
     *
     * @param partition the partition, or null for the default
     * @return the job's id
     * @throws BulkImportException when the server refuses the job (the message carries its reason)
     */
    String submit(String collection, String partition, List<String> files) throws IOException;

    ImportProgress progress(String jobId) throws IOException;

    @Override
    void close();
}
