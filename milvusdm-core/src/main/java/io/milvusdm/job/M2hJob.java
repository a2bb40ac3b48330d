package io.milvusdm.job;

import io.milvusdm.format.hdf5.write.Hdf5WriteSpec;
import java.nio.file.Path;

/**
 * A Milvus 1.x → HDF5 job, as read from MilvusDM's {@code M2H} YAML.
 *
 * @param jobFile the file it was read from, or null when built in code
 * @param source the Milvus 1.x work path and the collections and partitions to read
 * @param dataDir where {@code <collection>/<partition>.h5} files go
 * @param mode what to do with a file that exists: overwrite (the default) or skip
 * @param compression {@code compression} (milvusdm's extra): none, or chunked gzip datasets
 */
public record M2hJob(Path jobFile, Milvus1xJobSource source, Path dataDir, Hdf5WriteSpec.Mode mode,
                     Hdf5WriteSpec.Compression compression) {
}
