package io.milvusdm.pipeline;

/** How a sink writes a batch. */
public enum WriteKind {
    /** Plain insert: rows are new. */
    INSERT,
    /**
     * Insert or replace by primary key: used by the upsert mode, and on resume for a split that was
     * started but not committed, so its rows are not written twice.
     */
    UPSERT
}
