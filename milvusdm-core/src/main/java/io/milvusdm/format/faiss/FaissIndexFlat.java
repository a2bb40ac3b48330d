package io.milvusdm.format.faiss;

import java.io.IOException;

/**
 * {@code IndexFlat}: the vectors themselves, float32, row-major.
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li><b>[fourcc]</b> {@code IxF2} (IndexFlatL2, also IndexFlat1D), {@code IxFI} (IndexFlatIP) or
 *       {@code IxFl} (IndexFlat with any other metric)</li>
 *   <li>the index header ({@link FaissHeader})</li>
 *   <li><b>[uint64]</b> nfloats (= ntotal × d), then nfloats × <b>[float32]</b>: vector i at {@code i*d*4}</li>
 * </ul>
 * Ids are positional ({@code 0..ntotal-1}). See <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L1729-L1748">index_read.cpp</a>.
 *
 * @param vectors ntotal × d float32 values
 */
public record FaissIndexFlat(String fourcc, long offset, FaissHeader header, Section vectors)
        implements FaissIndex {

    public static final String IXF2 = "IxF2";
    public static final String IXFI = "IxFI";
    public static final String IXFL = "IxFl";

    static FaissIndexFlat read(FaissParser p, String fourcc, long offset) throws IOException {
        FaissHeader header = FaissHeader.read(p);
        long at = p.in().position();
        long floats = p.product(header.ntotal(), header.d(), "ntotal x d", at);
        Section vectors = p.vector(Float.BYTES, floats, "flat vector floats");
        return new FaissIndexFlat(fourcc, offset, header, vectors);
    }

    @Override
    public FaissNode describe() {
        String name = switch (fourcc) {
            case IXF2 -> "IndexFlatL2";
            case IXFI -> "IndexFlatIP";
            default -> "IndexFlat";
        };
        return FaissNode.of(this, name).withCode("float32", header.vectorBytes());
    }
}
