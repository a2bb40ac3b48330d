package io.milvusdm.format.faiss;

import java.util.List;

/**
 * One parsed Faiss index: its header fields, the nested indexes it holds, and the byte ranges
 * ({@link Section}s) of its payloads. One implementation per Faiss C++ class, named after it; the fourcc
 * → parser table is {@link FaissIndexTypes}.
 */
public sealed interface FaissIndex permits FaissIndexFlat, FaissIndexIDMap, FaissIndexIVF, FaissIndexHNSW,
        FaissIndexRefine, FaissIndexScalarQuantizer, FaissIndexPQ, FaissIndexPQFastScan, FaissIndexPreTransform,
        FaissIndexBinaryFlat, FaissIndexBinaryHNSW, FaissIndexBinaryIDMap, FaissIndexBinaryHash,
        FaissIndexBinaryMultiHash {

    /** The fourcc the file holds for this index. */
    String fourcc();

    /** Where the fourcc is in the file. */
    long offset();

    FaissHeader header();

    /** The nested indexes, in file order (a {@code null} sub-index is left out). */
    default List<FaissIndex> children() {
        return List.of();
    }

    /** The node of the description tree for this index and its children. */
    FaissNode describe();
}
