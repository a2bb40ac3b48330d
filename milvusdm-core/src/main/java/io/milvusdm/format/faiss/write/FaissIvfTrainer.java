package io.milvusdm.format.faiss.write;

import io.milvusdm.format.FormatException;
import io.milvusdm.format.faiss.write.FaissWriteSpec.Metric;
import io.milvusdm.format.npy.NpyReader;
import io.milvusdm.format.npy.NpyDtype;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.Source;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The centroids of an IVF index: trained on a sample of the source, or read from a {@code .npy}.
 *
 * <p>Training needs its sample before any row is written, so {@link FaissSink#prepare} calls
 * {@link #train} first: it draws which rows to sample (Knuth's selection sampling, a uniform choice of
 * {@code min(rows, maxSample)} rows, deterministic for a seed), reads them in the source's split order on the
 * calling thread, skipping splits where no row was drawn, and runs {@link KMeans} on them. The source is thus
 * read twice, once for the sample and once for the index; the sample is held in memory, as faiss holds it
 * ({@code 256 * nlist} rows by default, faiss's {@code max_points_per_centroid}).
 *
 * <p>Binary vectors are clustered as faiss's {@code IndexBinaryIVF::train} clusters them: each bit becomes the
 * float +1 (set) or -1 (clear) (the {@code IndexLSH} decoding it trains through), k-means runs on those floats by
 * L2 with the same {@value #NITER} iterations (its {@code cp.niter}), and each centroid component becomes a bit set
 * when it is above 0 ({@code real_to_binary}).
 */
public final class FaissIvfTrainer {

    /**
     * k-means iterations: faiss's IVF indexes set their {@code cp.niter} to this, not to the {@code Clustering}
     * default of 25 ({@code Level1Quantizer}'s constructor in {@code IndexIVF.cpp}, {@code IndexBinaryIVF}'s).
     */
    public static final int NITER = 10;
    /** faiss's {@code ClusteringParameters::max_points_per_centroid}: the default sample is this many per list. */
    public static final int MAX_POINTS_PER_CENTROID = 256;
    /** The largest list count {@link #defaultNlist} chooses. */
    public static final int MAX_DEFAULT_NLIST = 65536;

    private static final long BATCH_BYTES = 8L << 20;
    private static final long MAX_SAMPLE_FLOATS = Integer.MAX_VALUE - 8;

    private FaissIvfTrainer() {
    }

    /** About {@code 4 * sqrt(rows)} lists, the usual rule of thumb, at most {@value #MAX_DEFAULT_NLIST} and rows. */
    public static int defaultNlist(long rows) {
        long nlist = Math.round(4 * Math.sqrt(rows));
        return (int) Math.max(1, Math.min(Math.min(MAX_DEFAULT_NLIST, rows), nlist));
    }

    /**
     * Trains {@code nlist} centroids on a sample of at most {@code maxSample} rows of {@code source} (0: the
     * default {@code 256 * nlist}), reading the splits {@code source.splits(splitBytes)} gives.
     *
     * @return {@code nlist * d} floats, row-major
     */
    public static float[] train(Source source, long splitBytes, Metric metric, int nlist, long seed, long maxSample)
            throws IOException {
        float[] sample = sample(source, splitBytes, nlist, seed, maxSample);
        return KMeans.train(sample, source.schema().dimension(), nlist, metric, seed, NITER);
    }

    /**
     * Trains {@code nlist} binary centroids on a sample of at most {@code maxSample} rows of a binary
     * {@code source} (0: the default {@code 256 * nlist}), as faiss's {@code IndexBinaryIVF} trains them.
     *
     * @return {@code nlist * d/8} bytes, row-major, bits packed as the vectors are
     */
    public static byte[] trainBinary(Source source, long splitBytes, int nlist, long seed, long maxSample)
            throws IOException {
        int d = source.schema().dimension();
        float[] sample = sample(source, splitBytes, nlist, seed, maxSample);
        float[] centroids = KMeans.train(sample, d, nlist, Metric.L2, seed, NITER);
        byte[] bits = new byte[nlist * (d / 8)];
        for (int i = 0; i < centroids.length; i++) {
            if (centroids[i] > 0) {
                bits[i / 8] |= (byte) (1 << (i % 8));
            }
        }
        return bits;
    }

    /** The training rows as floats (binary rows as +1/-1 per bit), drawn from the source for {@code nlist} lists. */
    private static float[] sample(Source source, long splitBytes, int nlist, long seed, long maxSample)
            throws IOException {
        long rows = source.schema().totalRows();
        int d = source.schema().dimension();
        long wanted = maxSample > 0 ? maxSample : (long) MAX_POINTS_PER_CENTROID * nlist;
        long m = Math.min(rows, wanted);
        if (m < nlist) {
            throw new IllegalArgumentException("an IVF index of " + nlist + " lists needs at least " + nlist
                    + " training rows; the source has " + rows + " and the sample is " + m);
        }
        if (m * d > MAX_SAMPLE_FLOATS) {
            throw new IllegalArgumentException("a training sample of " + m + " rows of dimension " + d
                    + " does not fit one array; give a training sample of at most " + MAX_SAMPLE_FLOATS / d + " rows");
        }
        return sample(source, splitBytes, draw(rows, (int) m, seed), d);
    }

    /** Knuth's algorithm S: {@code m} of {@code n} row numbers, ascending, each subset equally likely. */
    static long[] draw(long n, int m, long seed) {
        long[] chosen = new long[m];
        if (m == n) {
            for (int i = 0; i < m; i++) {
                chosen[i] = i;
            }
            return chosen;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int taken = 0;
        for (long row = 0; taken < m; row++) {
            if ((n - row) * random.nextDouble() < m - taken) {
                chosen[taken++] = row;
            }
        }
        return chosen;
    }

    private static float[] sample(Source source, long splitBytes, long[] chosen, int d) throws IOException {
        float[] sample = new float[chosen.length * d];
        List<Split> splits = source.splits(splitBytes);
        int next = 0;
        long splitStart = 0;
        for (Split split : splits) {
            long splitEnd = splitStart + split.rowCount();
            if (next < chosen.length && chosen[next] < splitEnd) {
                next = copyChosen(source, split, splitStart, chosen, next, sample, d);
            }
            splitStart = splitEnd;
        }
        if (next != chosen.length) {
            throw new IllegalStateException("the source's splits hold " + splitStart + " rows, its schema "
                    + source.schema().totalRows());
        }
        return sample;
    }

    private static int copyChosen(Source source, Split split, long splitStart, long[] chosen, int next,
                                  float[] sample, int d) throws IOException {
        long row = splitStart;
        try (BatchReader reader = source.open(split, BATCH_BYTES)) {
            for (VectorBatch batch; (batch = reader.next()) != null; row += batch.rowCount()) {
                long end = row + batch.rowCount();
                while (next < chosen.length && chosen[next] < end) {
                    copyRow(batch, (int) (chosen[next] - row), sample, next * d, d);
                    next++;
                }
            }
        }
        return next;
    }

    /** Row {@code r} of a batch into {@code sample}: floats as they are, bits as +1 (set) or -1 (clear). */
    private static void copyRow(VectorBatch batch, int r, float[] sample, int at, int d) {
        if (batch.vectors() instanceof FloatVectors vectors) {
            System.arraycopy(vectors.values(), r * d, sample, at, d);
        } else if (batch.vectors() instanceof ByteVectors bits && bits.type() == VectorType.BINARY_VECTOR) {
            byte[] values = bits.values();
            int from = r * (d / 8);
            for (int i = 0; i < d; i++) {
                sample[at + i] = (values[from + i / 8] >> (i % 8) & 1) != 0 ? 1f : -1f;
            }
        } else {
            throw new IllegalArgumentException("IVF training needs float or binary vectors; split "
                    + batch.split().id() + " holds " + batch.vectors().type());
        }
    }

    /**
     * Reads {@code (nlist, d/8)} uint8 binary centroids (bits packed as the vectors are) from a {@code .npy},
     * checking their width.
     */
    public static byte[] loadBinaryCentroids(Path npy, int d) throws IOException {
        try (NpyReader reader = NpyReader.open(npy)) {
            long[] shape = reader.header().shape();
            if (shape.length != 2 || shape[1] != d / 8 || shape[0] < 1
                    || !reader.header().dtype().equals(NpyDtype.UINT8)) {
                throw new FormatException("binary centroids must be a (nlist, " + d / 8 + ") uint8 array; found "
                        + reader.header(), npy, -1);
            }
            byte[] centroids = new byte[Math.toIntExact(shape[0] * (d / 8))];
            reader.readBytes(0, (int) shape[0], centroids, 0);
            return centroids;
        }
    }

    /** Reads {@code (nlist, d)} float32 centroids from a {@code .npy}, checking their dimension. */
    public static float[] loadCentroids(Path npy, int d) throws IOException {
        try (NpyReader reader = NpyReader.open(npy)) {
            long[] shape = reader.header().shape();
            if (shape.length != 2 || shape[1] != d || shape[0] < 1 || !reader.header().dtype().isFloat()) {
                throw new FormatException("centroids must be a (nlist, " + d + ") float array; found "
                        + reader.header(), npy, -1);
            }
            float[] centroids = new float[Math.toIntExact(shape[0] * d)];
            reader.readFloats(0, (int) shape[0], centroids, 0);
            return centroids;
        }
    }
}
