package io.milvusdm.pipeline;

import java.util.Objects;

/**
 * A run of consecutive rows of one split, in columns: primary keys (or none, for auto-id) and vectors.
 * Its byte size is known, so batches are bounded by bytes rather than by a row count.
 *
 * @param split the split the rows belong to
 * @param firstRow the index of the first row within the split's source (file row, list offset)
 * @param keys the rows' primary keys, or {@code null} when the target generates them
 * @param vectors the rows' vectors
 */
public record VectorBatch(Split split, long firstRow, PrimaryKeys keys, VectorColumn vectors) {

    public VectorBatch {
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(vectors, "vectors");
        if (keys != null && keys.size() != vectors.rowCount()) {
            throw new IllegalArgumentException(
                    "key count " + keys.size() + " != vector count " + vectors.rowCount() + " in split " + split.id());
        }
    }

    public int rowCount() {
        return vectors.rowCount();
    }

    /** The payload size: vectors plus keys. */
    public long byteSize() {
        return vectors.byteSize() + (keys == null ? 0 : keys.byteSize());
    }
}
