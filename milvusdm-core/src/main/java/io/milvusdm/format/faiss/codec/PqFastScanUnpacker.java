package io.milvusdm.format.faiss.codec;

/**
 * Turns the block-interleaved 4-bit codes of faiss's fast-scan indexes back into plain PQ codes of
 * {@code ceil(m / 2)} bytes per vector, which {@link ProductQuantizerDecoder} decodes with {@code nbits = 4}.
 *
 * <h2>Packed layout</h2>
 * As {@code pq4_pack_codes} / {@code pq4_pack_codes_range} write it ({@code impl/fast_scan/fast_scan.cpp}), which is
 * what faiss's SIMD kernels read: vectors are grouped in blocks of {@code bbs} rows (a multiple of 32), and a block is
 * {@code bbs * m2 / 2} bytes, {@code m2} being {@code m} rounded up to even. Inside a block, sub-quantizers go by pairs
 * {@code (2p, 2p+1)}, each pair taking {@code bbs} bytes, which hold 32-row groups of 32 bytes. For row {@code w} of the
 * block, its group is {@code w / 32}, and with {@code r = w % 16}:
 * <ul>
 *   <li>the byte is {@code p*bbs + (w/32)*32 + (sq odd ? 16 : 0) + (r < 8 ? 2r : 2(r-8) + 1)};
 *   <li>the code is that byte's low nibble for {@code w % 32 < 16}, its high nibble otherwise.
 * </ul>
 * For {@code bbs = 32} this is exactly {@code pq4_get_packed_element}. For larger {@code bbs} that function (and so
 * faiss's {@code reconstruct} of such an index) ignores the 32-row group and returns wrong codes for about half the
 * rows, while search uses the packed layout above; the unpacker follows the layout.
 *
 * <h2>Where the blocks are</h2>
 * IndexPQFastScan ({@code IPfs}): one array of {@code ntotal2} rows, {@code ntotal} rounded up to {@code bbs}.
 * IndexIVFPQFastScan ({@code IwPf}): each inverted list is its own run of blocks, its size rounded up to {@code bbs}
 * rows ({@link #packedSize(int)} bytes). Padding rows are zero and are never unpacked. {@code packedOffset} must be the
 * start of a block; row {@code i} of a call is row {@code i % bbs} of block {@code i / bbs} from there.
 *
 * <h2>Plain layout</h2>
 * Byte {@code k} of a vector holds sub-quantizer {@code 2k} in its low nibble and {@code 2k+1} in its high nibble; for
 * odd {@code m} the last high nibble is 0, as faiss's {@code compute_codes} leaves it.
 */
public final class PqFastScanUnpacker {

    private final int m;
    private final int bbs;
    private final int codeSize;
    private final int blockSize;
    /** Per row of a block: its byte for the even sub-quantizer of pair 0, and the nibble shift (0 or 4). */
    private final int[] rowByte;
    private final int[] rowShift;

    /**
     * @param m the number of 4-bit sub-quantizers (faiss's {@code M}; {@code M2} is derived)
     * @param bbs rows per block, a positive multiple of 32 (faiss's {@code bbs}, default 32)
     */
    public PqFastScanUnpacker(int m, int bbs) {
        if (m <= 0) {
            throw new IllegalArgumentException("fast-scan m must be positive, found " + m);
        }
        if (bbs <= 0 || bbs % 32 != 0) {
            throw new IllegalArgumentException("fast-scan bbs must be a positive multiple of 32, found " + bbs);
        }
        this.m = m;
        this.bbs = bbs;
        this.codeSize = (m + 1) / 2;
        this.blockSize = (m + 1) / 2 * bbs;
        this.rowByte = new int[bbs];
        this.rowShift = new int[bbs];
        for (int w = 0; w < bbs; w++) {
            int r = w & 15;
            rowByte[w] = (w >>> 5) * 32 + (r < 8 ? 2 * r : 2 * (r - 8) + 1);
            rowShift[w] = (w & 16) == 0 ? 0 : 4;
        }
    }

    /** Bytes per unpacked vector: {@code ceil(m / 2)}, the code size of a 4-bit {@link ProductQuantizerDecoder}. */
    public int codeSize() {
        return codeSize;
    }

    /** Bytes of one block of {@code bbs} rows: {@code bbs * m2 / 2}. */
    public int blockSize() {
        return blockSize;
    }

    /** Packed bytes holding {@code n} rows: whole blocks, {@code ceil(n / bbs) * blockSize()}. */
    public long packedSize(int n) {
        return (long) ((n + bbs - 1) / bbs) * blockSize;
    }

    /**
     * Unpacks rows {@code [0, n)} of the blocks starting at {@code packed[packedOffset]} into {@code n} plain codes of
     * {@link #codeSize()} bytes at {@code codes[codesOffset..]}.
     */
    public void unpack(byte[] packed, int packedOffset, int n, byte[] codes, int codesOffset) {
        if (packedOffset < 0 || n < 0 || packedOffset + packedSize(n) > packed.length) {
            throw new IndexOutOfBoundsException("packed: " + n + " rows from offset " + packedOffset + " need "
                    + packedSize(n) + " bytes, array has " + packed.length);
        }
        CodecChecks.checkRange(codes.length, codesOffset, n, codeSize, "codes");
        for (int v = 0; v < n; v++) {
            int w = v % bbs;
            int base = packedOffset + (v / bbs) * blockSize + rowByte[w];
            int shift = rowShift[w];
            int out = codesOffset + v * codeSize;
            for (int k = 0; k < codeSize; k++) {
                int pair = base + k * bbs;
                int low = (packed[pair] >>> shift) & 15;
                // Sub-quantizer 2k+1 sits 16 bytes further; for odd m the last one is padding and stays 0.
                int high = 2 * k + 1 < m ? (packed[pair + 16] >>> shift) & 15 : 0;
                codes[out + k] = (byte) (low | high << 4);
            }
        }
    }
}
