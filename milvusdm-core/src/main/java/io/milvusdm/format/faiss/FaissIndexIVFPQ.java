package io.milvusdm.format.faiss;

import java.io.IOException;

/**
 * {@code IndexIVFPQ}: product-quantized codes in inverted lists; with {@code byResidual} (the default) a code
 * holds the vector minus its list's centroid.
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li><b>[fourcc]</b> {@code IwPQ}</li>
 *   <li>the IVF header ({@link IvfHeader})</li>
 *   <li><b>[uint8]</b> by_residual, <b>[uint64]</b> code_size</li>
 *   <li>the product quantizer ({@link PqParams})</li>
 *   <li>the inverted lists ({@link InvertedListsReader})</li>
 * </ul>
 * See <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L1595-L1658">read_ivfpq</a>.
 *
 * @param ivf the IVF header (its quantizer holds the centroids)
 * @param byResidual whether codes are residuals from the list's centroid
 * @param pq the product quantizer
 * @param lists the codes, per list
 */
public record FaissIndexIVFPQ(String fourcc, long offset, IvfHeader ivf, boolean byResidual, PqParams pq,
                              InvertedLists lists) implements FaissIndexIVF {

    public static final String IWPQ = "IwPQ";

    static FaissIndexIVFPQ read(FaissParser p, String fourcc, long offset) throws IOException {
        IvfHeader ivf = IvfHeader.read(p, false, false);
        boolean byResidual = p.readBool("by_residual");
        long at = p.in().position();
        long codeSize = p.in().readLong();
        PqParams pq = PqParams.read(p, ivf.header().d());
        if (codeSize != pq.codeSize()) {
            throw p.corrupt("code_size " + Long.toUnsignedString(codeSize) + " != PQ code size " + pq.codeSize(), at);
        }
        long listsAt = p.in().position();
        InvertedLists lists = InvertedListsReader.read(p, ivf.nlist(), codeSize);
        ivf.checkTotal(p, lists, 0, listsAt);
        return new FaissIndexIVFPQ(fourcc, offset, ivf, byResidual, pq, lists);
    }

    @Override
    public FaissNode describe() {
        return describeIvf("IndexIVFPQ", pq.describe(), pq.codeSize());
    }
}
