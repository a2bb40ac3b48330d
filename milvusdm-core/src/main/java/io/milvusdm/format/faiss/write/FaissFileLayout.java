package io.milvusdm.format.faiss.write;

import io.milvusdm.format.faiss.write.FaissWriteSpec.Metric;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of the Faiss index files this package writes, everything but the bulk vectors and ids, laid out as
 * {@code faiss::write_index} lays them out ({@code faiss/impl/index_write.cpp}: {@code write_index_header},
 * {@code write_ivf_header}, {@code write_direct_map}, {@code write_InvertedLists}). All little-endian; a fourcc
 * is its four ASCII characters in reading order.
 *
 * <h2>Index header (33 bytes)</h2>
 * <ul>
 *   <li><b>[int32]</b> d, <b>[int64]</b> ntotal</li>
 *   <li><b>[int64]</b> 1&lt;&lt;20, <b>[int64]</b> 1&lt;&lt;20: two placeholders faiss writes and never reads</li>
 *   <li><b>[uint8]</b> is_trained = 1, <b>[int32]</b> metric_type (0 inner product, 1 L2; no metric_arg follows
 *       for these two)</li>
 * </ul>
 * <h2>{@code IxF2} / {@code IxFI}: IndexFlatL2 / IndexFlatIP</h2>
 * fourcc, header, <b>[uint64]</b> ntotal*d, <b>[ntotal*d float32]</b> the vectors, row-major.
 * <h2>{@code IxM2}: IndexIDMap2</h2>
 * fourcc, header, the flat index above, <b>[uint64]</b> ntotal, <b>[ntotal int64]</b> the id of each row.
 * <h2>{@code IwFl}: IndexIVFFlat</h2>
 * <ul>
 *   <li>fourcc, header, <b>[uint64]</b> nlist, <b>[uint64]</b> nprobe = 1</li>
 *   <li>the quantizer: a flat index of the same metric holding the nlist centroids</li>
 *   <li>direct map: <b>[uint8]</b> 0 (NoMap), <b>[uint64]</b> 0 (empty array)</li>
 *   <li>{@code ilar}, <b>[uint64]</b> nlist, <b>[uint64]</b> code_size = 4*d, then the list sizes: {@code full}
 *       <b>[uint64]</b> nlist and <b>[nlist uint64]</b> sizes when more than nlist/2 (integer division) lists
 *       are non-empty, else {@code sprs} <b>[uint64]</b> 2k and k pairs <b>[uint64 list, uint64 size]</b> of
 *       the non-empty lists in ascending order (faiss's own rule, {@code index_write.cpp} write_InvertedLists)</li>
 *   <li>then for each non-empty list in order: <b>[size*d float32]</b> its vectors, <b>[size int64]</b> their ids</li>
 * </ul>
 */
final class FaissFileLayout {

    static final String IDMAP2 = "IxM2";
    static final String IVF_FLAT = "IwFl";
    static final long HEADER_PLACEHOLDER = 1L << 20;

    private FaissFileLayout() {
    }

    /** Fourcc and header of a flat index of {@code ntotal} vectors, and the count of floats that follow. */
    static ByteBuffer flatPrefix(Metric metric, int d, long ntotal) {
        ByteBuffer b = buffer(4 + 33 + 8);
        fourcc(b, metric.flatFourcc());
        header(b, d, ntotal, metric);
        b.putLong(Math.multiplyExact(ntotal, d));
        return b.flip();
    }

    /** Fourcc and header of an IndexIDMap2; the flat sub-index follows. */
    static ByteBuffer idMap2Prefix(Metric metric, int d, long ntotal) {
        ByteBuffer b = buffer(4 + 33);
        fourcc(b, IDMAP2);
        header(b, d, ntotal, metric);
        return b.flip();
    }

    /** The count before an IDMap's ids. */
    static ByteBuffer idCount(long ntotal) {
        return buffer(8).putLong(ntotal).flip();
    }

    /**
     * Everything of an IndexIVFFlat up to its first list's vectors: header, quantizer with the centroids,
     * direct map, and the inverted lists' header with the sizes.
     */
    static ByteBuffer ivfPrefix(Metric metric, int d, float[] centroids, long[] listSizes) {
        int nlist = listSizes.length;
        long ntotal = 0;
        int nonEmpty = 0;
        for (long size : listSizes) {
            ntotal += size;
            nonEmpty += size > 0 ? 1 : 0;
        }
        boolean full = nonEmpty > nlist / 2;
        int sizesBytes = full ? 8 * nlist : 16 * nonEmpty;
        ByteBuffer b = buffer(4 + 33 + 16 + (4 + 33 + 8) + 4L * centroids.length + 9 + 4 + 16 + 4 + 8 + sizesBytes);
        fourcc(b, IVF_FLAT);
        header(b, d, ntotal, metric);
        b.putLong(nlist).putLong(1);
        b.put(flatPrefix(metric, d, nlist));
        b.asFloatBuffer().put(centroids);
        b.position(b.position() + 4 * centroids.length);
        b.put((byte) 0).putLong(0);
        fourcc(b, "ilar");
        b.putLong(nlist).putLong(4L * d);
        fourcc(b, full ? "full" : "sprs");
        b.putLong(full ? nlist : 2L * nonEmpty);
        for (int list = 0; list < nlist; list++) {
            if (full) {
                b.putLong(listSizes[list]);
            } else if (listSizes[list] > 0) {
                b.putLong(list).putLong(listSizes[list]);
            }
        }
        return b.flip();
    }

    private static void header(ByteBuffer b, int d, long ntotal, Metric metric) {
        b.putInt(d).putLong(ntotal).putLong(HEADER_PLACEHOLDER).putLong(HEADER_PLACEHOLDER);
        b.put((byte) 1).putInt(metric.code());
    }

    private static void fourcc(ByteBuffer b, String fourcc) {
        b.put(fourcc.getBytes(StandardCharsets.US_ASCII));
    }

    private static ByteBuffer buffer(long bytes) {
        return ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
    }
}
