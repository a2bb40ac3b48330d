package io.milvusdm.format.faiss;

import io.milvusdm.format.BinaryInput;
import io.milvusdm.format.UnsupportedFormatException;
import io.milvusdm.pipeline.ArrayPool;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.Source;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Vectors and ids from a Faiss index file.
 *
 * <h2>What is read</h2>
 * <ul>
 *   <li>Exactly, bit for bit: flat, IVF-Flat (array, legacy and on-disk lists), IVFFlatDedup (duplicates
 *       included), HNSW-Flat, IndexRefineFlat, id maps over these, and the binary flat, IVF, HNSW, id map, hash
 *       and multi-hash indexes.
 *   <li>Decoded ({@link FaissDecoder}), bit-exact with faiss's own decode of the same codes: SQ ({@code IxSQ}),
 *       IVF-SQ ({@code IwSq}/{@code IwSQ}, residuals added back to the coarse centroid), HNSW-SQ ({@code IHNs}),
 *       PQ ({@code IxPq}), IVF-PQ ({@code IwPQ}), HNSW-PQ ({@code IHNp}), PQ fast scan ({@code IPfs}, {@code IwPf};
 *       block-packed, so splits and batches start on bbs-row block boundaries), IVF lists in any layout the parser
 *       reads (including on-disk), id maps and IndexRefine over these.
 *   <li>Pre-transforms ({@code IxPT}) over any of the above: the sub-index is decoded, then the chain is undone
 *       last transform first; the dimension becomes the outer one. Within float rounding for orthonormal
 *       matrices (random rotation, OPQ, PCA keeping every dimension) and centering.
 * </ul>
 *
 * <h2>Lossy gate</h2>
 * {@link #open(Path)} reads exact and lossless files only. A file whose {@link Recovery.Decoded#lossy()} verdict is
 * true (SQ 8/6/4-bit, PQ, PCA reducing the dimension, L2 normalisation, a remap dropping dimensions) needs
 * {@link #open(Path, boolean) open(index, true)}; otherwise it fails with an {@link UnsupportedFormatException}
 * naming the codec and its expected error. SQ fp16 / bf16 / 8bit_direct(_signed) decode to the stored values
 * exactly and orthonormal transforms and centering invert within float rounding: they need no flag (their
 * verdict is still {@link Recovery.Decoded}, with its bound, so the summary can say so).
 *
 * <h2>Error figures</h2>
 * {@link #expectedError()} is the codec's a-priori bound ({@link DecodeErrors}): a number for SQ, none for PQ.
 * {@link #measuredMaxError()} is a measurement against exact vectors stored in the same file, which only an
 * IndexRefine over a coded base has: see {@link RefineCheck}.
 *
 * <p>{@link #open} is the pre-scan: the whole structure is parsed and checked (sizes, ids count = ntotal, list
 * sizes sum = ntotal, every section inside its file), the decoder's parameters are loaded and no vector is read.
 * Unrecoverable files fail saying why.
 *
 * <p>Ids: from the id map, else the IVF lists (or hash buckets), else positions {@code 0..ntotal-1}. The schema's
 * metric is the file's ({@code L2}, {@code IP}, ..., {@code HAMMING} for binary indexes).
 *
 * <p>Thread-safe: {@link #open(Split, long)} may be called from several threads; each reader has its own channels.
 */
public final class FaissSource implements Source {

    private final FaissIndexFile file;
    private final FaissReadPlan plan;
    private final DedupTable dedup;
    private final long[] blockRows;
    private final SourceSchema schema;
    /** As many arrays of each kind as the JobRunner has batches in flight with its default two workers. */
    private final ArrayPool arrays = new ArrayPool(8);
    private final RefineCheck refineCheck;
    private volatile boolean closed;

    private FaissSource(FaissIndexFile file, FaissReadPlan plan, DedupTable dedup, RefineCheck refineCheck) {
        this.file = file;
        this.plan = plan;
        this.dedup = dedup;
        this.refineCheck = refineCheck;
        long[] rows = plan.rows();
        if (dedup != null && dedup.ids().length > 0) {
            rows = Arrays.copyOf(rows, rows.length + 1);
            rows[rows.length - 1] = dedup.ids().length;
        }
        this.blockRows = rows;
        this.schema = new SourceSchema(plan.type(), plan.dimension(), KeyKind.INT64,
                Optional.of(file.root().header().metricName()), Arrays.stream(rows).sum());
    }

    /** {@link #open(Path, boolean) open(index, false)}: exact and lossless files only. */
    public static FaissSource open(Path index) throws IOException {
        return open(index, false);
    }

    /**
     * Parses and checks the index (and its on-disk lists' data file) and loads the decoder's parameters; reads no
     * vector.
     *
     * @param allowLossy whether to accept vectors decoded from lossy codes ({@link Recovery.Decoded#lossy()})
     * @throws UnsupportedFormatException when the vectors cannot be recovered, or are lossy and not allowed
     */
    public static FaissSource open(Path index, boolean allowLossy) throws IOException {
        FaissIndexFile file = FaissIndexFile.read(index);
        FaissReadPlan plan = file.plan();
        if (plan == null) {
            throw notReadable(file);
        }
        if (!allowLossy && file.describe().recovery() instanceof Recovery.Decoded decoded && decoded.lossy()) {
            throw lossy(file, decoded);
        }
        if (plan.dimension() <= 0) {
            throw new UnsupportedFormatException("the " + file.root().fourcc() + " index has dimension 0: there"
                    + " are no vectors to migrate", index, file.root().offset());
        }
        return new FaissSource(file, plan, plan.dedupInstances() == null ? null : loadDedup(index, plan),
                RefineCheck.of(file));
    }

    private static UnsupportedFormatException lossy(FaissIndexFile file, Recovery.Decoded decoded) {
        return new UnsupportedFormatException("the vectors of this " + file.root().fourcc() + " index are stored as"
                + " lossy codes (" + decoded.codec() + "): decoding gives approximations, not the original vectors ("
                + decoded.expectedError().text() + "); set allow_lossy: true in the job or pass --allow-lossy to"
                + " accept decoded vectors", file.file(), file.root().offset());
    }

    private static IOException notReadable(FaissIndexFile file) {
        FaissDescription description = file.describe();
        String chain = description.root().fourcc();
        String reason = ((Recovery.None) description.recovery()).reason();
        if (file.missingDataFile()) {
            return new NoSuchFileException(file.file().toString(), null, reason);
        }
        return new UnsupportedFormatException("the vectors of this " + chain + " index cannot be recovered: "
                + reason, file.file(), file.root().offset());
    }

    private static DedupTable loadDedup(Path index, FaissReadPlan plan) throws IOException {
        if (plan.dedupInstances().length() / 16 > DedupTable.MAX_PAIRS) {
            throw new UnsupportedFormatException("more than " + DedupTable.MAX_PAIRS + " duplicates in an"
                    + " IVFFlatDedup index", index, plan.dedupInstances().offset());
        }
        try (BinaryInput in = BinaryInput.open(index);
             BinaryInput data = plan.dataFile().equals(index) ? null : BinaryInput.open(plan.dataFile())) {
            return DedupTable.load(plan, in, data == null ? in : data);
        }
    }

    /** Receives ids in chunks: {@code ids[0..count)}; the array is reused for the next chunk. */
    @FunctionalInterface
    public interface IdVisitor {
        void accept(long[] ids, int count) throws IOException;
    }

    /**
     * Reads the id of every row and no vector, in the order the splits of {@link #splits} produce the rows (split
     * after split): for callers that must check ids against something else before any row moves.
     */
    public void scanIds(IdVisitor visitor) throws IOException {
        FaissIdScan.scan(plan, dedup, file.file(), visitor);
    }

    @Override
    public SourceSchema schema() {
        return schema;
    }

    /**
     * The description of the file: its index tree, the recovery verdict (for decoded files the codec, whether it
     * is lossy and the expected error), where ids come from.
     */
    public FaissDescription describe() {
        return file.describe();
    }

    /**
     * The a-priori bound on the per-component error of the vectors this source produces, against the vectors faiss
     * was given: zero for exact files, the codec's bound for decoded ones (no number for PQ; see the text).
     */
    public Recovery.ErrorBound expectedError() {
        return file.describe().recovery() instanceof Recovery.Decoded decoded ? decoded.expectedError()
                : new Recovery.ErrorBound(OptionalDouble.of(0), 0, "stored exactly");
    }

    /**
     * The largest {@code |decoded - exact|} over every component of the rows read so far, where the file holds a
     * reference to measure against (an IndexRefine over a coded base: see {@link RefineCheck}); empty otherwise.
     * After every split has been read it covers the whole file.
     */
    public OptionalDouble measuredMaxError() {
        return refineCheck == null ? OptionalDouble.empty() : refineCheck.measured();
    }

    /** Bytes of one output vector: the decoded floats for coded rows, else the stored row. */
    static long outputRowBytes(FaissReadPlan plan) {
        return plan.coded() != null ? 4L * plan.dimension() : plan.rowBytes();
    }

    /** Rows that splits and batches start at multiples of within a block: bbs for fast-scan codes, else 1. */
    static int rowAlignment(FaissReadPlan plan) {
        return plan.coded() != null ? plan.coded().bbs() : 1;
    }

    /**
     * Blocks (inverted lists, hash buckets, flat storage, duplicates) cut into {@link FaissSplit}s of at most
     * {@code maxSplitBytes} of vectors: small blocks grouped, big ones cut into row ranges. Stable for a file.
     */
    @Override
    public List<Split> splits(long maxSplitBytes) {
        return FaissSplitter.split(file.file(), blockRows, outputRowBytes(plan), rowAlignment(plan), maxSplitBytes);
    }

    @Override
    public BatchReader open(Split split, long maxBatchBytes) throws IOException {
        if (closed) {
            throw new IllegalStateException("the Faiss source is closed");
        }
        if (maxBatchBytes <= 0) {
            throw new IllegalArgumentException("maxBatchBytes must be positive, got " + maxBatchBytes);
        }
        if (!(split instanceof FaissSplit faiss) || !faiss.file().equals(file.file())
                || faiss.firstBlock() + faiss.blockCount() > blockRows.length
                || faiss.startRow() + faiss.rowCount() > Arrays.stream(blockRows, faiss.firstBlock(),
                        faiss.firstBlock() + faiss.blockCount()).sum()) {
            throw new IllegalArgumentException("split " + split.id() + " does not belong to this source");
        }
        BatchReader reader = new FaissBatchReader(faiss, plan, dedup, file.decoder(), file.file(), maxBatchBytes,
                arrays);
        return refineCheck == null ? reader : refineCheck.wrap(reader, faiss, maxBatchBytes);
    }

    @Override
    public void recycle(VectorBatch batch) {
        arrays.recycle(batch);
    }

    @Override
    public void close() {
        closed = true;
    }
}
