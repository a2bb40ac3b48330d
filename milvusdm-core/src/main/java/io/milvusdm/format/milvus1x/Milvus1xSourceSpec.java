package io.milvusdm.format.milvus1x;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What to read from a Milvus 0.10/1.x data directory.
 *
 * @param workPath the Milvus work path ({@code storage.primary_path}), the directory holding {@code db/}
 * @param collection the collection name, a {@code Tables.table_id} whose {@code owner_table} is empty
 * @param partitionTags the partitions to read, {@value Milvus1xSource#DEFAULT_PARTITION} naming the collection's
 *     own table; empty reads the default partition and every partition
 */
public record Milvus1xSourceSpec(Path workPath, String collection, List<String> partitionTags) {

    public Milvus1xSourceSpec {
        Objects.requireNonNull(workPath, "workPath");
        Objects.requireNonNull(collection, "collection");
        partitionTags = List.copyOf(partitionTags);
        if (collection.isBlank()) {
            throw new IllegalArgumentException("a Milvus 1.x source needs a collection name");
        }
        if (new HashSet<>(partitionTags).size() != partitionTags.size()) {
            throw new IllegalArgumentException("partition tags repeat: " + partitionTags);
        }
    }

    /** Every partition of {@code collection}, the default one included. */
    public static Milvus1xSourceSpec of(Path workPath, String collection) {
        return new Milvus1xSourceSpec(workPath, collection, List.of());
    }

    /** {@code workPath/db/meta.sqlite}. */
    public Path sqliteMeta() {
        return workPath.resolve("db").resolve("meta.sqlite");
    }
}
