package io.milvusdm.format.faiss;

import java.io.IOException;

/**
 * {@code IndexIVFFlatDedup}: an IVF-Flat index that stores each distinct vector once; the ids of the later
 * copies are kept in a table and share the stored vector. Reading emits every id: the stored entries, then each
 * duplicate id with the vector of its stored id.
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li><b>[fourcc]</b> {@code IwFd}</li>
 *   <li>the IVF header ({@link IvfHeader})</li>
 *   <li><b>[vector&lt;int64&gt;]</b> instances: pairs (stored id, duplicate id); ntotal counts the duplicates</li>
 *   <li>the inverted lists ({@link InvertedListsReader}), code_size = d × 4</li>
 * </ul>
 * See <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L2119-L2137">index_read.cpp</a>.
 *
 * @param ivf the IVF header
 * @param instances the (stored id, duplicate id) pairs, 16 bytes each
 * @param lists the inverted lists of the distinct vectors
 */
public record FaissIndexIVFFlatDedup(String fourcc, long offset, IvfHeader ivf, Section instances,
                                     InvertedLists lists) implements FaissIndexIVF {

    public static final String IWFD = "IwFd";

    static FaissIndexIVFFlatDedup read(FaissParser p, String fourcc, long offset) throws IOException {
        IvfHeader ivf = IvfHeader.read(p, false, false);
        long tabAt = p.in().position();
        Section instances = p.vector(Long.BYTES, "dedup instances");
        if (instances.length() % 16 != 0) {
            throw p.corrupt("dedup instances table holds " + instances.length() / Long.BYTES
                    + " values, not pairs", tabAt);
        }
        long at = p.in().position();
        InvertedLists lists = InvertedListsReader.read(p, ivf.nlist(), ivf.header().vectorBytes());
        ivf.checkTotal(p, lists, instances.length() / 16, at);
        return new FaissIndexIVFFlatDedup(fourcc, offset, ivf, instances, lists);
    }

    /** The number of duplicate ids. */
    public long duplicates() {
        return instances.length() / 16;
    }

    @Override
    public FaissNode describe() {
        return describeIvf("IndexIVFFlatDedup", "float32", lists.codeSize());
    }
}
