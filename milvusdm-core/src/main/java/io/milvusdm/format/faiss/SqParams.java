package io.milvusdm.format.faiss;

import java.io.IOException;

/**
 * A {@code ScalarQuantizer}'s parameters: all a decoder needs to turn one code of {@code codeSize} bytes back
 * into d floats.
 *
 * <h2>Layout ({@code write_ScalarQuantizer})</h2>
 * <ul>
 *   <li><b>[int32]</b> qtype: 0 QT_8bit, 1 QT_4bit, 2 QT_8bit_uniform, 3 QT_4bit_uniform, 4 QT_fp16,
 *       5 QT_8bit_direct, 6 QT_6bit, 7 QT_bf16, 8 QT_8bit_direct_signed, 9.. (v1.15+)</li>
 *   <li><b>[int32]</b> rangestat, <b>[float32]</b> rangestat_arg (training only)</li>
 *   <li><b>[uint64]</b> d, <b>[uint64]</b> code_size</li>
 *   <li><b>[vector&lt;float32&gt;]</b> trained: [vmin.., vdiff..] (2d floats, 2 for uniform, none for fp16...)</li>
 * </ul>
 * See <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L1041-L1179">read_ScalarQuantizer</a>.
 *
 * @param qtype the quantizer type
 * @param rangeStat how the range was trained
 * @param rangeStatArg its argument
 * @param d the dimension
 * @param codeSize bytes of one code
 * @param trained the trained floats
 */
public record SqParams(int qtype, int rangeStat, float rangeStatArg, int d, long codeSize, Section trained) {

    private static final String[] NAMES = {"QT_8bit", "QT_4bit", "QT_8bit_uniform", "QT_4bit_uniform", "QT_fp16",
        "QT_8bit_direct", "QT_6bit", "QT_bf16", "QT_8bit_direct_signed"};

    /** Faiss v1.15 knows qtypes below this. */
    static final int QT_COUNT = 27;

    static SqParams read(FaissParser p, FaissHeader header) throws IOException {
        long at = p.in().position();
        int qtype = p.in().readInt();
        if (qtype < 0 || qtype >= QT_COUNT) {
            throw p.unsupported("scalar quantizer type " + qtype + " is unknown (newer than Faiss 1.15?)", at);
        }
        int rangeStat = p.in().readInt();
        float rangeStatArg = p.in().readFloat();
        long d = p.in().readLong();
        long codeSize = p.in().readLong();
        if (d != header.d()) {
            throw p.corrupt("scalar quantizer d " + Long.toUnsignedString(d) + " != index d " + header.d(), at + 12);
        }
        long expected = expectedCodeSize(qtype, header.d());
        if (expected >= 0 && codeSize != expected) {
            throw p.corrupt("scalar quantizer code_size " + Long.toUnsignedString(codeSize) + " != " + expected
                    + " for " + name(qtype) + " at d " + d, at + 20);
        }
        Section trained = p.vector(Float.BYTES, "scalar quantizer trained values");
        return new SqParams(qtype, rangeStat, rangeStatArg, header.d(), codeSize, trained);
    }

    /** The code size Faiss computes for the types 0..8, or -1 for the newer ones. */
    static long expectedCodeSize(int qtype, long d) {
        return switch (qtype) {
            case 0, 2, 5, 8 -> d;
            case 1, 3 -> (d + 1) / 2;
            case 6 -> (d * 6 + 7) / 8;
            case 4, 7 -> 2 * d;
            default -> -1;
        };
    }

    static String name(int qtype) {
        return qtype < NAMES.length ? NAMES[qtype] : "qtype#" + qtype;
    }

    /** {@code "SQ QT_8bit"}. */
    public String describe() {
        return "SQ " + name(qtype);
    }
}
