package io.milvusdm.job;

import io.milvusdm.format.milvus1x.DuplicateIds;
import io.milvusdm.format.milvus1x.Milvus1xMetaStore;
import io.milvusdm.format.milvus1x.Milvus1xSourceSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The source half of MilvusDM's M2M and M2H jobs: a Milvus 0.10/1.x work path, where its meta is (SQLite under
 * it, or MySQL), the collections to read, each with the partition tags to read, and what to do with ids that
 * repeat.
 *
 * @param workPath {@code source_milvus_path}, the directory holding {@code db/}
 * @param meta {@code mysql_parameter}: empty means {@code db/meta.sqlite}
 * @param collections {@code source_collection}, in file order: collection → partition tags; an empty list reads
 *     the default partition and every partition
 * @param duplicates {@code duplicate_ids} (milvusdm's extra; refuse by default)
 */
public record Milvus1xJobSource(Path workPath, Milvus1xMetaStore meta, Map<String, List<String>> collections,
                                DuplicateIds duplicates) {

    public Milvus1xJobSource {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        collections.forEach((collection, tags) -> copy.put(collection, List.copyOf(tags)));
        collections = Collections.unmodifiableMap(copy);
    }

    /** SQLite meta under {@code workPath}, repeated ids refused. */
    public Milvus1xJobSource(Path workPath, Map<String, List<String>> collections) {
        this(workPath, Milvus1xMetaStore.sqliteUnder(workPath), collections, DuplicateIds.REFUSE);
    }

    /** One spec per collection, as the job names it: its tags, or none for every partition. */
    public List<Milvus1xSourceSpec> specs() {
        List<Milvus1xSourceSpec> specs = new ArrayList<>();
        collections.forEach((collection, tags) ->
                specs.add(new Milvus1xSourceSpec(workPath, meta, collection, tags, duplicates)));
        return specs;
    }
}
