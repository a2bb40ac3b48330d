package io.milvusdm.format.faiss;

import java.io.IOException;

/**
 * {@code IndexIVFFlat}: the vectors themselves, float32, kept in inverted lists with their ids.
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li><b>[fourcc]</b> {@code IwFl}; legacy {@code IvFL} (2017-09..2018-02) and {@code IvFl} (2017-02..09)</li>
 *   <li>the IVF header ({@link IvfHeader}; the legacy ones carry the per-list ids)</li>
 *   <li>{@code IwFl}: the inverted lists ({@link InvertedListsReader}), code_size = d × 4</li>
 *   <li>legacy: nlist × codes, <b>[vector&lt;uint8&gt;]</b> ({@code IvFL}) or <b>[vector&lt;float32&gt;]</b>
 *       ({@code IvFl})</li>
 * </ul>
 * See <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L2079-L2118">legacy</a> and <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L2158-L2163">IwFl</a>.
 *
 * @param ivf the IVF header
 * @param lists the inverted lists (codes are the raw vectors, never residuals)
 */
public record FaissIndexIVFFlat(String fourcc, long offset, IvfHeader ivf, InvertedLists lists)
        implements FaissIndexIVF {

    public static final String IWFL = "IwFl";
    public static final String IVFL_LEGACY_BYTES = "IvFL";
    public static final String IVFL_LEGACY_FLOATS = "IvFl";

    static FaissIndexIVFFlat read(FaissParser p, String fourcc, long offset) throws IOException {
        boolean legacy = !fourcc.equals(IWFL);
        IvfHeader ivf = IvfHeader.read(p, false, legacy);
        long at = p.in().position();
        long codeSize = ivf.header().vectorBytes();
        InvertedLists lists = legacy
                ? InvertedListsReader.readLegacy(p, ivf, codeSize, fourcc.equals(IVFL_LEGACY_BYTES) ? 1 : Float.BYTES)
                : InvertedListsReader.read(p, ivf.nlist(), codeSize);
        ivf.checkTotal(p, lists, 0, at);
        return new FaissIndexIVFFlat(fourcc, offset, ivf, lists);
    }

    @Override
    public FaissNode describe() {
        return describeIvf("IndexIVFFlat", "float32", lists.codeSize());
    }
}
