package io.milvusdm.pipeline;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A run of consecutive rows of one split, in columns: primary keys (or none, for auto-id), vectors, and the
 * source's scalar columns in the order of {@link SourceSchema#scalarFields()}. Its byte size is known, so
 * batches are bounded by bytes rather than by a row count.
 *
 * @param split the split the rows belong to
 * @param firstRow the index of the first row within the split's source (file row, list offset)
 * @param keys the rows' primary keys, or {@code null} when the target generates them
 * @param vectors the rows' vectors
 * @param scalarColumns the rows' scalar columns, each as long as the vectors, names distinct; empty when the
 *     source has none
 */
public record VectorBatch(Split split, long firstRow, PrimaryKeys keys, VectorColumn vectors,
                          List<ScalarColumn> scalarColumns) {

    public VectorBatch {
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(vectors, "vectors");
        scalarColumns = List.copyOf(scalarColumns);
        if (keys != null && keys.size() != vectors.rowCount()) {
            throw new IllegalArgumentException(
                    "key count " + keys.size() + " != vector count " + vectors.rowCount() + " in split " + split.id());
        }
        Set<String> names = new HashSet<>();
        for (ScalarColumn column : scalarColumns) {
            if (column.rowCount() != vectors.rowCount()) {
                throw new IllegalArgumentException("column '" + column.name() + "' has " + column.rowCount()
                        + " rows, the vectors " + vectors.rowCount() + ", in split " + split.id());
            }
            if (!names.add(column.name())) {
                throw new IllegalArgumentException("column '" + column.name() + "' appears twice in split " + split.id());
            }
        }
    }

    /** A batch without scalar columns: keys and vectors only. */
    public VectorBatch(Split split, long firstRow, PrimaryKeys keys, VectorColumn vectors) {
        this(split, firstRow, keys, vectors, List.of());
    }

    public int rowCount() {
        return vectors.rowCount();
    }

    /** The payload size: vectors, keys and scalar columns (UTF-8 bytes plus a few bytes a value). */
    public long byteSize() {
        long bytes = vectors.byteSize() + (keys == null ? 0 : keys.byteSize());
        for (ScalarColumn column : scalarColumns) {
            bytes += column.byteSize();
        }
        return bytes;
    }
}
