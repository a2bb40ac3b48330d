package io.milvusdm.format.faiss;

import java.io.IOException;

/**
 * {@code IndexIVFPQFastScan}: 4-bit PQ codes in block-packed inverted lists ({@code ilbl}).
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li><b>[fourcc]</b> {@code IwPf}</li>
 *   <li>the IVF header ({@link IvfHeader})</li>
 *   <li><b>[uint8]</b> by_residual, <b>[uint64]</b> code_size, <b>[int32]</b> bbs, <b>[uint64]</b> M2,
 *       <b>[int32]</b> implem, <b>[uint64]</b> qbs2</li>
 *   <li>the product quantizer ({@link PqParams}, nbits 4)</li>
 *   <li>the inverted lists ({@link InvertedListsReader}, {@code ilbl})</li>
 * </ul>
 * See <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L2695-L2722">index_read.cpp</a>.
 *
 * @param ivf the IVF header (its quantizer holds the centroids)
 * @param byResidual whether codes are residuals from the list's centroid
 * @param pq the product quantizer
 * @param packing the block packing
 * @param lists the packed codes, per list
 */
public record FaissIndexIVFPQFastScan(String fourcc, long offset, IvfHeader ivf, boolean byResidual, PqParams pq,
                                      FastScanParams packing, InvertedLists lists) implements FaissIndexIVF {

    public static final String IWPF = "IwPf";

    static FaissIndexIVFPQFastScan read(FaissParser p, String fourcc, long offset) throws IOException {
        IvfHeader ivf = IvfHeader.read(p, false, false);
        boolean byResidual = p.readBool("by_residual");
        long at = p.in().position();
        long codeSize = p.in().readLong();
        int bbs = p.in().readInt();
        long m2 = p.in().readLong();
        int implem = p.in().readInt();
        long qbs2 = p.in().readLong();
        PqParams pq = PqParams.read(p, ivf.header().d());
        FaissIndexPQFastScan.checkPacking(p, pq, bbs, m2, at);
        if (codeSize != pq.codeSize()) {
            throw p.corrupt("code_size " + Long.toUnsignedString(codeSize) + " != PQ code size " + pq.codeSize(), at);
        }
        long listsAt = p.in().position();
        InvertedLists lists = InvertedListsReader.read(p, ivf.nlist(), codeSize);
        ivf.checkTotal(p, lists, 0, listsAt);
        return new FaissIndexIVFPQFastScan(fourcc, offset, ivf, byResidual, pq,
                new FastScanParams(implem, bbs, qbs2, 0, m2), lists);
    }

    @Override
    public FaissNode describe() {
        return describeIvf("IndexIVFPQFastScan", pq.describe() + " fast-scan", pq.codeSize());
    }
}
