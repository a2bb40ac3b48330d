package io.milvusdm.format.parquet;

import io.milvusdm.pipeline.Split;

import java.util.Objects;

/**
 * One row group of one file of a Parquet source: the unit a Parquet reader decodes on its own.
 *
 * @param fileIndex the file's position in the spec
 * @param file the file's key in the object store
 * @param rowGroup the row group's index in the file
 * @param firstRow the row group's first row, counted from the file's start
 * @param rowCount the row group's rows
 */
public record ParquetSplit(int fileIndex, String file, int rowGroup, long firstRow, long rowCount) implements Split {

    public ParquetSplit {
        Objects.requireNonNull(file, "file");
        if (fileIndex < 0 || rowGroup < 0 || firstRow < 0 || rowCount <= 0) {
            throw new IllegalArgumentException("invalid split: file " + fileIndex + ", row group " + rowGroup
                    + ", rows " + firstRow + "+" + rowCount);
        }
    }

    /** {@code parquet:<fileIndex>:<file>:rg<rowGroup>}: stable across runs of the same job. */
    @Override
    public String id() {
        return "parquet:" + fileIndex + ":" + file + ":rg" + rowGroup;
    }
}
