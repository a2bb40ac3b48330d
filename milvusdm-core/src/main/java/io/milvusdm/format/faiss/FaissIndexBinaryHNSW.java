package io.milvusdm.format.faiss;

import java.io.IOException;
import java.util.List;

/**
 * {@code IndexBinaryHNSW}: an HNSW graph over an {@code IndexBinaryFlat} storage; vectors come from the storage.
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li><b>[fourcc]</b> {@code IBHf}</li>
 *   <li>the binary index header ({@link FaissHeader})</li>
 *   <li>the graph ({@link HnswGraph})</li>
 *   <li>the storage: a nested {@code IBxF} with the same d and ntotal</li>
 * </ul>
 * Ids are positional. See <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L3393-L3413">index_read.cpp</a>.
 *
 * @param graph the graph
 * @param storage the binary flat storage
 */
public record FaissIndexBinaryHNSW(String fourcc, long offset, FaissHeader header, HnswGraph graph,
                                   FaissIndex storage) implements FaissIndex {

    public static final String IBHF = "IBHf";

    static FaissIndexBinaryHNSW read(FaissParser p, String fourcc, long offset) throws IOException {
        FaissHeader header = FaissHeader.readBinary(p);
        HnswGraph graph = HnswGraph.read(p, header.ntotal());
        long at = p.in().position();
        FaissIndex storage = p.readBinaryIndex();
        if (!(storage instanceof FaissIndexBinaryFlat)) {
            throw p.corrupt("binary HNSW storage must be an IndexBinaryFlat, found "
                    + (storage == null ? "null" : storage.fourcc()), at);
        }
        FaissIndexIDMap.checkSub(p, header, storage, at);
        return new FaissIndexBinaryHNSW(fourcc, offset, header, graph, storage);
    }

    @Override
    public List<FaissIndex> children() {
        return List.of(storage);
    }

    @Override
    public FaissNode describe() {
        return FaissNode.of(this, "IndexBinaryHNSW");
    }
}
