package io.milvusdm.format.faiss;

import java.io.IOException;
import java.util.List;

/**
 * {@code IndexRefine} / {@code IndexRefineFlat}: a base index searched first and a refine index holding the same
 * vectors more precisely, both numbered 0..ntotal-1. Vectors come from the refine index: exact when it is an
 * {@code IndexFlat} (IndexRefineFlat), decoded otherwise.
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li><b>[fourcc]</b> {@code IxRF}</li>
 *   <li>the index header ({@link FaissHeader})</li>
 *   <li>the base index, then the refine index: two nested indexes with the same ntotal</li>
 *   <li><b>[float32]</b> k_factor</li>
 * </ul>
 * Ids are positional (the base's search labels index the refine index). See
 * <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L2414-L2443">index_read.cpp</a>.
 *
 * @param base the base index
 * @param refine the refine index
 * @param kFactor how many more candidates the base returns
 */
public record FaissIndexRefine(String fourcc, long offset, FaissHeader header, FaissIndex base, FaissIndex refine,
                               float kFactor) implements FaissIndex {

    public static final String IXRF = "IxRF";

    static FaissIndexRefine read(FaissParser p, String fourcc, long offset) throws IOException {
        FaissHeader header = FaissHeader.read(p);
        long at = p.in().position();
        FaissIndex base = p.readIndex();
        long refineAt = p.in().position();
        FaissIndex refine = p.readIndex();
        if (base == null || refine == null) {
            throw p.corrupt("IndexRefine " + (base == null ? "base" : "refine") + " index is null", at);
        }
        FaissIndexIDMap.checkSub(p, header, base, at);
        FaissIndexIDMap.checkSub(p, header, refine, refineAt);
        float kFactor = p.in().readFloat();
        return new FaissIndexRefine(fourcc, offset, header, base, refine, kFactor);
    }

    @Override
    public List<FaissIndex> children() {
        return List.of(base, refine);
    }

    @Override
    public FaissNode describe() {
        return FaissNode.of(this, refine instanceof FaissIndexFlat ? "IndexRefineFlat" : "IndexRefine");
    }
}
