package io.milvusdm.format.faiss;

import java.io.IOException;

/**
 * {@code IndexScalarQuantizer}: one scalar-quantized code per vector; decoding needs {@link SqParams}.
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li><b>[fourcc]</b> {@code IxSQ}</li>
 *   <li>the index header ({@link FaissHeader})</li>
 *   <li>the scalar quantizer ({@link SqParams})</li>
 *   <li><b>[vector&lt;uint8&gt;]</b> codes: ntotal × code_size bytes, vector i at {@code i*code_size}</li>
 * </ul>
 * Ids are positional. See <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L2164-L2170">index_read.cpp</a>.
 *
 * @param sq the quantizer
 * @param codes the codes
 */
public record FaissIndexScalarQuantizer(String fourcc, long offset, FaissHeader header, SqParams sq,
                                        Section codes) implements FaissIndex {

    public static final String IXSQ = "IxSQ";

    static FaissIndexScalarQuantizer read(FaissParser p, String fourcc, long offset) throws IOException {
        FaissHeader header = FaissHeader.read(p);
        SqParams sq = SqParams.read(p, header);
        long at = p.in().position();
        Section codes = p.vector(1, p.product(header.ntotal(), sq.codeSize(), "ntotal x code_size", at), "SQ codes");
        return new FaissIndexScalarQuantizer(fourcc, offset, header, sq, codes);
    }

    @Override
    public FaissNode describe() {
        return FaissNode.of(this, "IndexScalarQuantizer").withCode(sq.describe(), sq.codeSize());
    }
}
