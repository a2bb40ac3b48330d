package io.milvusdm.format.faiss;

import java.io.IOException;

/**
 * {@code IndexBinaryFlat}: the binary vectors themselves, packed bits, {@code d/8} bytes a vector.
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li><b>[fourcc]</b> {@code IBxF}</li>
 *   <li>the binary index header ({@link FaissHeader})</li>
 *   <li><b>[vector&lt;uint8&gt;]</b> xb: ntotal × code_size bytes</li>
 * </ul>
 * Ids are positional. See <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L3369-L3379">index_read.cpp</a>.
 *
 * @param vectors ntotal × d/8 bytes
 */
public record FaissIndexBinaryFlat(String fourcc, long offset, FaissHeader header, Section vectors)
        implements FaissIndex {

    public static final String IBXF = "IBxF";

    static FaissIndexBinaryFlat read(FaissParser p, String fourcc, long offset) throws IOException {
        FaissHeader header = FaissHeader.readBinary(p);
        long at = p.in().position();
        long bytes = p.product(header.ntotal(), header.vectorBytes(), "ntotal x code_size", at);
        return new FaissIndexBinaryFlat(fourcc, offset, header, p.vector(1, bytes, "binary vector bytes"));
    }

    @Override
    public FaissNode describe() {
        return FaissNode.of(this, "IndexBinaryFlat").withCode("bits", header.vectorBytes());
    }
}
