package io.milvusdm.format.faiss;

import java.io.IOException;
import java.util.List;

/**
 * {@code IndexIDMap} / {@code IndexIDMap2}: a sub-index numbering its vectors 0..ntotal-1 (for an IVF
 * sub-index, the lists hold these positions), and the user ids of those positions.
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li><b>[fourcc]</b> {@code IxMp} (IndexIDMap) or {@code IxM2} (IndexIDMap2: same bytes)</li>
 *   <li>the index header ({@link FaissHeader})</li>
 *   <li>the sub-index: a whole nested index with the same ntotal</li>
 *   <li><b>[vector&lt;int64&gt;]</b> id_map: ntotal ids, {@code id_map[i]} is the id of position i</li>
 * </ul>
 * See <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L2444-L2469">index_read.cpp</a>.
 *
 * @param index the sub-index
 * @param ids ntotal int64 ids
 */
public record FaissIndexIDMap(String fourcc, long offset, FaissHeader header, FaissIndex index, Section ids)
        implements FaissIndex {

    public static final String IXMP = "IxMp";
    public static final String IXM2 = "IxM2";

    static FaissIndexIDMap read(FaissParser p, String fourcc, long offset) throws IOException {
        FaissHeader header = FaissHeader.read(p);
        long at = p.in().position();
        FaissIndex index = p.readIndex();
        if (index == null) {
            throw p.corrupt("the id map's sub-index is null", at);
        }
        checkSub(p, header, index, at);
        long idsAt = p.in().position();
        Section ids = p.vector(Long.BYTES, "id map");
        if (ids.length() / Long.BYTES != header.ntotal()) {
            throw p.corrupt("ids count " + ids.length() / Long.BYTES + " != vectors count " + header.ntotal(), idsAt);
        }
        return new FaissIndexIDMap(fourcc, offset, header, index, ids);
    }

    static void checkSub(FaissParser p, FaissHeader header, FaissIndex index, long at) throws IOException {
        if (index.header().ntotal() != header.ntotal()) {
            throw p.corrupt("sub-index ntotal " + index.header().ntotal() + " != ntotal " + header.ntotal(), at);
        }
        if (index.header().d() != header.d()) {
            throw p.corrupt("sub-index d " + index.header().d() + " != d " + header.d(), at);
        }
    }

    @Override
    public List<FaissIndex> children() {
        return List.of(index);
    }

    @Override
    public FaissNode describe() {
        return FaissNode.of(this, fourcc.equals(IXM2) ? "IndexIDMap2" : "IndexIDMap");
    }
}
