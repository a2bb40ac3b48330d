package io.milvusdm.format.hdf5;

import io.milvusdm.pipeline.ArrayPool;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.Source;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Vectors and ids from HDF5 files, in MilvusDM's layout ({@code embeddings}, optional {@code ids}, and the scalar
 * fields milvusdm's own files describe in their {@code schema} attribute) or ann-benchmarks' ({@code train} or
 * {@code test}, no ids).
 *
 * <h2>What is read</h2>
 * <ul>
 *   <li>Vectors: a 2-D float32 or float64 dataset (rows x dimension) gives {@code FLOAT_VECTOR}; float64 is
 *       narrowed to float32 (round to nearest even), as MilvusDM and pymilvus do, since Milvus stores float32.
 *       A 2-D uint8 dataset (rows x dimension/8) or a 1-D dataset of fixed-length byte strings
 *       ({@code |S64}: dimension = 8 x length) gives {@code BINARY_VECTOR}, bits packed as stored.
 *       Either byte order; contiguous or chunked (deflate, shuffle and fletcher32 decoded here, the
 *       checksum verified; any other filter jhdf knows, such as lzf, decoded by jhdf).</li>
 *   <li>Ids: a 1-D integer dataset, as long as the vectors, widened to int64 (uint64 is refused: it may not
 *       fit). When no file has ids, a row's key is its index across all files in order (file 0 rows
 *       {@code 0..n0-1}, file 1 from {@code n0}, ...). With auto-id, ids are neither read nor sent.</li>
 *   <li>Scalar fields, in MilvusDM's layout: the fields the root {@code schema} attribute lists
 *       ({@link Hdf5ScalarSchema}), each from its dataset and, when nullable, its {@code <field>.valid} mask, into
 *       typed columns of the same types ({@link Hdf5ScalarReader}); every file must list the same fields. Files
 *       without the attribute have none.</li>
 * </ul>
 *
 * <p>{@link #open} runs the pre-scan: every file must open, hold the vector dataset with a supported type,
 * ids of the right count, the same vector type and dimension as the others, and not be truncated; otherwise
 * a {@link io.milvusdm.format.FormatException} names the file. Reading then needs no further checks but the
 * ones the bytes force (a file changed or damaged after the pre-scan).
 *
 * <p>Thread-safe: {@link #open(Split, long)} may be called from several threads at once; each reader has its
 * own file channel and buffers.
 */
public final class Hdf5Source implements Source {

    private final Hdf5Prescan prescan;
    private final SharedHdfFiles shared = new SharedHdfFiles();
    /** As many arrays of each kind as the JobRunner has batches in flight with its default two workers. */
    private final ArrayPool arrays = new ArrayPool(8);
    private volatile boolean closed;

    private Hdf5Source(Hdf5Prescan prescan) {
        this.prescan = prescan;
    }

    /** Pre-scans every file of the spec, then returns the source; reads no vector. */
    public static Hdf5Source open(Hdf5SourceSpec spec) throws IOException {
        return new Hdf5Source(Hdf5Prescan.run(spec));
    }

    @Override
    public SourceSchema schema() {
        return prescan.schema();
    }

    /**
     * The names a milvusdm file records for the key ({@code ids}) and vector ({@code embeddings}) fields, as its
     * source had them; empty for files without a {@code schema} attribute (MilvusDM's, other tools').
     */
    public Optional<Hdf5ScalarSchema.FieldNames> fieldNames() {
        return Optional.ofNullable(prescan.files().get(0).fieldNames());
    }

    /** Rows in each file, in the spec's order. */
    public long[] rowsPerFile() {
        return prescan.files().stream().mapToLong(Hdf5FileScan::rows).toArray();
    }

    /**
     * Every file's rows cut into {@link Hdf5Split}s of at most {@code maxSplitBytes} of vector payload (float32
     * or packed bits, at least one row), chunk-aligned in chunked datasets where a split spans a chunk;
     * in file order, each row in exactly one split. A file with zero rows has no split.
     */
    @Override
    public List<Split> splits(long maxSplitBytes) {
        return Hdf5Splitter.split(prescan.files(), maxSplitBytes);
    }

    /**
     * Opens a split from {@link #splits} (or an equal one, rebuilt from a ledger) for reading in batches of at
     * most {@code maxBatchBytes} of vectors plus keys, at least one row each.
     */
    @Override
    public BatchReader open(Split split, long maxBatchBytes) throws IOException {
        if (closed) {
            throw new IllegalStateException("the HDF5 source is closed");
        }
        if (maxBatchBytes <= 0) {
            throw new IllegalArgumentException("maxBatchBytes must be positive, got " + maxBatchBytes);
        }
        Hdf5Split h5 = checkSplit(split);
        Hdf5FileScan file = prescan.files().get(h5.fileIndex());
        return new Hdf5BatchReader(h5, file, prescan.keys(), prescan.firstRows()[h5.fileIndex()], maxBatchBytes,
                shared, arrays);
    }

    @Override
    public void recycle(VectorBatch batch) {
        arrays.recycle(batch);
    }

    private Hdf5Split checkSplit(Split split) {
        if (!(split instanceof Hdf5Split h5)) {
            throw new IllegalArgumentException("not an HDF5 split: " + split.id());
        }
        List<Hdf5FileScan> files = prescan.files();
        if (h5.fileIndex() >= files.size() || !files.get(h5.fileIndex()).path().equals(h5.file())
                || h5.endRow() > files.get(h5.fileIndex()).rows()) {
            throw new IllegalArgumentException("split " + h5.id() + " does not belong to this source");
        }
        return h5;
    }

    /** Closes the files readers share; readers still open fail on their next chunk. */
    @Override
    public void close() {
        closed = true;
        shared.close();
    }
}
