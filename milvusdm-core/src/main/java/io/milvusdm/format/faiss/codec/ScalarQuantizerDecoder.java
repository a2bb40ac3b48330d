package io.milvusdm.format.faiss.codec;

import java.util.Arrays;

/**
 * Decodes faiss {@code ScalarQuantizer} codes to float vectors, as {@code ScalarQuantizer::decode} (and so
 * {@code IndexScalarQuantizer::sa_decode}) does, bit for bit.
 *
 * <h2>Code layout</h2>
 * One vector is {@link #codeSize()} bytes; vectors follow each other with no padding. Component {@code i} of a
 * vector (faiss {@code impl/scalar_quantizer/codecs.h}, {@code quantizers.h}):
 * <ul>
 *   <li>{@code QT_8bit} (0), {@code QT_8bit_uniform} (2): byte {@code i} is {@code c};
 *       {@code x = vmin + ((c + 0.5f) / 255f) * vdiff}.
 *   <li>{@code QT_4bit} (1), {@code QT_4bit_uniform} (3), {@code QT_6bit} (6): {@code c} is bits
 *       {@code [i*b, (i+1)*b)} of the vector's LSB-first bit string (bit {@code k} = bit {@code k%8} of byte
 *       {@code k/8}; for 4 bits, even components are low nibbles); {@code x = vmin + ((c + 0.5f) / (2^b-1)) * vdiff}.
 *       Non-uniform types have {@code trained = [vmin[0..d), vdiff[0..d)]}, uniform ones {@code [vmin, vdiff]}:
 *       the second half is the width of the range, not its maximum.
 *   <li>{@code QT_fp16} (4): little-endian binary16 at byte {@code 2i}. {@code QT_bf16} (7): little-endian bfloat16
 *       at byte {@code 2i}, the top half of a float32.
 *   <li>{@code QT_8bit_direct} (5): {@code x = c} (0..255). {@code QT_8bit_direct_signed} (8): {@code x = c - 128}.
 *   <li>{@code QT_0bit} (9): no bytes; decodes to zeros, as faiss does (an IVF list's centroid is all that is kept).
 *   <li>TurboQuant-MSE {@code QT_{1,2,3,4,8}bit_tqmse} (10-14) and EDEN {@code QT_{1..8}bit_eden} (19-26), faiss
 *       1.15: a Lloyd-Max code of {@code b} bits in the same LSB-first bit string; {@code x = centroids[c]} with
 *       {@code trained = [centroids[2^b], boundaries[2^b - 1]]}. The random rotation these are used behind is a
 *       separate transform.
 * </ul>
 * Full TurboQuant ({@code QT_{2..5}bit_tq}, 15-18) is refused: its decode rebuilds a projection from faiss's random
 * generator and a QR factorisation.
 *
 * <p>Arithmetic follows faiss's scalar path in the same order and in float (faiss's decode does not fuse the
 * multiply-add), which makes the results identical to faiss's. The object is immutable and thread-safe.
 */
public final class ScalarQuantizerDecoder {

    private static final String[] NAMES = {"QT_8bit", "QT_4bit", "QT_8bit_uniform", "QT_4bit_uniform", "QT_fp16",
        "QT_8bit_direct", "QT_6bit", "QT_bf16", "QT_8bit_direct_signed", "QT_0bit", "QT_1bit_tqmse",
        "QT_2bit_tqmse", "QT_3bit_tqmse", "QT_4bit_tqmse", "QT_8bit_tqmse", "QT_2bit_tq", "QT_3bit_tq", "QT_4bit_tq",
        "QT_5bit_tq", "QT_1bit_eden", "QT_2bit_eden", "QT_3bit_eden", "QT_4bit_eden", "QT_5bit_eden",
        "QT_6bit_eden", "QT_7bit_eden", "QT_8bit_eden"};
    private static final int[] TQMSE_BITS = {1, 2, 3, 4, 8};

    private enum Kind { RANGE, FP16, BF16, DIRECT, DIRECT_SIGNED, ZERO, LLOYD_MAX }

    private final int qtype;
    private final int d;
    private final Kind kind;
    private final int bits;
    private final int codeSize;
    /** RANGE: per-component minimum and width (a uniform range is repeated d times: the same arithmetic). */
    private final float[] vmin;
    private final float[] vdiff;
    /** RANGE: {@code (c + 0.5f) / (2^bits - 1)} for each code c; LLOYD_MAX: the centroids. */
    private final float[] levels;
    private final double maxAbsError;
    private final double maxRelError;

