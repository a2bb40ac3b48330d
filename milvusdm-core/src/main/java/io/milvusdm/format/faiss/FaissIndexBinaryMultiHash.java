package io.milvusdm.format.faiss;

import java.io.IOException;
import java.util.List;

/**
 * {@code IndexBinaryMultiHash}: nhash hash maps over an {@code IndexBinaryFlat} storage. The maps hold only
 * positions; the vectors come from the storage, with positional ids.
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li><b>[fourcc]</b> {@code IBHm}</li>
 *   <li>the binary index header ({@link FaissHeader})</li>
 *   <li>the storage: a nested {@code IBxF} with the same ntotal</li>
 *   <li><b>[int32]</b> b, <b>[int32]</b> nhash, <b>[int32]</b> nflip</li>
 *   <li>nhash × (<b>[int32]</b> id_bits, <b>[uint64]</b> sz, <b>[vector&lt;uint8&gt;]</b> buf), skipped</li>
 * </ul>
 * See <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L3479-L3520">index_read.cpp</a>.
 *
 * @param storage the binary flat storage
 * @param nhash the number of hash maps
 */
public record FaissIndexBinaryMultiHash(String fourcc, long offset, FaissHeader header, FaissIndex storage,
                                        int nhash) implements FaissIndex {

    public static final String IBHM = "IBHm";

    static FaissIndexBinaryMultiHash read(FaissParser p, String fourcc, long offset) throws IOException {
        FaissHeader header = FaissHeader.readBinary(p);
        long at = p.in().position();
        FaissIndex storage = p.readBinaryIndex();
        if (!(storage instanceof FaissIndexBinaryFlat)) {
            throw p.corrupt("multi-hash storage must be an IndexBinaryFlat, found "
                    + (storage == null ? "null" : storage.fourcc()), at);
        }
        FaissIndexIDMap.checkSub(p, header, storage, at);
        long hashAt = p.in().position();
        int b = p.in().readInt();
        int nhash = p.in().readInt();
        p.in().readInt();
        if (b <= 0 || nhash <= 0 || (long) b * nhash > header.d() || nhash > p.in().remaining() / 20) {
            throw p.corrupt("multi-hash b " + b + " x nhash " + nhash + " does not fit d " + header.d()
                    + " or the file", hashAt);
        }
        for (int i = 0; i < nhash; i++) {
            p.in().readInt();
            p.in().readLong();
            p.vector(1, "hash map " + i);
        }
        return new FaissIndexBinaryMultiHash(fourcc, offset, header, storage, nhash);
    }

    @Override
    public List<FaissIndex> children() {
        return List.of(storage);
    }

    @Override
    public FaissNode describe() {
        return FaissNode.of(this, "IndexBinaryMultiHash");
    }
}
