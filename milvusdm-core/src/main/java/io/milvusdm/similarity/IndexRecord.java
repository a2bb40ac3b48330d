package io.milvusdm.similarity;

/** A stored index record: the index key on a dataset, its configuration, when it was created. */
public record IndexRecord(String dataset, String key, IndexConfig config, String created) {
}
