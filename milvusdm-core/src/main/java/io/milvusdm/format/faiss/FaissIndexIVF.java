package io.milvusdm.format.faiss;

import java.util.List;

/**
 * The IVF indexes (Faiss's {@code IndexIVF} subclasses, and {@code IndexBinaryIVF}): everything before their codes
 * is the {@link IvfHeader}, which gives their header and their one child (the coarse quantizer), and their codes
 * are in {@link InvertedLists}. Each type adds only what it stores beside the lists.
 */
public sealed interface FaissIndexIVF extends FaissIndex permits FaissIndexIVFFlat, FaissIndexIVFFlatDedup,
        FaissIndexIVFScalarQuantizer, FaissIndexIVFPQ, FaissIndexIVFPQFastScan, FaissIndexBinaryIVF {

    /** The IVF header: index header, nlist, nprobe, quantizer, direct map. */
    IvfHeader ivf();

    /** The codes (or vectors) and ids, per list. */
    InvertedLists lists();

    @Override
    default FaissHeader header() {
        return ivf().header();
    }

    @Override
    default List<FaissIndex> children() {
        return ivf().children();
    }

    /** The description node of an IVF index of Faiss class {@code faissClass} whose entries are {@code codeType}. */
    default FaissNode describeIvf(String faissClass, String codeType, long codeSize) {
        return FaissNode.of(this, faissClass).withCode(codeType, codeSize)
                .withLists(ivf().nlist(), ivf().directMap().kind(), lists().encoding());
    }
}
