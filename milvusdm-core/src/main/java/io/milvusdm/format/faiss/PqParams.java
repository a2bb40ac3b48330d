package io.milvusdm.format.faiss;

import java.io.IOException;

/**
 * A {@code ProductQuantizer}'s parameters: d split into m sub-vectors, each coded on nbits bits; the code of a
 * vector is an LSB-first bit stream of m sub-codes, {@link #codeSize()} bytes.
 *
 * <h2>Layout ({@code write_ProductQuantizer})</h2>
 * <ul>
 *   <li><b>[uint64]</b> d, <b>[uint64]</b> M, <b>[uint64]</b> nbits (1..24)</li>
 *   <li><b>[vector&lt;float32&gt;]</b> centroids: d × 2^nbits floats, laid out (M, 2^nbits, d/M)</li>
 * </ul>
 * See <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L733-L766">read_ProductQuantizer</a>.
 *
 * @param d the dimension
 * @param m the number of sub-quantizers
 * @param nbits bits per sub-code
 * @param centroids the centroids
 */
public record PqParams(int d, int m, int nbits, Section centroids) {

    static PqParams read(FaissParser p, int expectedD) throws IOException {
        long at = p.in().position();
        long d = p.in().readLong();
        long m = p.in().readLong();
        long nbits = p.in().readLong();
        if (d != expectedD) {
            throw p.corrupt("product quantizer d " + Long.toUnsignedString(d) + " != index d " + expectedD, at);
        }
        if (m <= 0 || m > d || d % m != 0) {
            throw p.corrupt("product quantizer M " + Long.toUnsignedString(m) + " does not divide d " + d, at + 8);
        }
        if (nbits < 1 || nbits > 24) {
            throw p.corrupt("product quantizer nbits " + Long.toUnsignedString(nbits) + " not in [1, 24]", at + 16);
        }
        Section centroids = p.vector(Float.BYTES, p.product(d, 1L << nbits, "d x ksub", at), "PQ centroids");
        return new PqParams((int) d, (int) m, (int) nbits, centroids);
    }

    /** Bytes of one code: {@code (m*nbits + 7) / 8}. */
    public long codeSize() {
        return ((long) m * nbits + 7) / 8;
    }

    /** {@code "PQ 6x8"}: m sub-quantizers of nbits bits. */
    public String describe() {
        return "PQ " + m + "x" + nbits;
    }
}
