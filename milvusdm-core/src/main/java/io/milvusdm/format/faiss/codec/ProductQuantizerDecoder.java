package io.milvusdm.format.faiss.codec;

/**
 * Decodes faiss {@code ProductQuantizer} codes to float vectors, as {@code ProductQuantizer::decode} (and
 * {@code IndexPQ::sa_decode}) does: a table lookup per sub-quantizer, so the result equals faiss's bit for bit.
 *
 * <h2>Code layout</h2>
 * One vector is {@code codeSize = ceil(m * nbits / 8)} bytes, read as an LSB-first bit string: the code of
 * sub-quantizer {@code j} is bits {@code [j*nbits, (j+1)*nbits)}, bit {@code k} being bit {@code k%8} of byte
 * {@code k/8} (faiss {@code PQDecoderGeneric}, {@code impl/ProductQuantizer-inl.h}). For nbits 8 that is byte
 * {@code j}, for nbits 16 the little-endian u16 {@code j}. Only sub-codes are packed: every vector starts on a byte,
 * and the bits after the last sub-code are zero.
 *
 * <h2>Centroids</h2>
 * {@code centroids} is faiss's array as stored, {@code m × 2^nbits × dsub} floats with {@code dsub = d / m}: centroid
 * {@code c} of sub-quantizer {@code j} is {@code centroids[(j * 2^nbits + c) * dsub ..]}, and it fills components
 * {@code [j*dsub, (j+1)*dsub)} of the vector.
 *
 * <p>The object is immutable and thread-safe.
 */
public final class ProductQuantizerDecoder {

    private final int d;
    private final int m;
    private final int nbits;
    private final int dsub;
    private final int ksub;
    private final int codeSize;
    private final float[] centroids;

    /**
     * @param d the vector dimension, a multiple of {@code m}
     * @param m the number of sub-quantizers
     * @param nbits bits per sub-code, 1 to 24 (faiss's own limit)
     * @param centroids {@code m * 2^nbits * (d / m)} floats in faiss's layout; kept, not copied
     * @throws IllegalArgumentException if the sizes do not fit together
     */
    public ProductQuantizerDecoder(int d, int m, int nbits, float[] centroids) {
        if (m <= 0 || d <= 0 || d % m != 0) {
            throw new IllegalArgumentException("ProductQuantizer needs d > 0 divisible by m > 0: d=" + d + ", m=" + m);
        }
        if (nbits < 1 || nbits > 24) {
            throw new IllegalArgumentException("ProductQuantizer nbits must be in [1, 24], found " + nbits);
        }
        this.d = d;
        this.m = m;
        this.nbits = nbits;
        this.dsub = d / m;
        this.ksub = 1 << nbits;
        this.codeSize = (m * nbits + 7) / 8;
        CodecChecks.checkLength(centroids, (long) m * ksub * dsub,
                "ProductQuantizer centroids (m=" + m + " x 2^" + nbits + " x dsub=" + dsub + ")");
        this.centroids = centroids;
    }

    /** Bytes per vector, faiss's {@code code_size}. */
    public int codeSize() {
        return codeSize;
    }

    /** The vector dimension. */
    public int dimension() {
        return d;
    }

    /**
     * Decodes {@code n} vectors of {@link #codeSize()} bytes from {@code codes[codeOffset..]} into
     * {@code n * d} floats at {@code out[outOffset..]}.
     */
    public void decode(byte[] codes, int codeOffset, int n, float[] out, int outOffset) {
        CodecChecks.checkRange(codes.length, codeOffset, n, codeSize, "codes");
        CodecChecks.checkRange(out.length, outOffset, n, d, "out");
        for (int row = 0; row < n; row++) {
            int code = codeOffset + row * codeSize;
            int o = outOffset + row * d;
            for (int j = 0; j < m; j++) {
                int from = (j * ksub + subCode(codes, code, j)) * dsub;
                int to = o + j * dsub;
                for (int k = 0; k < dsub; k++) {
                    out[to + k] = centroids[from + k];
                }
            }
        }
    }

    /** The code of sub-quantizer {@code j} in the vector whose code starts at {@code code}. */
    private int subCode(byte[] codes, int code, int j) {
        if (nbits == 8) {
            return codes[code + j] & 0xff;
        }
        if (nbits == 16) {
            int at = code + 2 * j;
            return codes[at] & 0xff | (codes[at + 1] & 0xff) << 8;
        }
        int bit = j * nbits;
        int at = code + (bit >>> 3);
        int shift = bit & 7;
        // Read only the bytes the code touches: up to 4 (24 bits at shift 7), never past the vector's last byte.
        long acc = 0;
        for (int b = 0, used = shift + nbits; used > 0; b++, used -= 8) {
            acc |= (codes[at + b] & 0xffL) << (8 * b);
        }
        return (int) (acc >>> shift) & (ksub - 1);
    }

    @Override
    public String toString() {
        return "ProductQuantizerDecoder[d=" + d + ", m=" + m + ", nbits=" + nbits + ", codeSize=" + codeSize + "]";
    }
}
