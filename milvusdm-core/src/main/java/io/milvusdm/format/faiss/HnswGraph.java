package io.milvusdm.format.faiss;

import java.io.IOException;

/**
 * An HNSW graph, recorded as sections and skipped: reading vectors never needs it.
 *
 * <h2>Layout ({@code write_HNSW})</h2>
 * <ul>
 *   <li><b>[vector&lt;float64&gt;]</b> assign_probas</li>
 *   <li><b>[vector&lt;int32&gt;]</b> cum_nneighbor_per_level</li>
 *   <li><b>[vector&lt;int32&gt;]</b> levels: ntotal values</li>
 *   <li><b>[vector&lt;uint64&gt;]</b> offsets: ntotal + 1 values</li>
 *   <li><b>[vector&lt;int32&gt;]</b> neighbors</li>
 *   <li><b>[int32]</b> entry_point, max_level, efConstruction, efSearch, upper_beam (unused)</li>
 * </ul>
 * See <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L1293-L1310">read_HNSW</a>.
 *
 * @param levels ntotal int32 levels
 * @param neighbors the neighbor lists
 * @param entryPoint the entry node
 * @param maxLevel the top level
 */
public record HnswGraph(Section levels, Section neighbors, int entryPoint, int maxLevel) {

    static HnswGraph read(FaissParser p, long ntotal) throws IOException {
        p.vector(Double.BYTES, "HNSW assign_probas");
        p.vector(Integer.BYTES, "HNSW cum_nneighbor_per_level");
        Section levels = p.vector(Integer.BYTES, ntotal, "HNSW levels");
        if (ntotal == Long.MAX_VALUE) {
            throw p.corrupt("ntotal " + ntotal + " has no HNSW offsets", levels.offset());
        }
        p.vector(Long.BYTES, ntotal + 1, "HNSW offsets");
        Section neighbors = p.vector(Integer.BYTES, "HNSW neighbors");
        int entryPoint = p.in().readInt();
        int maxLevel = p.in().readInt();
        p.in().skip(3L * Integer.BYTES, "HNSW efConstruction, efSearch, upper_beam");
        return new HnswGraph(levels, neighbors, entryPoint, maxLevel);
    }
}
