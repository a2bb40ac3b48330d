package io.milvusdm.format.faiss;

import java.io.IOException;

/**
 * The header every Faiss index starts with, after its fourcc.
 *
 * <h2>Layout of a float index ({@code write_index_header})</h2>
 * <ul>
 *   <li><b>[int32]</b> d: the dimension, in [0, 2^20]</li>
 *   <li><b>[int64]</b> ntotal: the number of vectors</li>
 *   <li><b>[int64]</b> dummy, <b>[int64]</b> dummy: {@code 1<<20}, ignored</li>
 *   <li><b>[uint8]</b> is_trained: 0 or 1</li>
 *   <li><b>[int32]</b> metric_type: 0 IP, 1 L2, 2 L1, 3 Linf, 4 Lp, 20.. others</li>
 *   <li><b>[float32]</b> metric_arg: only when metric_type &gt; 1</li>
 * </ul>
 * <h2>Layout of a binary index ({@code read_index_binary_header})</h2>
 * <ul>
 *   <li><b>[int32]</b> d (bits, a positive multiple of 8), <b>[int32]</b> code_size (= d/8),
 *       <b>[int64]</b> ntotal, <b>[uint8]</b> is_trained, <b>[int32]</b> metric_type. No dummies, no metric_arg.</li>
 * </ul>
 * See <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L283-L302">
 * read_index_header</a> and <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L3221-L3243">
 * read_index_binary_header</a>.
 *
 * @param d the dimension (bits for a binary index)
 * @param ntotal the number of vectors the index claims
 * @param trained whether the index is trained
 * @param metricType Faiss's metric number
 * @param metricArg the metric's argument (Lp's p), 0 when the file has none
 * @param binary whether this is a binary index's header
 */
public record FaissHeader(int d, long ntotal, boolean trained, int metricType, float metricArg, boolean binary) {

    /** Faiss's largest accepted dimension (index_read.cpp, since v1.14). */
    public static final int MAX_D = 1 << 20;

    static FaissHeader read(FaissParser p) throws IOException {
        long at = p.in().position();
        int d = p.in().readInt();
        long ntotal = p.in().readLong();
        p.checkByteOrder(d, ntotal, at);
        if (d < 0 || d > MAX_D) {
            throw p.corrupt("dimension " + d + " is outside [0, " + MAX_D + "]", at);
        }
        if (ntotal < 0) {
            throw p.corrupt("negative ntotal " + ntotal, at + 4);
        }
        p.in().skip(16, "header dummies");
        boolean trained = p.readBool("is_trained");
        int metric = p.in().readInt();
        float arg = metric > 1 ? p.in().readFloat() : 0f;
        return new FaissHeader(d, ntotal, trained, metric, arg, false);
    }

    static FaissHeader readBinary(FaissParser p) throws IOException {
        long at = p.in().position();
        int d = p.in().readInt();
        int codeSize = p.in().readInt();
        long ntotal = p.in().readLong();
        p.checkByteOrder(d, ntotal, at);
        if (d <= 0 || d % 8 != 0 || d > MAX_D) {
            throw p.corrupt("binary dimension " + d + " is not a positive multiple of 8 up to " + MAX_D, at);
        }
        if (codeSize != d / 8) {
            throw p.corrupt("binary code_size " + codeSize + " != d/8 = " + d / 8, at + 4);
        }
        if (ntotal < 0) {
            throw p.corrupt("negative ntotal " + ntotal, at + 8);
        }
        boolean trained = p.readBool("is_trained");
        int metric = p.in().readInt();
        return new FaissHeader(d, ntotal, trained, metric, 0f, true);
    }

    /** Bytes of one stored vector: {@code d} floats, or {@code d/8} bytes for a binary index. */
    public long vectorBytes() {
        return binary ? d / 8 : 4L * d;
    }

    /** The metric as milvusdm names it: {@code L2}, {@code IP}, {@code HAMMING} (binary), else Faiss's name. */
    public String metricName() {
        return binary ? "HAMMING" : metricName(metricType);
    }

    static String metricName(int metricType) {
        return switch (metricType) {
            case 0 -> "IP";
            case 1 -> "L2";
            case 2 -> "L1";
            case 3 -> "Linf";
            case 4 -> "Lp";
            case 20 -> "Canberra";
            case 21 -> "BrayCurtis";
            case 22 -> "JensenShannon";
            case 23 -> "Jaccard";
            case 24 -> "NaNEuclidean";
            case 25 -> "Gower";
            default -> "metric#" + metricType;
        };
    }
}
