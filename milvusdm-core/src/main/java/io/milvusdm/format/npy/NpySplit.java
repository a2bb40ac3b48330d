package io.milvusdm.format.npy;

import io.milvusdm.pipeline.Split;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A row range of one vectors file of a NumPy source.
 *
 * @param fileIndex the pair's position in the spec
 * @param file the vectors file
 * @param startRow the first row, counted from the file's start
 * @param rowCount the number of rows
 */
public record NpySplit(int fileIndex, Path file, long startRow, long rowCount) implements Split {

    public NpySplit {
        Objects.requireNonNull(file, "file");
        if (fileIndex < 0 || startRow < 0 || rowCount <= 0) {
            throw new IllegalArgumentException("invalid split: file index " + fileIndex + ", rows " + startRow
                    + "+" + rowCount);
        }
    }

    /** {@code npy:<fileIndex>:<fileName>:<startRow>+<rowCount>}: stable across runs of the same job. */
    @Override
    public String id() {
        return "npy:" + fileIndex + ":" + file.getFileName() + ":" + startRow + "+" + rowCount;
    }

    public long endRow() {
        return startRow + rowCount;
    }
}
