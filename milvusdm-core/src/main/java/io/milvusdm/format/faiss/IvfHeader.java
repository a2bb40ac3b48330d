package io.milvusdm.format.faiss;

import java.io.IOException;

/**
 * What every IVF index holds before its codes.
 *
 * <h2>Layout ({@code write_ivf_header})</h2>
 * <ul>
 *   <li>the index header ({@link FaissHeader}; the binary one for binary IVF)</li>
 *   <li><b>[uint64]</b> nlist, <b>[uint64]</b> nprobe</li>
 *   <li>the coarse quantizer: a whole nested index (usually a flat index of nlist centroids)</li>
 *   <li>legacy {@code Iv*} formats only: nlist × <b>[vector&lt;int64&gt;]</b> ids, one vector per list</li>
 *   <li>the {@link DirectMap}</li>
 * </ul>
 * See <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L1521-L1537">
 * read_ivf_header</a>.
 *
 * @param header the index header
 * @param nlist the number of inverted lists
 * @param nprobe the lists searched per query
 * @param quantizer the coarse quantizer, or {@code null} when the file holds Faiss's {@code null}
 * @param legacyIds the per-list id vectors of a legacy format, else {@code null}
 * @param directMap the direct map
 */
public record IvfHeader(FaissHeader header, long nlist, long nprobe, FaissIndex quantizer, Section[] legacyIds,
                        DirectMap directMap) {

    /** The quantizer as a list of children (empty when it is {@code null}). */
    java.util.List<FaissIndex> children() {
        return quantizer == null ? java.util.List.of() : java.util.List.of(quantizer);
    }

    /**
     * Checks that the lists hold {@code ntotal - extra} entries ({@code extra}: Dedup's folded duplicates); a file
     * saved without lists ({@code il00}) holds none to check.
     */
    void checkTotal(FaissParser p, InvertedLists lists, long extra, long at) throws IOException {
        if (lists.encoding().equals("il00")) {
            return;
        }
        long total = extra;
        for (int k = 0; k < lists.count(); k++) {
            total += lists.size(k);
            if (total < 0) {
                throw p.corrupt("list sizes overflow", at);
            }
        }
        if (total != header.ntotal()) {
            throw p.corrupt("list sizes" + (extra > 0 ? " plus " + extra + " duplicates" : "") + " sum to " + total
                    + " != ntotal " + header.ntotal(), at);
        }
    }

    static IvfHeader read(FaissParser p, boolean binary, boolean legacy) throws IOException {
        FaissHeader header = binary ? FaissHeader.readBinary(p) : FaissHeader.read(p);
        long at = p.in().position();
        long nlist = p.in().readLong();
        long nprobe = p.in().readLong();
        if (nlist <= 0 || nlist > Integer.MAX_VALUE) {
            throw p.corrupt("nlist " + Long.toUnsignedString(nlist) + " is not in [1, 2^31)", at);
        }
        FaissIndex quantizer = binary ? p.readBinaryIndex() : p.readIndex();
        Section[] legacyIds = null;
        if (legacy) {
            if (nlist > p.in().remaining() / Long.BYTES) {
                throw p.corrupt("nlist " + nlist + " legacy id lists cannot fit in the rest of the file", at);
            }
            legacyIds = new Section[(int) nlist];
            for (int i = 0; i < nlist; i++) {
                legacyIds[i] = p.vector(Long.BYTES, "ids of list " + i);
            }
        }
        return new IvfHeader(header, nlist, nprobe, quantizer, legacyIds, DirectMap.read(p));
    }
}
