package io.milvusdm.format.faiss;

import java.io.IOException;

/**
 * {@code IndexPQFastScan}: 4-bit PQ codes packed in blocks for SIMD search; decoding needs {@link PqParams} and
 * the packing ({@link FastScanParams}).
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li><b>[fourcc]</b> {@code IPfs}</li>
 *   <li>the index header ({@link FaissHeader})</li>
 *   <li>the product quantizer ({@link PqParams}, nbits 4)</li>
 *   <li><b>[int32]</b> implem, <b>[int32]</b> bbs, <b>[int32]</b> qbs, <b>[uint64]</b> ntotal2,
 *       <b>[uint64]</b> M2</li>
 *   <li><b>[vector&lt;uint8&gt;]</b> codes: ntotal2 / bbs blocks of bbs × M2 / 2 bytes</li>
 * </ul>
 * Ids are positional. See <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L2668-L2694">index_read.cpp</a>.
 *
 * @param pq the quantizer
 * @param packing the block packing
 * @param codes the packed codes
 */
public record FaissIndexPQFastScan(String fourcc, long offset, FaissHeader header, PqParams pq,
                                   FastScanParams packing, Section codes) implements FaissIndex {

    public static final String IPFS = "IPfs";

    static FaissIndexPQFastScan read(FaissParser p, String fourcc, long offset) throws IOException {
        FaissHeader header = FaissHeader.read(p);
        PqParams pq = PqParams.read(p, header.d());
        long at = p.in().position();
        int implem = p.in().readInt();
        int bbs = p.in().readInt();
        int qbs = p.in().readInt();
        long ntotal2 = p.in().readLong();
        long m2 = p.in().readLong();
        checkPacking(p, pq, bbs, m2, at);
        if (ntotal2 < header.ntotal() || ntotal2 % bbs != 0) {
            throw p.corrupt("ntotal2 " + ntotal2 + " is not ntotal " + header.ntotal() + " rounded up to " + bbs,
                    at + 12);
        }
        Section codes = p.vector(1, p.product(ntotal2, m2 / 2, "ntotal2 x M2/2", at), "fast-scan codes");
        return new FaissIndexPQFastScan(fourcc, offset, header, pq,
                new FastScanParams(implem, bbs, qbs, ntotal2, m2), codes);
    }

    static void checkPacking(FaissParser p, PqParams pq, long bbs, long m2, long at) throws IOException {
        if (pq.nbits() != 4) {
            throw p.corrupt("fast-scan PQ nbits " + pq.nbits() + " != 4", at);
        }
        if (bbs <= 0 || bbs % 32 != 0 || m2 != (pq.m() + 1) / 2 * 2L) {
            throw p.corrupt("fast-scan bbs " + bbs + " (a positive multiple of 32) or M2 " + m2 + " (M " + pq.m()
                    + " rounded up to even) is wrong", at);
        }
    }

    @Override
    public FaissNode describe() {
        return FaissNode.of(this, "IndexPQFastScan").withCode(pq.describe() + " fast-scan", pq.codeSize());
    }
}
