package io.milvusdm.format.faiss.codec;

/**
 * The last step of decoding an IVF index that encodes residuals: the codes hold {@code x - centroid[list]}, so the
 * list's coarse centroid is added back, as faiss's {@code reconstruct_from_offset} and {@code sa_decode} do
 * ({@code decoded[i] += centroid[i]}, in float: the same result bit for bit).
 *
 * <h2>When faiss encodes residuals</h2>
 * Only the index's {@code by_residual} flag decides, whatever produced the centroids (flat, HNSW or other coarse
 * quantizer: decode its storage first):
 * <ul>
 *   <li>IndexIVFPQ ({@code IwPQ}), IndexIVFPQR: {@code by_residual}, true by default. The polysemous training,
 *       {@code use_precomputed_table} and {@code scan_table_threshold} only change search, never the codes' meaning.
 *   <li>IndexIVFScalarQuantizer: {@code by_residual} (true by default), stored as a byte in {@code IwSq}; the older
 *       {@code IwSQ} has no byte and is always residual ({@code index_read.cpp}).
 *   <li>IndexIVFPQFastScan ({@code IwPf}): {@code by_residual}, false by default since faiss made it so for speed.
 * </ul>
 * QT_0bit IVF-SQ codes decode to zeros, so adding the centroid yields the centroid, which is what faiss returns.
 */
public final class ResidualDecoding {

    private ResidualDecoding() {
    }

    /**
     * Adds {@code centroid} (of {@code d = centroid.length} floats) to each of the {@code n} vectors of {@code d}
     * floats at {@code out[outOffset..]}.
     */
    public static void addCentroid(float[] out, int outOffset, int n, float[] centroid) {
        int d = centroid.length;
        CodecChecks.checkRange(out.length, outOffset, n, d, "out");
        for (int row = 0, o = outOffset; row < n; row++, o += d) {
            for (int i = 0; i < d; i++) {
                out[o + i] += centroid[i];
            }
        }
    }
}
