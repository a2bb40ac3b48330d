package io.milvusdm.format.faiss.codec;

/**
 * IEEE 754 binary16 to float32, exactly (every half is a float). Java 17 lacks {@code Float.float16ToFloat}
 * (Java 20), so the 65,536 results are computed once and looked up: decoding QT_fp16 codes is then one load per
 * component.
 */
final class Float16 {

    private static final float[] TABLE = new float[1 << 16];

    static {
        for (int h = 0; h < TABLE.length; h++) {
            TABLE[h] = convert(h);
        }
    }

    private Float16() {
    }

    /** The float equal to the half whose bits are the low 16 bits of {@code bits}. */
    static float toFloat(int bits) {
        return TABLE[bits & 0xffff];
    }

    private static float convert(int h) {
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            // Infinity or NaN; the payload moves to the top of float's mantissa, as F16C's vcvtph2ps does.
            return Float.intBitsToFloat(sign | 0x7f800000 | mantissa << 13);
        }
        if (exponent == 0) {
            // Zero or subnormal: mantissa * 2^-24, a product float holds exactly.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | (exponent + 127 - 15) << 23 | mantissa << 13);
    }
}
