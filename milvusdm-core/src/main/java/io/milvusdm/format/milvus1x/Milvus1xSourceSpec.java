package io.milvusdm.format.milvus1x;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What to read from a Milvus 0.10/1.x data directory.
 *
 * @param workPath the Milvus work path ({@code storage.primary_path}), the directory holding {@code db/}
 * @param meta where the meta is: {@code workPath/db/meta.sqlite}, or a MySQL database
 * @param collection the collection name, a {@code Tables.table_id} whose {@code owner_table} is empty
 * @param partitionTags the partitions to read, {@value Milvus1xSource#DEFAULT_PARTITION} naming the collection's
 *     own table; empty reads the default partition and every partition
 * @param duplicates what to do with an id stored more than once among the live rows of those partitions
 */
public record Milvus1xSourceSpec(Path workPath, Milvus1xMetaStore meta, String collection, List<String> partitionTags,
                                 DuplicateIds duplicates) {

    public Milvus1xSourceSpec {
        Objects.requireNonNull(workPath, "workPath");
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(duplicates, "duplicates");
        partitionTags = List.copyOf(partitionTags);
        if (collection.isBlank()) {
            throw new IllegalArgumentException("a Milvus 1.x source needs a collection name");
        }
        if (new HashSet<>(partitionTags).size() != partitionTags.size()) {
            throw new IllegalArgumentException("partition tags repeat: " + partitionTags);
        }
    }

    /** The SQLite meta under {@code workPath}; repeated ids refused. */
    public Milvus1xSourceSpec(Path workPath, String collection, List<String> partitionTags) {
        this(workPath, Milvus1xMetaStore.sqliteUnder(workPath), collection, partitionTags, DuplicateIds.REFUSE);
    }

    /** Every partition of {@code collection}, SQLite meta, repeated ids refused. */
    public static Milvus1xSourceSpec of(Path workPath, String collection) {
        return new Milvus1xSourceSpec(workPath, collection, List.of());
    }

    public Milvus1xSourceSpec withDuplicates(DuplicateIds policy) {
        return new Milvus1xSourceSpec(workPath, meta, collection, partitionTags, policy);
    }

    public Milvus1xSourceSpec withPartitions(List<String> tags) {
        return new Milvus1xSourceSpec(workPath, meta, collection, tags, duplicates);
    }
}
