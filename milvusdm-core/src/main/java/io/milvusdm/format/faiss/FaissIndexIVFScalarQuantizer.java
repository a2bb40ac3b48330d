package io.milvusdm.format.faiss;

import java.io.IOException;

/**
 * {@code IndexIVFScalarQuantizer}: scalar-quantized codes in inverted lists; with {@code byResidual} a code holds
 * the vector minus its list's centroid (from the quantizer).
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li><b>[fourcc]</b> {@code IwSq}, or {@code IwSQ} (2018-02..v1.5.0: no by_residual byte, implied true)</li>
 *   <li>the IVF header ({@link IvfHeader})</li>
 *   <li>the scalar quantizer ({@link SqParams}), then <b>[uint64]</b> code_size (= the quantizer's)</li>
 *   <li>{@code IwSq} only: <b>[uint8]</b> by_residual</li>
 *   <li>the inverted lists ({@link InvertedListsReader})</li>
 * </ul>
 * See <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L2258-L2271">index_read.cpp</a>.
 *
 * @param ivf the IVF header (its quantizer holds the centroids)
 * @param sq the scalar quantizer
 * @param byResidual whether codes are residuals from the list's centroid
 * @param lists the codes, per list
 */
public record FaissIndexIVFScalarQuantizer(String fourcc, long offset, IvfHeader ivf, SqParams sq,
                                           boolean byResidual, InvertedLists lists) implements FaissIndexIVF {

    public static final String IWSQ = "IwSq";
    public static final String IWSQ_RESIDUAL_IMPLIED = "IwSQ";

    static FaissIndexIVFScalarQuantizer read(FaissParser p, String fourcc, long offset) throws IOException {
        IvfHeader ivf = IvfHeader.read(p, false, false);
        SqParams sq = SqParams.read(p, ivf.header());
        long at = p.in().position();
        long codeSize = p.in().readLong();
        if (codeSize != sq.codeSize()) {
            throw p.corrupt("code_size " + Long.toUnsignedString(codeSize) + " != quantizer code_size "
                    + sq.codeSize(), at);
        }
        boolean byResidual = fourcc.equals(IWSQ_RESIDUAL_IMPLIED) || p.readBool("by_residual");
        long listsAt = p.in().position();
        InvertedLists lists = InvertedListsReader.read(p, ivf.nlist(), codeSize);
        ivf.checkTotal(p, lists, 0, listsAt);
        return new FaissIndexIVFScalarQuantizer(fourcc, offset, ivf, sq, byResidual, lists);
    }

    @Override
    public FaissNode describe() {
        return describeIvf("IndexIVFScalarQuantizer", sq.describe(), sq.codeSize());
    }
}
