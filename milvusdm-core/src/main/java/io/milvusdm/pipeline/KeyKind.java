package io.milvusdm.pipeline;

/** Where a source's primary keys come from. */
public enum KeyKind {
    /** The source stores INT64 ids, or numbers its rows. */
    INT64,
    /** The source stores string ids. */
    VARCHAR,
    /** The source has no ids; the target generates them (auto-id). */
    NONE
}
