package io.milvusdm.format.faiss;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code IndexPreTransform}: a chain of vector transforms applied before a sub-index; the sub-index stores
 * {@code y = T[n-1](...T[0](x))}, so reading x back means decoding the sub-index and inverting the chain in
 * reverse order.
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li><b>[fourcc]</b> {@code IxPT}</li>
 *   <li>the index header ({@link FaissHeader})</li>
 *   <li><b>[int32]</b> nt, then nt transforms ({@link TransformParams}), chain[0] first</li>
 *   <li>the sub-index</li>
 * </ul>
 * Ids are the sub-index's. See <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L2358-L2408">index_read.cpp</a>.
 *
 * @param chain the transforms, in the order they are applied
 * @param index the sub-index
 */
public record FaissIndexPreTransform(String fourcc, long offset, FaissHeader header, List<TransformParams> chain,
                                     FaissIndex index) implements FaissIndex {

    public static final String IXPT = "IxPT";

    public FaissIndexPreTransform {
        chain = List.copyOf(chain);
    }

    static FaissIndexPreTransform read(FaissParser p, String fourcc, long offset) throws IOException {
        FaissHeader header = FaissHeader.read(p);
        long at = p.in().position();
        int nt = p.in().readInt();
        if (nt < 0 || nt > p.in().remaining() / 9) {
            throw p.corrupt("transform chain length " + nt, at);
        }
        List<TransformParams> chain = new ArrayList<>();
        int d = header.d();
        for (int i = 0; i < nt; i++) {
            long tAt = p.in().position();
            TransformParams t = VectorTransformReader.read(p, 0);
            if (t.dIn() != d) {
                throw p.corrupt("transform " + i + " (" + t.fourcc() + ") d_in " + t.dIn() + " != " + d, tAt);
            }
            d = t.dOut();
            chain.add(t);
        }
        long subAt = p.in().position();
        FaissIndex index = p.readIndex();
        if (index == null) {
            throw p.corrupt("IndexPreTransform sub-index is null", subAt);
        }
        if (index.header().d() != d || index.header().ntotal() != header.ntotal()) {
            throw p.corrupt("sub-index d " + index.header().d() + ", ntotal " + index.header().ntotal()
                    + " != transformed d " + d + ", ntotal " + header.ntotal(), subAt);
        }
        return new FaissIndexPreTransform(fourcc, offset, header, chain, index);
    }

    @Override
    public List<FaissIndex> children() {
        return List.of(index);
    }

    @Override
    public FaissNode describe() {
        return FaissNode.of(this, "IndexPreTransform");
    }
}
