package io.milvusdm.format.faiss;

import java.io.IOException;
import java.util.List;

/**
 * {@code IndexHNSWFlat} / {@code IndexHNSWSQ} / {@code IndexHNSWPQ}: an HNSW graph over a storage index that
 * holds the vectors (flat, scalar- or product-quantized). The graph is skipped; vectors come from the storage.
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li><b>[fourcc]</b> {@code IHNf} (flat storage), {@code IHNs} (SQ storage) or {@code IHNp} (PQ storage)</li>
 *   <li>the index header ({@link FaissHeader})</li>
 *   <li>the graph ({@link HnswGraph})</li>
 *   <li>the storage: a nested index with the same d and ntotal, or {@code null} when it was written with
 *       {@code IO_FLAG_SKIP_STORAGE}</li>
 * </ul>
 * Ids are positional. See <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L2501-L2594">index_read.cpp</a>.
 *
 * @param graph the graph
 * @param storage the storage index, or {@code null}
 */
public record FaissIndexHNSW(String fourcc, long offset, FaissHeader header, HnswGraph graph, FaissIndex storage)
        implements FaissIndex {

    public static final String IHNF = "IHNf";
    public static final String IHNS = "IHNs";
    public static final String IHNP = "IHNp";

    static FaissIndexHNSW read(FaissParser p, String fourcc, long offset) throws IOException {
        FaissHeader header = FaissHeader.read(p);
        HnswGraph graph = HnswGraph.read(p, header.ntotal());
        long at = p.in().position();
        FaissIndex storage = p.readIndex();
        if (storage != null) {
            FaissIndexIDMap.checkSub(p, header, storage, at);
        }
        return new FaissIndexHNSW(fourcc, offset, header, graph, storage);
    }

    @Override
    public List<FaissIndex> children() {
        return storage == null ? List.of() : List.of(storage);
    }

    @Override
    public FaissNode describe() {
        String name = switch (fourcc) {
            case IHNS -> "IndexHNSWSQ";
            case IHNP -> "IndexHNSWPQ";
            default -> "IndexHNSWFlat";
        };
        return FaissNode.of(this, name);
    }
}
