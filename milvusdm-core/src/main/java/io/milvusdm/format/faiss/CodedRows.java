package io.milvusdm.format.faiss;

import java.util.ArrayList;
import java.util.List;

/**
 * How the rows of a {@link FaissReadPlan} turn into float vectors when they are not float32 rows to copy: the
 * storage's codes (or float32 rows) at the inner dimension, the list's coarse centroid added back for residual
 * codes, then the pre-transform chain undone. A description only: {@link FaissDecoder} loads the parameters.
 *
 * @param storage what the stored rows are
 * @param innerD the dimension of the stored rows (the output dimension when the chain is empty)
 * @param sq the scalar quantizer (SQ only)
 * @param pq the product quantizer (PQ and PQ fast scan)
 * @param bbs rows per packed block (PQ fast scan), else 1
 * @param centroids the coarse quantizer's nlist × innerD float32 rows when the codes are residuals, else {@code null}
 * @param chain the pre-transforms in the order faiss applies them (outermost index's first); empty when none
 */
record CodedRows(Storage storage, int innerD, SqParams sq, PqParams pq, int bbs, Section centroids,
                 List<TransformParams> chain) {

    /** The kinds of stored rows. */
    enum Storage { FLOAT, SQ, PQ, PQ_FAST_SCAN }

    CodedRows {
        chain = List.copyOf(chain);
    }

    static CodedRows floats(int d) {
        return new CodedRows(Storage.FLOAT, d, null, null, 1, null, List.of());
    }

    static CodedRows sq(SqParams sq, Section centroids) {
        return new CodedRows(Storage.SQ, sq.d(), sq, null, 1, centroids, List.of());
    }

    static CodedRows pq(PqParams pq, Section centroids) {
        return new CodedRows(Storage.PQ, pq.d(), null, pq, 1, centroids, List.of());
    }

    static CodedRows fastScan(PqParams pq, int bbs, Section centroids) {
        return new CodedRows(Storage.PQ_FAST_SCAN, pq.d(), null, pq, bbs, centroids, List.of());
    }

    /** These rows behind an outer {@code IndexPreTransform}'s chain, applied before this one's. */
    CodedRows behind(List<TransformParams> outer) {
        List<TransformParams> all = new ArrayList<>(outer);
        all.addAll(chain);
        return new CodedRows(storage, innerD, sq, pq, bbs, centroids, all);
    }

    /** The dimension of the decoded vectors: the first transform's input, else the storage's. */
    int outerD() {
        return chain.isEmpty() ? innerD : chain.get(0).dIn();
    }

    /** Bytes of one stored row; for fast scan the unpacked PQ code (the rows are stored in blocks of bbs). */
    long rowBytes() {
        return switch (storage) {
            case FLOAT -> 4L * innerD;
            case SQ -> sq.codeSize();
            case PQ, PQ_FAST_SCAN -> pq.codeSize();
        };
    }

    /** {@code "Pcam>PQ 6x8 residual"}: the chain, then the storage. */
    String codec() {
        StringBuilder name = new StringBuilder();
        for (TransformParams t : chain) {
            name.append(t.fourcc()).append('>');
        }
        name.append(switch (storage) {
            case FLOAT -> "float32";
            case SQ -> sq.describe();
            case PQ -> pq.describe();
            case PQ_FAST_SCAN -> pq.describe() + " fast-scan bbs " + bbs;
        });
        return centroids == null ? name.toString() : name + " residual";
    }
}
