package io.milvusdm.format.faiss;

import java.io.IOException;

/**
 * {@code IndexBinaryHash}: binary vectors bucketed by the first b bits; each bucket stores its ids and its
 * vectors in full, so every vector and id is recoverable. Buckets are exposed as {@link InvertedLists}
 * (encoding {@code hash buckets}, list number = bucket position in the file).
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li><b>[fourcc]</b> {@code IBHh}</li>
 *   <li>the binary index header ({@link FaissHeader})</li>
 *   <li><b>[int32]</b> b (hash bits), <b>[int32]</b> nflip</li>
 *   <li><b>[uint64]</b> sz (buckets), <b>[int32]</b> il_nbit, <b>[vector&lt;uint8&gt;]</b> buf: per bucket, b bits
 *       of hash then il_nbit bits of size, LSB first</li>
 *   <li>sz × (<b>[vector&lt;int64&gt;]</b> ids, <b>[vector&lt;uint8&gt;]</b> vecs: ids × code_size bytes)</li>
 * </ul>
 * See <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L3263-L3317">read_binary_hash_invlists</a> and <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L3463-L3478">IBHh</a>.
 *
 * @param hashBits b
 * @param lists the buckets
 */
public record FaissIndexBinaryHash(String fourcc, long offset, FaissHeader header, int hashBits,
                                   InvertedLists lists) implements FaissIndex {

    public static final String IBHH = "IBHh";

    static FaissIndexBinaryHash read(FaissParser p, String fourcc, long offset) throws IOException {
        FaissHeader header = FaissHeader.readBinary(p);
        long at = p.in().position();
        int b = p.in().readInt();
        p.in().readInt();
        if (b <= 0 || b > header.d()) {
            throw p.corrupt("hash bits " + b + " not in [1, d=" + header.d() + "]", at);
        }
        long szAt = p.in().position();
        long sz = p.in().readLong();
        int ilNbit = p.in().readInt();
        if (sz < 0 || sz > p.in().remaining() / 16 || ilNbit < 0 || ilNbit > 64) {
            throw p.corrupt(Long.toUnsignedString(sz) + " buckets of " + ilNbit + "-bit sizes cannot fit in the"
                    + " rest of the file", szAt);
        }
        p.vector(1, "bucket keys");
        InvertedLists lists = buckets(p, (int) sz, header);
        if (lists.totalSize() != header.ntotal()) {
            throw p.corrupt("buckets hold " + lists.totalSize() + " vectors != ntotal " + header.ntotal(), szAt);
        }
        return new FaissIndexBinaryHash(fourcc, offset, header, b, lists);
    }

    private static InvertedLists buckets(FaissParser p, int sz, FaissHeader header) throws IOException {
        long codeSize = header.vectorBytes();
        int[] listNos = new int[sz];
        long[] sizes = new long[sz];
        long[] codeOffsets = new long[sz];
        long[] codeLengths = new long[sz];
        long[] idOffsets = new long[sz];
        int count = 0;
        long total = 0;
        for (int bucket = 0; bucket < sz; bucket++) {
            Section ids = p.vector(Long.BYTES, "ids of bucket " + bucket);
            long n = ids.length() / Long.BYTES;
            Section vecs = p.vector(1, n * codeSize, "vectors of bucket " + bucket);
            total += n;
            if (n > 0) {
                listNos[count] = bucket;
                sizes[count] = n;
                codeOffsets[count] = vecs.offset();
                codeLengths[count] = vecs.length();
                idOffsets[count] = ids.offset();
                count++;
            }
        }
        return new InvertedLists("hash buckets", sz, codeSize, java.util.Arrays.copyOf(listNos, count),
                java.util.Arrays.copyOf(sizes, count), java.util.Arrays.copyOf(codeOffsets, count),
                java.util.Arrays.copyOf(codeLengths, count), java.util.Arrays.copyOf(idOffsets, count), null, null);
    }

    @Override
    public FaissNode describe() {
        return FaissNode.of(this, "IndexBinaryHash").withCode("bits", header.vectorBytes())
                .withLists(lists.nlist(), null, lists.encoding());
    }
}
