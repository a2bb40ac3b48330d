package io.milvusdm.format.faiss;

import java.io.IOException;
import java.util.List;

/**
 * {@code IndexBinaryIDMap} / {@code IndexBinaryIDMap2}: a binary sub-index and the ids of its positions.
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li><b>[fourcc]</b> {@code IBMp} or {@code IBM2}</li>
 *   <li>the binary index header ({@link FaissHeader})</li>
 *   <li>the binary sub-index</li>
 *   <li><b>[vector&lt;int64&gt;]</b> id_map: ntotal ids</li>
 * </ul>
 * See <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L3438-L3462">index_read.cpp</a>.
 *
 * @param index the binary sub-index
 * @param ids ntotal int64 ids
 */
public record FaissIndexBinaryIDMap(String fourcc, long offset, FaissHeader header, FaissIndex index, Section ids)
        implements FaissIndex {

    public static final String IBMP = "IBMp";
    public static final String IBM2 = "IBM2";

    static FaissIndexBinaryIDMap read(FaissParser p, String fourcc, long offset) throws IOException {
        FaissHeader header = FaissHeader.readBinary(p);
        long at = p.in().position();
        FaissIndex index = p.readBinaryIndex();
        if (index == null) {
            throw p.corrupt("the id map's sub-index is null", at);
        }
        FaissIndexIDMap.checkSub(p, header, index, at);
        long idsAt = p.in().position();
        Section ids = p.vector(Long.BYTES, "id map");
        if (ids.length() / Long.BYTES != header.ntotal()) {
            throw p.corrupt("ids count " + ids.length() / Long.BYTES + " != vectors count " + header.ntotal(), idsAt);
        }
        return new FaissIndexBinaryIDMap(fourcc, offset, header, index, ids);
    }

    @Override
    public List<FaissIndex> children() {
        return List.of(index);
    }

    @Override
    public FaissNode describe() {
        return FaissNode.of(this, fourcc.equals(IBM2) ? "IndexBinaryIDMap2" : "IndexBinaryIDMap");
    }
}
