package io.milvusdm.job;

import io.milvusdm.format.hdf5.Hdf5SourceSpec;
import io.milvusdm.milvus.IndexSpec;
import io.milvusdm.milvus.WriteMode;
import io.milvusdm.pipeline.RunOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * An HDF5 → Milvus job, as read from MilvusDM's {@code H2M} YAML plus milvusdm's extras.
 *
 * @param jobFile the file it was read from, or null when built in code
 * @param source the files and datasets to read
 * @param destination where to write
 * @param collection the target collection
 * @param partition the target partition, or null for none
 * @param mode what to do when the target exists
 * @param metricType the metric from {@code collection_parameter.metric_type}, or null
 * @param dimension the dimension from {@code collection_parameter.dimension}, or null
 * @param autoId let the target generate primary keys
 * @param index the index to build, or null
 * @param workers worker threads, or null for the default
 * @param batchBytes batch size in bytes, or null for the default
 * @param ignoredFiles files in {@code data_dir} that are not HDF5 by their name
 */
public record H2mJob(Path jobFile, Hdf5SourceSpec source, Destination destination, String collection,
                     String partition, WriteMode mode, String metricType, Integer dimension, boolean autoId,
                     IndexSpec index, Integer workers, Long batchBytes, List<String> ignoredFiles) {

    public H2mJob {
        ignoredFiles = List.copyOf(ignoredFiles);
    }

    /** The run options, with the job's workers and batch size over the defaults and over the command line's. */
    public RunOptions runOptions(Integer cliWorkers, Long cliBatchBytes, boolean resume) {
        int w = cliWorkers != null ? cliWorkers : workers != null ? workers : RunOptions.DEFAULT_WORKERS;
        long b = cliBatchBytes != null ? cliBatchBytes : batchBytes != null ? batchBytes : RunOptions.DEFAULT_BATCH_BYTES;
        return RunOptions.of(w, b, resume);
    }
}
