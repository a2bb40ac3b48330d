package io.milvusdm.format.faiss;

import io.milvusdm.format.BinaryInput;
import io.milvusdm.format.UnsupportedFormatException;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.Source;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.Split;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Vectors and ids from a Faiss index file whose vectors are stored exactly: flat, IVF-Flat (array, legacy and
 * on-disk lists), IVFFlatDedup (duplicates included), HNSW-Flat, IndexRefineFlat, id maps over these, and the
 * binary flat, IVF, HNSW, id map, hash and multi-hash indexes.
 *
 * <p>{@link #open} is the pre-scan: the whole structure is parsed and checked (sizes, ids count = ntotal, list
 * sizes sum = ntotal, every section inside its file) and no vector is read. Coded indexes (SQ, PQ, fast scan,
 * pre-transforms) fail with an {@link UnsupportedFormatException} saying they need the decoder; unrecoverable ones
 * say why.
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
    private volatile boolean closed;

    private FaissSource(FaissIndexFile file, FaissReadPlan plan, DedupTable dedup) {
        this.file = file;
        this.plan = plan;
        this.dedup = dedup;
        long[] rows = plan.rows();
        if (dedup != null && dedup.ids().length > 0) {
            rows = Arrays.copyOf(rows, rows.length + 1);
            rows[rows.length - 1] = dedup.ids().length;
        }
        this.blockRows = rows;
        this.schema = new SourceSchema(plan.type(), plan.dimension(), KeyKind.INT64,
                Optional.of(file.root().header().metricName()), Arrays.stream(rows).sum());
    }

    /** Parses and checks the index (and its on-disk lists' data file); reads no vector. */
    public static FaissSource open(Path index) throws IOException {
        FaissIndexFile file = FaissIndexFile.read(index);
        FaissReadPlan plan = file.plan();
        if (plan == null) {
            throw notReadable(file);
        }
        if (plan.dimension() <= 0) {
            throw new UnsupportedFormatException("the " + file.root().fourcc() + " index has dimension 0: there"
                    + " are no vectors to migrate", index, file.root().offset());
        }
        return new FaissSource(file, plan, plan.dedupInstances() == null ? null : loadDedup(index, plan));
    }

    private static IOException notReadable(FaissIndexFile file) {
        FaissDescription description = file.describe();
        String chain = description.root().fourcc();
        if (description.recovery() instanceof Recovery.Decoded decoded) {
            return new UnsupportedFormatException("the vectors of this " + chain + " index are stored as codes ("
                    + decoded.codec() + "): reading them needs the Faiss code decoder, which is not wired in yet",
                    file.file(), file.root().offset());
        }
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

    @Override
    public SourceSchema schema() {
        return schema;
    }

    /** The description of the file: its index tree, the recovery verdict, where ids come from. */
    public FaissDescription describe() {
        return file.describe();
    }

    /**
     * Blocks (inverted lists, hash buckets, flat storage, duplicates) cut into {@link FaissSplit}s of at most
     * {@code maxSplitBytes} of vectors: small blocks grouped, big ones cut into row ranges. Stable for a file.
     */
    @Override
    public List<Split> splits(long maxSplitBytes) {
        return FaissSplitter.split(file.file(), blockRows, plan.rowBytes(), maxSplitBytes);
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
        return new FaissBatchReader(faiss, plan, dedup, file.file(), maxBatchBytes);
    }

    @Override
    public void close() {
        closed = true;
    }
}
