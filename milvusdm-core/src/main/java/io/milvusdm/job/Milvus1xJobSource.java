package io.milvusdm.job;

import io.milvusdm.format.milvus1x.Milvus1xSourceSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The source half of MilvusDM's M2M and M2H jobs: a Milvus 0.10/1.x work path whose meta is
 * {@code db/meta.sqlite}, and the collections to read, each with the partition tags to read.
 *
 * @param workPath {@code source_milvus_path}, the directory holding {@code db/}
 * @param collections {@code source_collection}, in file order: collection → partition tags; an empty list reads
 *     the default partition and every partition
 */
public record Milvus1xJobSource(Path workPath, Map<String, List<String>> collections) {

    public Milvus1xJobSource {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        collections.forEach((collection, tags) -> copy.put(collection, List.copyOf(tags)));
        collections = Collections.unmodifiableMap(copy);
    }

    /** One spec per collection, as the job names it: its tags, or none for every partition. */
    public List<Milvus1xSourceSpec> specs() {
        List<Milvus1xSourceSpec> specs = new ArrayList<>();
        collections.forEach((collection, tags) -> specs.add(new Milvus1xSourceSpec(workPath, collection, tags)));
        return specs;
    }
}