    /**
     * @param qtype faiss's {@code ScalarQuantizer::QuantizerType} number, as stored in the index file
     * @param d the vector dimension
     * @param trained the {@code trained} array as stored (may be empty for types that train nothing)
     * @throws IllegalArgumentException for an unknown or unsupported qtype, or a {@code trained} of the wrong size
     */
    public ScalarQuantizerDecoder(int qtype, int d, float[] trained) {
        if (d <= 0) {
            throw new IllegalArgumentException("dimension must be positive: " + d);
        }
        this.qtype = qtype;
        this.d = d;
        this.kind = kindOf(qtype);
        this.bits = bitsOf(qtype);
        this.codeSize = switch (kind) {
            case FP16, BF16 -> 2 * d;
            case ZERO -> 0;
            default -> (int) (((long) d * bits + 7) / 8);
        };
        float[] params = trained == null ? new float[0] : trained;
        checkTrainedLength(params);
        if (kind == Kind.RANGE) {
            boolean uniform = params.length == 2;
            vmin = new float[d];
            vdiff = new float[d];
            for (int i = 0; i < d; i++) {
                vmin[i] = params[uniform ? 0 : i];
                vdiff[i] = params[uniform ? 1 : d + i];
            }
            int top = (1 << bits) - 1;
            levels = new float[top + 1];
            for (int c = 0; c <= top; c++) {
                levels[c] = (c + 0.5f) / top;
            }
        } else {
            vmin = null;
            vdiff = null;
            levels = kind == Kind.LLOYD_MAX ? Arrays.copyOf(params, 1 << bits) : null;
        }
        this.maxAbsError = switch (kind) {
            case RANGE -> ScalarQuantizerErrors.halfStep(bits, vmin, vdiff);
            case FP16 -> 0x1p-25; // half of binary16's subnormal step 2^-24
            case BF16 -> 0x1p-134; // half of bfloat16's subnormal step, float's exponent range
            case DIRECT, DIRECT_SIGNED -> 1.0;
            case ZERO -> Double.POSITIVE_INFINITY;
            case LLOYD_MAX -> ScalarQuantizerErrors.halfCell(1 << bits, params);
        };
        this.maxRelError = kind == Kind.FP16 ? 0x1p-11 : kind == Kind.BF16 ? 0x1p-8 : 0.0;
    }

    /** faiss's name of a qtype ({@code "QT_8bit"}), or {@code "qtype <n>"} for a number faiss 1.15 does not define. */
    public static String qtypeName(int qtype) {
        return qtype >= 0 && qtype < NAMES.length ? NAMES[qtype] : "qtype " + qtype;
    }

    private static Kind kindOf(int qtype) {
        return switch (qtype) {
            case 0, 1, 2, 3, 6 -> Kind.RANGE;
            case 4 -> Kind.FP16;
            case 5 -> Kind.DIRECT;
            case 7 -> Kind.BF16;
            case 8 -> Kind.DIRECT_SIGNED;
            case 9 -> Kind.ZERO;
            case 10, 11, 12, 13, 14, 19, 20, 21, 22, 23, 24, 25, 26 -> Kind.LLOYD_MAX;
            case 15, 16, 17, 18 -> throw new IllegalArgumentException("ScalarQuantizer " + qtypeName(qtype) + " ("
                    + qtype + ", full TurboQuant) is not supported: its decode needs faiss's random generator and a QR"
                    + " factorisation to rebuild the QJL projection");
            default -> throw new IllegalArgumentException("unknown ScalarQuantizer qtype " + qtype
                    + " (faiss 1.15 defines 0.." + (NAMES.length - 1) + ")");
        };
    }

    private static int bitsOf(int qtype) {
        return switch (qtype) {
            case 0, 2, 5, 8 -> 8;
            case 1, 3 -> 4;
            case 6 -> 6;
            case 4, 7 -> 16;
            case 9 -> 0;
            case 10, 11, 12, 13, 14 -> TQMSE_BITS[qtype - 10];
            default -> qtype - 18; // EDEN: 19..26 are 1..8 bits
        };
    }

    private void checkTrainedLength(float[] trained) {
        int expected = switch (kind) {
            case RANGE -> qtype == 2 || qtype == 3 ? 2 : 2 * d;
            case LLOYD_MAX -> 2 * (1 << bits) - 1;
            default -> -1;
        };
        if (expected >= 0 && trained.length != expected) {
            throw new IllegalArgumentException("ScalarQuantizer " + qtypeName(qtype) + " with d=" + d + " needs "
                    + expected + " trained values, found " + trained.length);
        }
    }

    /** Bytes per vector, faiss's {@code code_size}. */
    public int codeSize() {
        return codeSize;
    }

    /** The vector dimension. */
    public int dimension() {
        return d;
    }

    /** The qtype this decoder was built for. */
    public int qtype() {
        return qtype;
    }

