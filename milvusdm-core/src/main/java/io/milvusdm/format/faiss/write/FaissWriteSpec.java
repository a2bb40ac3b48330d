package io.milvusdm.format.faiss.write;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What Faiss file to write.
 *
 * @param path the index file; written beside itself under a temporary name and renamed into place at the end
 * @param kind the index type
 * @param metric the index's metric
 * @param mode what to do when {@code path} exists
 * @param nlist inverted lists of an {@link Kind#IVF_FLAT} index; 0 chooses {@link FaissIvfTrainer#defaultNlist};
 *     ignored for flat indexes, and taken from the centroids when they are given
 * @param seed the k-means seed: the same seed and input give the same centroids
 * @param centroids a {@code .npy} of {@code (nlist, d)} float32 centroids to use instead of training, or {@code null}
 * @param trainingSample the most rows k-means trains on; 0 means {@code 256 * nlist}, faiss's
 *     {@code max_points_per_centroid}
 */
public record FaissWriteSpec(Path path, Kind kind, Metric metric, Mode mode, int nlist, long seed, Path centroids,
                             long trainingSample) {

    /** The index types this writer writes. */
    public enum Kind {
        /** {@code IndexFlatL2}/{@code IndexFlatIP}: vectors only; faiss numbers them 0..n-1. */
        FLAT,
        /** {@code IndexIDMap2} over a flat index: vectors and the source's int64 ids. */
        IDMAP2_FLAT,
        /** {@code IndexIVFFlat} with a flat quantizer: vectors and ids in inverted lists. */
        IVF_FLAT
    }

    /** A Faiss metric, with its {@code MetricType} code and the fourcc of the flat index that uses it. */
    public enum Metric {
        INNER_PRODUCT(0, "IxFI"),
        L2(1, "IxF2");

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

    /** An IVF-Flat index trained by our k-means, overwriting; {@code nlist} 0 chooses. */
    public static FaissWriteSpec ivf(Path path, Metric metric, int nlist, long seed) {
        return new FaissWriteSpec(path, Kind.IVF_FLAT, metric, Mode.OVERWRITE, nlist, seed, null, 0);
    }

    /** An IVF-Flat index over the given centroids, overwriting. */
    public static FaissWriteSpec ivfWithCentroids(Path path, Metric metric, Path centroids) {
        return new FaissWriteSpec(path, Kind.IVF_FLAT, metric, Mode.OVERWRITE, 0, 0, centroids, 0);
    }

    public FaissWriteSpec withMode(Mode newMode) {
        return new FaissWriteSpec(path, kind, metric, newMode, nlist, seed, centroids, trainingSample);
    }
}
