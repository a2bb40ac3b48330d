package io.milvusdm.format.faiss;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One index of a file's description tree, as {@code milvusdm inspect} shows it.
 *
 * @param fourcc the type as the file holds it
 * @param faissClass Faiss's C++ class name
 * @param offset where the fourcc is
 * @param d the dimension (bits for binary indexes)
 * @param ntotal the vectors the header claims
 * @param metric the metric's name ({@code L2}, {@code IP}, {@code HAMMING}, {@code Lp}...)
 * @param metricArg the metric's argument, 0 when there is none
 * @param nlist the number of inverted lists, for IVF indexes
 * @param codeType how a vector is stored ({@code float32}, {@code bits}, {@code SQ QT_8bit}, {@code PQ 6x8}...),
 *                 or {@code null} for an index that stores no vectors itself
 * @param codeSize the bytes of one stored vector, 0 when {@code codeType} is {@code null}
 * @param directMap the IVF direct map kind ({@code NONE}, {@code ARRAY}, {@code HASHTABLE}), or {@code null}
 * @param listEncoding how inverted lists are stored ({@code ilar/full}, {@code ilar/sprs}, {@code ilod},
 *                     {@code ilbl}, {@code il00}, {@code legacy}, {@code hash buckets}), or {@code null}
 * @param children the nested indexes
 */
public record FaissNode(String fourcc, String faissClass, long offset, int d, long ntotal, String metric,
                        float metricArg, OptionalLong nlist, String codeType, long codeSize, String directMap,
                        String listEncoding, List<FaissNode> children) {

    public FaissNode {
        Objects.requireNonNull(fourcc, "fourcc");
        Objects.requireNonNull(faissClass, "faissClass");
        Objects.requireNonNull(nlist, "nlist");
        children = List.copyOf(children);
    }

    /** A node with the header's fields and nothing else. */
    static FaissNode of(FaissIndex index, String faissClass) {
        FaissHeader h = index.header();
        return new FaissNode(index.fourcc(), faissClass, index.offset(), h.d(), h.ntotal(), h.metricName(),
                h.metricArg(), OptionalLong.empty(), null, 0, null, null,
                index.children().stream().map(FaissIndex::describe).toList());
    }

    FaissNode withCode(String type, long size) {
        return new FaissNode(fourcc, faissClass, offset, d, ntotal, metric, metricArg, nlist, type, size, directMap,
                listEncoding, children);
    }

    FaissNode withLists(long lists, String directMapKind, String encoding) {
        return new FaissNode(fourcc, faissClass, offset, d, ntotal, metric, metricArg, OptionalLong.of(lists),
                codeType, codeSize, directMapKind, encoding, children);
    }
}
