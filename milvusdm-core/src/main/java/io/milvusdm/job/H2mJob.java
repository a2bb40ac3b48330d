package io.milvusdm.job;

import io.milvusdm.format.hdf5.Hdf5SourceSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * An HDF5 → Milvus job, as read from MilvusDM's {@code H2M} YAML plus milvusdm's extras.
 *
 * @param jobFile the file it was read from, or null when built in code
 * @param source the files and datasets to read
 * @param target where and how to write
 * @param ignoredFiles files in {@code data_dir} that are not HDF5 by their name
 */
public record H2mJob(Path jobFile, Hdf5SourceSpec source, MilvusJobTarget target, List<String> ignoredFiles) {

    public H2mJob {
        ignoredFiles = List.copyOf(ignoredFiles);
    }
}
