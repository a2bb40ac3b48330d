package io.milvusdm.format.hdf5;

import io.milvusdm.pipeline.Split;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A row range of one file of an HDF5 source.
 *
 * @param fileIndex the file's position in the source's file list
 * @param file the file
 * @param startRow the first row, counted from the file's start
 * @param rowCount the number of rows
 */
public record Hdf5Split(int fileIndex, Path file, long startRow, long rowCount) implements Split {

    public Hdf5Split {
        Objects.requireNonNull(file, "file");
        if (fileIndex < 0 || startRow < 0 || rowCount <= 0) {
            throw new IllegalArgumentException("invalid split: file index " + fileIndex + ", rows " + startRow
                    + "+" + rowCount);
        }
    }

    /** {@code h5:<fileIndex>:<fileName>:<startRow>+<rowCount>}: stable across runs of the same job. */
    @Override
    public String id() {
        return "h5:" + fileIndex + ":" + file.getFileName() + ":" + startRow + "+" + rowCount;
    }

    /** One past the last row. */
    public long endRow() {
        return startRow + rowCount;
    }
}
