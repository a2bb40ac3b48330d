package io.milvusdm.format.faiss.write;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What Faiss file to write. Float sources give float indexes ({@code IndexFlat}, {@code IndexIDMap(2)},
 * {@code IndexIVFFlat}); binary sources ({@code BINARY_VECTOR}) the binary indexes of the same kinds
 * ({@code IndexBinaryFlat}, {@code IndexBinaryIDMap(2)}, {@code IndexBinaryIVF}), with metric {@link Metric#HAMMING}.
 *
 * @param path the index file; written beside itself under a temporary name and renamed into place at the end
 * @param kind the index type
 * @param metric the index's metric
 * @param mode what to do when {@code path} exists
 * @param nlist inverted lists of an {@link Kind#IVF_FLAT} index; 0 chooses {@link FaissIvfTrainer#defaultNlist};
 *     ignored for flat indexes, and taken from the centroids when they are given
 * @param centroids a {@code .npy} of centroids to use instead of training: {@code (nlist, d)} float32 for a float
 *     index, {@code (nlist, d/8)} uint8 (packed bits) for a binary one; or {@code null}
 * @param seed the k-means seed: the same seed and input give the same centroids
 * @param trainingSample the most rows k-means trains on; 0 means {@code 256 * nlist}, faiss's
 *     {@code max_points_per_centroid}
 */
public record FaissWriteSpec(Path path, Kind kind, Metric metric, Mode mode, int nlist, long seed, Path centroids,
                             long trainingSample) {

    /** The index types this writer writes. */
    public enum Kind {
        /** {@code IndexFlatL2}/{@code IndexFlatIP} ({@code IndexBinaryFlat}): vectors only, numbered 0..n-1. */
        FLAT,
        /** {@code IndexIDMap} ({@code IndexBinaryIDMap}) over a flat index: vectors and the source's int64 ids. */
        IDMAP_FLAT,
        /**
         * {@code IndexIDMap2} ({@code IndexBinaryIDMap2}) over a flat index: as {@link #IDMAP_FLAT}, with faiss's
         * reverse map so that {@code reconstruct(id)} works; the same bytes apart from the fourcc.
         */
        IDMAP2_FLAT,
        /** {@code IndexIVFFlat} ({@code IndexBinaryIVF}) with a flat quantizer: vectors and ids in inverted lists. */
        IVF_FLAT
    }

    /** A Faiss metric, with its {@code MetricType} code and the fourcc of the flat index that uses it. */
    public enum Metric {
        INNER_PRODUCT(0, "IxFI"),
        L2(1, "IxF2"),
        /**
         * Binary indexes: they compare by Hamming distance whatever their header says; faiss writes
         * {@code METRIC_L2} (1) there, and so does this writer.
         */
        HAMMING(1, "IBxF");

        private final int code;
        private final String flatFourcc;

        Metric(int code, String flatFourcc) {
            this.code = code;
            this.flatFourcc = flatFourcc;
        }

        /** faiss's {@code MetricType} value: 0 inner product, 1 L2. */
        public int code() {
            return code;
        }

        public String flatFourcc() {
            return flatFourcc;
        }

        /** Whether this is the metric of binary indexes. */
        public boolean binary() {
            return this == HAMMING;
        }
    }

    /** What to do when the file exists. */
    public enum Mode {
        /** Leave the existing file untouched and report the skip. */
        SKIP,
        /** Replace it, once the new file is complete. */
        OVERWRITE,
        /** Refused: a Faiss file cannot be appended to in place. */
        APPEND
    }

    public FaissWriteSpec {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(mode, "mode");
        if (nlist < 0 || trainingSample < 0) {
            throw new IllegalArgumentException("nlist and trainingSample must not be negative, got " + nlist + " and "
                    + trainingSample);
        }
    }

    /** A flat or IDMap2 index, overwriting. */
    public static FaissWriteSpec flat(Path path, Kind kind, Metric metric) {
        return new FaissWriteSpec(path, kind, metric, Mode.OVERWRITE, 0, 0, null, 0);
    }

    /**
     * An IVF-Flat (binary IVF with {@link Metric#HAMMING}) index trained by our k-means, overwriting; {@code nlist}
     * 0 chooses.
     */
    public static FaissWriteSpec ivf(Path path, Metric metric, int nlist, long seed) {
        return new FaissWriteSpec(path, Kind.IVF_FLAT, metric, Mode.OVERWRITE, nlist, seed, null, 0);
    }

    /** An IVF-Flat (binary IVF with {@link Metric#HAMMING}) index over the given centroids, overwriting. */
    public static FaissWriteSpec ivfWithCentroids(Path path, Metric metric, Path centroids) {
        return new FaissWriteSpec(path, Kind.IVF_FLAT, metric, Mode.OVERWRITE, 0, 0, centroids, 0);
    }

    public FaissWriteSpec withMode(Mode newMode) {
        return new FaissWriteSpec(path, kind, metric, newMode, nlist, seed, centroids, trainingSample);
    }
}
