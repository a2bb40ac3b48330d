package io.milvusdm.format.faiss.write;

import io.milvusdm.format.StagingFile;
import io.milvusdm.format.faiss.write.FaissWriteSpec.Kind;
import io.milvusdm.format.faiss.write.FaissWriteSpec.Metric;
import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.RunOptions;
import io.milvusdm.pipeline.Sink;
import io.milvusdm.pipeline.SinkCompletion;
import io.milvusdm.pipeline.SinkPreparation;
import io.milvusdm.pipeline.Source;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorColumn;
import io.milvusdm.pipeline.VectorType;
import io.milvusdm.pipeline.WriteKind;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * Writes a source into one Faiss index file ({@link FaissWriteSpec.Kind}: {@code IxF2}/{@code IxFI},
 * {@code IxMp}/{@code IxM2} over them, or {@code IwFl}; from binary vectors {@code IBxF}, {@code IBMp}/{@code IBM2}
 * or {@code IBwF}), byte for byte as faiss writes the same index ({@link FaissFileLayout}).
 *
 * <h2>How</h2>
 * <ul>
 *   <li>{@link #prepare} checks the schema (float vectors with metric L2 or IP, or binary vectors with
 *       {@link Metric#HAMMING}; int64 ids unless FLAT) and the mode: an existing file is skipped with
 *       {@code SKIP}, replaced at the very end with {@code OVERWRITE}; {@code APPEND} and resume are refused. For
 *       IVF it then gets the centroids: read from the spec's {@code .npy}, or trained by {@link FaissIvfTrainer}
 *       on a sample of the source, before any row moves.</li>
 *   <li>{@link #write} (thread-safe) assigns each row its inverted list (nearest centroid by the index's metric,
 *       Hamming for binary) and appends the batch to a {@link StagingFile} beside the target.</li>
 *   <li>{@link #complete} assembles the index in the source's order (split order, then row order: the order
 *       faiss would have added the rows in) into a temporary file beside the target, forces it to disk and
 *       renames it over the target; the staging file is deleted by {@link #close}.</li>
 * </ul>
 * Memory stays bounded: batches go to disk as they come, and what stays is one small record per batch. A FLAT
 * index stores no ids: faiss numbers its rows 0..n-1 in the source's order.
 */
public final class FaissSink implements Sink {

    /** faiss ≥ 1.14 refuses to read an index of a larger dimension ({@code index_read.cpp}). */
    static final int MAX_DIMENSION = 1 << 20;

    private final FaissWriteSpec spec;
    private final Source source;
    private final long splitBytes;
    private StagingFile staging;
    private ListAssigner floatLists;
    private BinaryListAssigner binaryLists;
    private byte[] centroids;
    private int dimension;
    private int rowBytes;

    /**
     * @param source the job's source: its splits give the order rows are written in, and IVF training samples it
     * @param options the job's options: {@link RunOptions#splitBytes()} must be the one the runner cuts splits with
     */
    public FaissSink(FaissWriteSpec spec, Source source, RunOptions options) {
        this.spec = spec;
        this.source = source;
        this.splitBytes = options.splitBytes();
    }

    @Override
    public SinkPreparation prepare(SourceSchema schema, boolean resuming, long baselineRows) throws IOException {
        checkSchema(schema, resuming);
        Path target = spec.path().toAbsolutePath();
        if (Files.exists(target)) {
            if (spec.mode() == FaissWriteSpec.Mode.SKIP) {
                return new SinkPreparation(true, "skipped: Faiss file " + target + " exists", 0);
            }
            if (!Files.isRegularFile(target)) {
                throw new IOException("cannot write a Faiss index to " + target + ": it exists and is not a file");
            }
        }
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new IOException("cannot write a Faiss index to " + target + ": " + dir
                    + " is not a writable directory");
        }
        dimension = schema.dimension();
        rowBytes = FaissFileLayout.rowBytes(spec.metric(), dimension);
        int nlist = 0;
        if (spec.kind() == Kind.IVF_FLAT) {
            nlist = prepareLists(schema);
        }
        staging = StagingFile.create(dir, "." + target.getFileName() + ".", source.splits(splitBytes));
        String what = (spec.metric().binary() ? "binary " : "") + spec.kind()
                + (spec.kind() == Kind.IVF_FLAT ? " index of " + nlist + " lists" : " index");
        return new SinkPreparation(false, (Files.exists(target) ? "replacing" : "writing") + " " + what + " "
                + target, 0);
    }

    private void checkSchema(SourceSchema schema, boolean resuming) throws IOException {
        if (spec.mode() == FaissWriteSpec.Mode.APPEND) {
            throw new IOException("mode append is not possible for a Faiss file (" + spec.path() + "): faiss cannot "
                    + "add rows to a file in place; use overwrite, or skip");
        }
        if (resuming) {
            throw new IOException("a Faiss file (" + spec.path() + ") is written in one run and cannot be resumed; "
                    + "run the job again without resume");
        }
        String withoutVectors = schema.withoutVectorsMessage("a Faiss index (" + spec.path() + ") holds one float "
                + "or binary vector a row");
        if (withoutVectors != null) {
            throw new IOException(withoutVectors);
        }
        if (schema.vectorType() == VectorType.BINARY_VECTOR) {
            if (!spec.metric().binary()) {
                throw new IOException("the source has binary vectors, which a Faiss binary index compares by Hamming"
                        + " distance; the job asks for metric " + spec.metric() + " (use HAMMING)");
            }
            if (schema.dimension() <= 0 || schema.dimension() % 8 != 0) {
                throw new IOException("a Faiss binary index needs a dimension that is a multiple of 8; the source has "
                        + schema.dimension());
            }
        } else if (schema.vectorType() != VectorType.FLOAT_VECTOR) {
            throw new IOException("a Faiss " + spec.kind() + " index holds float or binary vectors; the source has "
                    + schema.vectorType());
        } else if (spec.metric().binary()) {
            throw new IOException("metric HAMMING is for binary vectors; the source has FLOAT_VECTOR (use L2 or IP)");
        }
        if (schema.dimension() > MAX_DIMENSION) {
            throw new IOException("dimension " + schema.dimension() + " exceeds faiss's limit of " + MAX_DIMENSION);
        }
        if (spec.kind() != Kind.FLAT && schema.keyKind() != KeyKind.INT64) {
            throw new IOException("a Faiss " + spec.kind() + " index stores int64 ids; the source has "
                    + (schema.keyKind() == KeyKind.NONE ? "none (auto-id)" : schema.keyKind() + " ids")
                    + (schema.keyKind() == KeyKind.NONE ? "; turn auto-id off, or write a FLAT index" : ""));
        }
    }

    /** Loads or trains the centroids and makes the list assigner; returns nlist. */
    private int prepareLists(SourceSchema schema) throws IOException {
        int d = schema.dimension();
        int nlist = spec.nlist() > 0 ? spec.nlist() : FaissIvfTrainer.defaultNlist(schema.totalRows());
        if (spec.metric().binary()) {
            centroids = spec.centroids() != null ? FaissIvfTrainer.loadBinaryCentroids(spec.centroids(), d)
                    : FaissIvfTrainer.trainBinary(source, splitBytes, nlist, spec.seed(), spec.trainingSample());
            binaryLists = new BinaryListAssigner(d / 8, centroids);
            return binaryLists.nlist();
        }
        float[] floats = spec.centroids() != null ? FaissIvfTrainer.loadCentroids(spec.centroids(), d)
                : FaissIvfTrainer.train(source, splitBytes, spec.metric(), nlist, spec.seed(), spec.trainingSample());
        floatLists = new ListAssigner(spec.metric(), d, floats);
        centroids = FaissFileLayout.floatRows(floats);
        return floatLists.nlist();
    }

    @Override
    public void write(VectorBatch batch, WriteKind kind) throws IOException {
        if (staging == null) {
            throw new IllegalStateException("write before prepare, or after a skip");
        }
        VectorColumn vectors = batch.vectors();
        boolean fits = spec.metric().binary() ? vectors instanceof ByteVectors bits
                && bits.type() == VectorType.BINARY_VECTOR : vectors instanceof FloatVectors;
        if (!fits || vectors.dimension() != dimension) {
            throw new IllegalArgumentException("batch of " + vectors.type() + " dim " + vectors.dimension()
                    + " for a Faiss index of " + (spec.metric().binary() ? "BINARY_VECTOR" : "FLOAT_VECTOR")
                    + " dim " + dimension);
        }
        long[] ids = spec.kind() == Kind.FLAT ? null : ((PrimaryKeys.Int64Keys) batch.keys()).values();
        int rows = batch.rowCount();
        if (spec.kind() != Kind.IVF_FLAT) {
            staging.append(batch.split(), batch.firstRow(), rows, new int[] {0}, new int[] {rows},
                    block(vectors, ids, rows, null, null));
            return;
        }
        int[] lists = new int[rows];
        int nlist;
        if (binaryLists != null) {
            binaryLists.assign(((ByteVectors) vectors).values(), lists);
            nlist = binaryLists.nlist();
        } else {
            floatLists.assign(((FloatVectors) vectors).values(), 0, rows, lists);
            nlist = floatLists.nlist();
        }
        int[] perList = new int[nlist];
        for (int list : lists) {
            perList[list]++;
        }
        int nonEmpty = (int) Arrays.stream(perList).filter(c -> c > 0).count();
        int[] runLists = new int[nonEmpty];
        int[] runCounts = new int[nonEmpty];
        int[] start = new int[nlist];
        for (int list = 0, i = 0, at = 0; list < perList.length; list++) {
            start[list] = at;
            at += perList[list];
            if (perList[list] > 0) {
                runLists[i] = list;
                runCounts[i++] = perList[list];
            }
        }
        staging.append(batch.split(), batch.firstRow(), rows, runLists, runCounts,
                block(vectors, ids, rows, lists, start));
    }

    /**
     * The staging block: the rows' stored bytes (float32 or packed bits), then ids, each grouped by list
     * ({@code lists == null}: one list, as given).
     */
    private ByteBuffer block(VectorColumn vectors, long[] ids, int rows, int[] lists, int[] start) {
        ByteBuffer block = ByteBuffer.allocate(rows * (rowBytes + (ids == null ? 0 : 8)))
                .order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer floats = block.asFloatBuffer();
        LongBuffer longs = block.position(rows * rowBytes).asLongBuffer();
        block.position(0);
        if (lists == null) {
            putRows(block, floats, vectors, 0, 0, rows);
            if (ids != null) {
                longs.put(ids, 0, rows);
            }
            return block;
        }
        for (int row = 0; row < rows; row++) {
            int slot = start[lists[row]]++;
            putRows(block, floats, vectors, row, slot, 1);
            longs.put(slot, ids[row]);
        }
        return block;
    }

    /** Rows {@code [row, row + n)} of the batch into the block (or its float view) from row slot {@code slot}. */
    private void putRows(ByteBuffer block, FloatBuffer floats, VectorColumn vectors, int row, int slot, int n) {
        if (vectors instanceof FloatVectors values) {
            floats.put(slot * dimension, values.values(), row * dimension, n * dimension);
        } else {
            block.put(slot * rowBytes, ((ByteVectors) vectors).values(), row * rowBytes, n * rowBytes);
        }
    }

    /** Assembles the index beside the target, forces it to disk and renames it into place. */
    @Override
    public SinkCompletion complete(long rowsBefore, long sourceRows) throws IOException {
        Path target = spec.path().toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            Files.delete(temp);
            long rows = new IndexAssembler(spec.kind(), spec.metric(), dimension, centroids).assemble(staging, temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new SinkCompletion(rows, sourceRows);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public void close() throws IOException {
        if (staging != null) {
            staging.close();
            staging = null;
        }
    }
}
