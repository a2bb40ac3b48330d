package io.milvusdm.format.faiss;

import java.io.IOException;

/**
 * {@code IndexPQ}: one product-quantized code per vector; decoding needs {@link PqParams}.
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li><b>[fourcc]</b> {@code IxPq}</li>
 *   <li>the index header ({@link FaissHeader})</li>
 *   <li>the product quantizer ({@link PqParams})</li>
 *   <li><b>[vector&lt;uint8&gt;]</b> codes: ntotal × code_size bytes</li>
 *   <li><b>[int32]</b> search_type, <b>[uint8]</b> encode_signs, <b>[int32]</b> polysemous_ht</li>
 * </ul>
 * Ids are positional. See <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L1792-L1821">index_read.cpp</a>.
 *
 * @param pq the quantizer
 * @param codes the codes
 */
public record FaissIndexPQ(String fourcc, long offset, FaissHeader header, PqParams pq, Section codes)
        implements FaissIndex {

    public static final String IXPQ = "IxPq";

    static FaissIndexPQ read(FaissParser p, String fourcc, long offset) throws IOException {
        FaissHeader header = FaissHeader.read(p);
        PqParams pq = PqParams.read(p, header.d());
        long at = p.in().position();
        Section codes = p.vector(1, p.product(header.ntotal(), pq.codeSize(), "ntotal x code_size", at), "PQ codes");
        p.in().readInt();
        p.readBool("encode_signs");
        p.in().readInt();
        return new FaissIndexPQ(fourcc, offset, header, pq, codes);
    }

    @Override
    public FaissNode describe() {
        return FaissNode.of(this, "IndexPQ").withCode(pq.describe(), pq.codeSize());
    }
}
