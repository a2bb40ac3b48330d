package io.milvusdm.format.faiss;

import java.io.IOException;

/**
 * {@code IndexBinaryIVF}: binary vectors, packed bits, in inverted lists with their ids.
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li><b>[fourcc]</b> {@code IBwF}</li>
 *   <li>the binary IVF header ({@link IvfHeader}: binary header, nlist, nprobe, binary quantizer, direct map)</li>
 *   <li>the inverted lists ({@link InvertedListsReader}), code_size = d / 8</li>
 * </ul>
 * See <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L3380-L3384">index_read.cpp</a>.
 *
 * @param ivf the IVF header
 * @param lists the inverted lists
 */
public record FaissIndexBinaryIVF(String fourcc, long offset, IvfHeader ivf, InvertedLists lists)
        implements FaissIndexIVF {

    public static final String IBWF = "IBwF";

    static FaissIndexBinaryIVF read(FaissParser p, String fourcc, long offset) throws IOException {
        IvfHeader ivf = IvfHeader.read(p, true, false);
        long at = p.in().position();
        InvertedLists lists = InvertedListsReader.read(p, ivf.nlist(), ivf.header().vectorBytes());
        ivf.checkTotal(p, lists, 0, at);
        return new FaissIndexBinaryIVF(fourcc, offset, ivf, lists);
    }

    @Override
    public FaissNode describe() {
        return describeIvf("IndexBinaryIVF", "bits", lists.codeSize());
    }
}
