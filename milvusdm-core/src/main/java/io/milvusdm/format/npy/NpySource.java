package io.milvusdm.format.npy;

import io.milvusdm.format.FormatException;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.Source;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.Split;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Vectors and ids from NumPy {@code .npy} files: one or more pairs of a vectors file and an optional ids file.
 *
 * <h2>What is read</h2>
 * <ul>
 *   <li>Vectors: a 2-D C-order array. {@code <f4}/{@code >f4} give {@code FLOAT_VECTOR} bit for bit,
 *       {@code <f8}/{@code >f8} are narrowed to float32 (round to nearest even, as {@code astype(np.float32)});
 *       {@code |u1} of shape {@code (rows, d/8)} gives {@code BINARY_VECTOR} of dimension {@code d}, bits
 *       packed as stored; with the spec's {@link NpySourceSpec#byteVectorType} FLOAT16_VECTOR or BFLOAT16_VECTOR,
 *       {@code |u1} of shape {@code (rows, 2d)} gives half floats of dimension {@code d}, two bytes each as stored
 *       (pymilvus's BulkWriter saves them so).</li>
 *   <li>Ids: a 1-D integer array (or one column), as long as its vectors, widened to int64 (uint64 is refused:
 *       it may not fit). When no pair has ids, a row's key is its index across all files in order. With
 *       auto-id, ids are neither read nor sent.</li>
 *   <li>Scalar fields ({@link NpySourceSpec#scalarFields()}): a 1-D array each, as long as its vectors.</li>
 * </ul>
 *
 * <p>{@link #open} runs the pre-scan: every file's header is read and its size checked against its shape
 * ({@link NpyHeader}), ids counts must equal vectors counts, and every pair must have the same vector type and
 * dimension, and ids or none; otherwise a {@link FormatException} names the file.
 *
 * <p>Thread-safe: each {@link #open(Split, long)} has its own channels and buffers.
 */
public final class NpySource implements Source {

    private final List<NpyFileScan> files;
    private final long[] firstRows;
    private final boolean hasIds;
    private final SourceSchema schema;

    private NpySource(List<NpyFileScan> files, long[] firstRows, boolean hasIds, SourceSchema schema) {
        this.files = files;
        this.firstRows = firstRows;
        this.hasIds = hasIds;
        this.schema = schema;
    }

    /** Pre-scans every file of the spec, then returns the source; reads no row. */
    public static NpySource open(NpySourceSpec spec) throws IOException {
        List<NpyFileScan> files = new ArrayList<>();
        for (int i = 0; i < spec.files().size(); i++) {
            files.add(NpyFileScan.scan(i, spec.files().get(i), !spec.autoId(), spec.byteVectorType(),
                    spec.scalarFields()));
        }
        NpyFileScan first = files.get(0);
        long[] firstRows = new long[files.size()];
        long total = 0;
        for (NpyFileScan file : files) {
            if (file.vectorType() != first.vectorType() || file.dimension() != first.dimension()) {
                throw new FormatException("vectors disagree across files: " + describe(first) + ", " + describe(file),
                        file.vectorsFile(), -1);
            }
            firstRows[file.index()] = total;
            total = Math.addExact(total, file.rows());
        }
        boolean hasIds = checkIdsEverywhereOrNowhere(files);
        KeyKind keys = spec.autoId() ? KeyKind.NONE : KeyKind.INT64;
        SourceSchema schema = new SourceSchema(first.vectorType(), first.dimension(), keys, Optional.empty(), total,
                spec.scalarFields());
        return new NpySource(List.copyOf(files), firstRows, hasIds, schema);
    }

    private static String describe(NpyFileScan file) {
        return file.vectorsFile().getFileName() + " has " + file.vectorType() + " dim " + file.dimension() + " ("
                + file.vectors().dtype() + ")";
    }

    private static boolean checkIdsEverywhereOrNowhere(List<NpyFileScan> files) throws FormatException {
        NpyFileScan with = files.stream().filter(f -> f.ids() != null).findFirst().orElse(null);
        NpyFileScan without = files.stream().filter(f -> f.ids() == null).findFirst().orElse(null);
        if (with != null && without != null) {
            throw new FormatException("some vectors files have ids and others not: " + with.vectorsFile().getFileName()
                    + " has " + with.ids().file().getFileName() + ", " + without.vectorsFile().getFileName()
                    + " has none", without.vectorsFile(), -1);
        }
        return with != null;
    }

    @Override
    public SourceSchema schema() {
        return schema;
    }

    /** Rows in each vectors file, in the spec's order. */
    public long[] rowsPerFile() {
        return files.stream().mapToLong(NpyFileScan::rows).toArray();
    }

    /**
     * Every file's rows cut into {@link NpySplit}s of at most {@code maxSplitBytes} of vector payload (at least
     * one row), in file order, each row in exactly one split. A file with zero rows has no split.
     */
    @Override
    public List<Split> splits(long maxSplitBytes) {
        if (maxSplitBytes <= 0) {
            throw new IllegalArgumentException("maxSplitBytes must be positive, got " + maxSplitBytes);
        }
        List<Split> splits = new ArrayList<>();
        for (NpyFileScan file : files) {
            long perSplit = Math.max(1, maxSplitBytes / file.payloadBytesPerRow());
            for (long start = 0; start < file.rows(); start += perSplit) {
                splits.add(new NpySplit(file.index(), file.vectorsFile(), start, Math.min(perSplit, file.rows() - start)));
            }
        }
        return splits;
    }

    @Override
    public BatchReader open(Split split, long maxBatchBytes) throws IOException {
        if (maxBatchBytes <= 0) {
            throw new IllegalArgumentException("maxBatchBytes must be positive, got " + maxBatchBytes);
        }
        if (!(split instanceof NpySplit npy) || npy.fileIndex() >= files.size()
                || !files.get(npy.fileIndex()).vectorsFile().equals(npy.file())
                || npy.endRow() > files.get(npy.fileIndex()).rows()) {
            throw new IllegalArgumentException("split " + split.id() + " does not belong to this source");
        }
        NpyFileScan file = files.get(npy.fileIndex());
        NpyBatchReader.Keys keys = schema.keyKind() == KeyKind.NONE ? NpyBatchReader.Keys.NONE
                : hasIds ? NpyBatchReader.Keys.STORED_IDS : NpyBatchReader.Keys.ROW_INDEX;
        return NpyBatchReader.open(npy, file, keys, firstRows[npy.fileIndex()], schema.scalarFields(), maxBatchBytes);
    }

    /** Nothing to close: readers own their channels. */
    @Override
    public void close() {
    }
}
