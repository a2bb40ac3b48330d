package io.milvusdm.format.faiss;

/** Where the ids of a Faiss file's vectors come from. */
public enum IdOrigin {
    /** An {@code IndexIDMap} ({@code IxMp}/{@code IxM2}/{@code IBMp}/{@code IBM2}) maps positions to ids. */
    ID_MAP,
    /** Stored beside the codes: IVF inverted lists, binary hash buckets. */
    IVF_LISTS,
    /** None stored: the i-th vector added has id i ({@code 0..ntotal-1}). */
    POSITIONAL
}
