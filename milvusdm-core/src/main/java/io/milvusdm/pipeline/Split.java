package io.milvusdm.pipeline;

/**
 * A unit of work that a source reads on its own and a sink commits as a whole: a file's row range,
 * a Faiss inverted list, a Milvus partition's key range. Splits run in parallel, the ledger records them
 * for resume, and a worker elsewhere can open one from the job spec alone, so implementations are plain
 * records of paths, offsets and names.
 */
public interface Split {

    /** A stable name, the same for the same work in every run of the same job: the ledger's key. */
    String id();

    /** Rows this split holds. */
    long rowCount();
}