    /**
     * Whether the decoded floats are the stored values themselves (fp16, bf16, 8bit_direct, 8bit_direct_signed):
     * decoding adds no error, and the codes could travel as Milvus FLOAT16 / BFLOAT16 / INT8 vectors unchanged.
     * Whatever encoding rounded away is still lost; see {@link #maxAbsError()}.
     */
    public boolean exact() {
        return kind == Kind.FP16 || kind == Kind.BF16 || kind == Kind.DIRECT || kind == Kind.DIRECT_SIGNED;
    }

    /**
     * The absolute part of the bound on |decoded - original| per component: {@code maxAbsError() +
     * maxRelError() * |original|}. Range types: half a quantization step of the widest component plus float
     * rounding, for originals inside the trained range (encoding clamps anything outside it). fp16 / bf16: half the
     * smallest subnormal step (the rest is relative). Direct types: 1, since encoding truncates toward zero (exact for
     * integers in range). Lloyd-Max: the widest half-cell, for originals between the outer centroids. QT_0bit:
     * infinite (the codes keep nothing).
     */
    public double maxAbsError() {
        return maxAbsError;
    }

    /** The relative part of the error bound: 2^-11 for fp16, 2^-8 for bf16 (round to nearest), else 0. */
    public double maxRelError() {
        return maxRelError;
    }

    /**
     * Decodes {@code n} vectors of {@link #codeSize()} bytes from {@code codes[codeOffset..]} into
     * {@code n * d} floats at {@code out[outOffset..]}.
     */
    public void decode(byte[] codes, int codeOffset, int n, float[] out, int outOffset) {
        CodecChecks.checkRange(codes.length, codeOffset, n, codeSize, "codes");
        CodecChecks.checkRange(out.length, outOffset, n, d, "out");
        switch (kind) {
            case RANGE -> decodeRange(codes, codeOffset, n, out, outOffset);
            case FP16 -> decodeHalves(codes, codeOffset, n, out, outOffset, false);
            case BF16 -> decodeHalves(codes, codeOffset, n, out, outOffset, true);
            case DIRECT -> decodeDirect(codes, codeOffset, n, out, outOffset, 0);
            case DIRECT_SIGNED -> decodeDirect(codes, codeOffset, n, out, outOffset, -128);
            case ZERO -> Arrays.fill(out, outOffset, outOffset + n * d, 0f);
            case LLOYD_MAX -> decodeLloydMax(codes, codeOffset, n, out, outOffset);
        }
    }

    private void decodeRange(byte[] codes, int codeOffset, int n, float[] out, int outOffset) {
        for (int row = 0; row < n; row++) {
            int code = codeOffset + row * codeSize;
            int o = outOffset + row * d;
            for (int i = 0; i < d; i++) {
                // Same operations, order and float rounding as faiss: vmin + xi * vdiff, not fused.
                out[o + i] = vmin[i] + levels[component(codes, code, i)] * vdiff[i];
            }
        }
    }

    private void decodeLloydMax(byte[] codes, int codeOffset, int n, float[] out, int outOffset) {
        for (int row = 0; row < n; row++) {
            int code = codeOffset + row * codeSize;
            int o = outOffset + row * d;
            for (int i = 0; i < d; i++) {
                out[o + i] = levels[component(codes, code, i)];
            }
        }
    }

    /** Component {@code i}'s {@code bits}-bit code in the LSB-first bit string starting at {@code code}. */
    private int component(byte[] codes, int code, int i) {
        if (bits == 8) {
            return codes[code + i] & 0xff;
        }
        int bit = i * bits;
        int at = code + (bit >>> 3);
        int shift = bit & 7;
        int packed = codes[at] & 0xff;
        if (shift + bits > 8) {
            packed |= (codes[at + 1] & 0xff) << 8; // only read when the code spans two bytes: the next may not exist
        }
        return (packed >>> shift) & ((1 << bits) - 1);
    }

    private void decodeHalves(byte[] codes, int codeOffset, int n, float[] out, int outOffset, boolean brain) {
        int values = n * d;
        for (int k = 0; k < values; k++) {
            int at = codeOffset + 2 * k;
            int half = codes[at] & 0xff | (codes[at + 1] & 0xff) << 8;
            out[outOffset + k] = brain ? Float.intBitsToFloat(half << 16) : Float16.toFloat(half);
        }
    }

    private void decodeDirect(byte[] codes, int codeOffset, int n, float[] out, int outOffset, int bias) {
        int values = n * d;
        for (int k = 0; k < values; k++) {
            out[outOffset + k] = (codes[codeOffset + k] & 0xff) + bias;
        }
    }

    @Override
    public String toString() {
        return "ScalarQuantizerDecoder[" + qtypeName(qtype) + ", d=" + d + ", codeSize=" + codeSize + "]";
    }
}
