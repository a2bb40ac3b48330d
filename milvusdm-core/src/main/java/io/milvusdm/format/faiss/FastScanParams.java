package io.milvusdm.format.faiss;

/**
 * The packing of 4-bit PQ fast-scan codes: blocks of {@code bbs} vectors, {@code m2} (M rounded up to even)
 * sub-codes each, nibbles interleaved as {@code pq4_get_packed_element} reads them.
 *
 * @param implem the search implementation number
 * @param bbs vectors per block
 * @param qbs the query batch size (an int32 in IPfs, a uint64 {@code qbs2} in IwPf)
 * @param ntotal2 ntotal rounded up to a multiple of bbs (IPfs only; 0 for IwPf)
 * @param m2 M rounded up to even
 */
public record FastScanParams(int implem, int bbs, long qbs, long ntotal2, long m2) {
}
