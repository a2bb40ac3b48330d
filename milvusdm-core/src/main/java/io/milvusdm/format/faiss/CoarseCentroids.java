package io.milvusdm.format.faiss;

/**
 * Finds an IVF index's coarse centroids, which residual codes are relative to: the quantizer's vectors, nlist
 * float32 rows of d. The quantizer is a flat index, or an HNSW index over flat storage ({@code IVFn_HNSWm}); the
 * centroid of list l is row l.
 */
final class CoarseCentroids {

    private CoarseCentroids() {
    }

    /** The quantizer's nlist × d float32 rows, or {@code null} when it does not store them so. */
    static Section find(IvfHeader ivf) {
        FaissIndex quantizer = ivf.quantizer();
        if (quantizer instanceof FaissIndexHNSW hnsw) {
            quantizer = hnsw.storage();
        }
        if (quantizer instanceof FaissIndexFlat flat && flat.header().d() == ivf.header().d()
                && flat.header().ntotal() == ivf.nlist()) {
            return flat.vectors();
        }
        return null;
    }
}
