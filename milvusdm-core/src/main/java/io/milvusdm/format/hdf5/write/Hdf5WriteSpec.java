package io.milvusdm.format.hdf5.write;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What HDF5 file to write.
 *
 * <p>There is no compression option: jhdf 0.13 writes chunked (and so compressed) datasets only by encoding the
 * whole dataset into one {@code byte[]} ({@code WritableDatasetImpl.writeChunkedData}), and its chunk-index
 * writer is private, so a compressed dataset could not be streamed in bounded memory. Files are contiguous, as
 * MilvusDM's own {@code create_dataset(name, data)} wrote them.
 *
 * @param path the {@code .h5} file; written beside itself under a temporary name and renamed into place at the end
 * @param mode what to do when {@code path} exists
 */
public record Hdf5WriteSpec(Path path, Mode mode) {

    /** What to do when the file exists. */
    public enum Mode {
        /** Leave the existing file untouched and report the skip. */
        SKIP,
        /** Replace it, once the new file is complete. */
        OVERWRITE
    }

    public Hdf5WriteSpec {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(mode, "mode");
    }

    /** Writes {@code path}, replacing it if it exists. */
    public static Hdf5WriteSpec overwrite(Path path) {
        return new Hdf5WriteSpec(path, Mode.OVERWRITE);
    }
}
