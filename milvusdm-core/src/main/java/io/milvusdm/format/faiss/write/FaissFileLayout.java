package io.milvusdm.format.faiss.write;

import io.milvusdm.format.faiss.write.FaissWriteSpec.Kind;
import io.milvusdm.format.faiss.write.FaissWriteSpec.Metric;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of the Faiss index files this package writes, everything but the bulk vectors and ids, laid out as
 * {@code faiss::write_index} and {@code write_index_binary} lay them out ({@code faiss/impl/index_write.cpp}:
 * {@code write_index_header}, {@code write_index_binary_header}, {@code write_ivf_header},
 * {@code write_binary_ivf_header}, {@code write_direct_map}, {@code write_InvertedLists}). All little-endian; a
 * fourcc is its four ASCII characters in reading order.
 *
 * <h2>Index header (33 bytes)</h2>
 * <ul>
 *   <li><b>[int32]</b> d, <b>[int64]</b> ntotal</li>
 *   <li><b>[int64]</b> 1&lt;&lt;20, <b>[int64]</b> 1&lt;&lt;20: two placeholders faiss writes and never reads</li>
 *   <li><b>[uint8]</b> is_trained = 1, <b>[int32]</b> metric_type (0 inner product, 1 L2; no metric_arg follows
 *       for these two)</li>
 * </ul>
 * <h2>Binary index header (21 bytes)</h2>
 * <b>[int32]</b> d (bits), <b>[int32]</b> code_size = d/8, <b>[int64]</b> ntotal, <b>[uint8]</b> is_trained = 1,
 * <b>[int32]</b> metric_type = 1 (faiss's default for binary indexes, which search by Hamming distance anyway).
 * <h2>{@code IxF2} / {@code IxFI}: IndexFlatL2 / IndexFlatIP; {@code IBxF}: IndexBinaryFlat</h2>
 * fourcc, header, <b>[uint64]</b> ntotal*d floats (binary: ntotal*d/8 bytes), then those floats (bytes),
 * row-major.
 * <h2>{@code IxMp} / {@code IxM2}: IndexIDMap(2); {@code IBMp} / {@code IBM2}: IndexBinaryIDMap(2)</h2>
 * fourcc, header, the flat index above, <b>[uint64]</b> ntotal, <b>[ntotal int64]</b> the id of each row.
 * <h2>{@code IwFl}: IndexIVFFlat; {@code IBwF}: IndexBinaryIVF</h2>
 * <ul>
 *   <li>fourcc, header, <b>[uint64]</b> nlist, <b>[uint64]</b> nprobe = 1</li>
 *   <li>the quantizer: a flat index of the same metric (binary: an IndexBinaryFlat) holding the nlist
 *       centroids</li>
 *   <li>direct map: <b>[uint8]</b> 0 (NoMap), <b>[uint64]</b> 0 (empty array)</li>
 *   <li>{@code ilar}, <b>[uint64]</b> nlist, <b>[uint64]</b> code_size = 4*d (binary: d/8), then the list sizes:
 *       {@code full} <b>[uint64]</b> nlist and <b>[nlist uint64]</b> sizes when more than nlist/2 (integer
 *       division) lists are non-empty, else {@code sprs} <b>[uint64]</b> 2k and k pairs <b>[uint64 list, uint64
 *       size]</b> of the non-empty lists in ascending order (faiss's own rule, {@code index_write.cpp}
 *       write_InvertedLists)</li>
 *   <li>then for each non-empty list in order: <b>[size*code_size bytes]</b> its vectors, <b>[size int64]</b>
 *       their ids</li>
 * </ul>
 */
final class FaissFileLayout {

    static final long HEADER_PLACEHOLDER = 1L << 20;

    private FaissFileLayout() {
    }

    /** Bytes of one stored row: d float32, or d bits. */
    static int rowBytes(Metric metric, int d) {
        return metric.binary() ? d / 8 : 4 * d;
    }

    /** Fourcc and header of a flat index of {@code ntotal} vectors, and the count of elements that follow. */
    static ByteBuffer flatPrefix(Metric metric, int d, long ntotal) {
        ByteBuffer b = buffer(4 + 33 + 8);
        fourcc(b, metric.flatFourcc());
        header(b, d, ntotal, metric);
        b.putLong(Math.multiplyExact(ntotal, metric.binary() ? d / 8 : d));
        return b.flip();
    }

    /** Fourcc and header of an id map ({@link Kind#IDMAP_FLAT} or {@link Kind#IDMAP2_FLAT}); the flat follows. */
    static ByteBuffer idMapPrefix(Kind kind, Metric metric, int d, long ntotal) {
        ByteBuffer b = buffer(4 + 33);
        String fourcc = kind == Kind.IDMAP_FLAT ? "Mp" : "M2";
        fourcc(b, (metric.binary() ? "IB" : "Ix") + fourcc);
        header(b, d, ntotal, metric);
        return b.flip();
    }

    /** The count before an IDMap's ids. */
    static ByteBuffer idCount(long ntotal) {
        return buffer(8).putLong(ntotal).flip();
    }

    /**
     * Everything of an IVF index up to its first list's vectors: header, quantizer with the centroids (their
     * stored rows, {@link #rowBytes} each), direct map, and the inverted lists' header with the sizes.
     */
    static ByteBuffer ivfPrefix(Metric metric, int d, byte[] centroids, long[] listSizes) {
        int nlist = listSizes.length;
        long ntotal = 0;
        int nonEmpty = 0;
        for (long size : listSizes) {
            ntotal += size;
            nonEmpty += size > 0 ? 1 : 0;
        }
        boolean full = nonEmpty > nlist / 2;
        int sizesBytes = full ? 8 * nlist : 16 * nonEmpty;
        ByteBuffer b = buffer(4 + 33 + 16 + (4 + 33 + 8) + centroids.length + 9 + 4 + 16 + 4 + 8 + sizesBytes);
        fourcc(b, metric.binary() ? "IBwF" : "IwFl");
        header(b, d, ntotal, metric);
        b.putLong(nlist).putLong(1);
        b.put(flatPrefix(metric, d, nlist));
        b.put(centroids);
        b.put((byte) 0).putLong(0);
        fourcc(b, "ilar");
        b.putLong(nlist).putLong(rowBytes(metric, d));
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

    /** Float centroids as the quantizer stores them: little-endian float32 rows. */
    static byte[] floatRows(float[] values) {
        ByteBuffer b = buffer(4L * values.length);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    private static void header(ByteBuffer b, int d, long ntotal, Metric metric) {
        if (metric.binary()) {
            b.putInt(d).putInt(d / 8).putLong(ntotal).put((byte) 1).putInt(metric.code());
            return;
        }
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
