package io.milvusdm.format.faiss.write;

import io.milvusdm.format.StagingFile;
import io.milvusdm.format.faiss.write.FaissWriteSpec.Kind;
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
import io.milvusdm.pipeline.VectorType;
import io.milvusdm.pipeline.WriteKind;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * Writes a source into one Faiss index file ({@link FaissWriteSpec.Kind}: {@code IxF2}/{@code IxFI},
 * {@code IxM2} over them, or {@code IwFl}), byte for byte as faiss writes the same index ({@link FaissFileLayout}).
 *
 * <h2>How</h2>
 * <ul>
 *   <li>{@link #prepare} checks the schema (float vectors, int64 ids unless FLAT) and the mode: an existing file
 *       is skipped with {@code SKIP}, replaced at the very end with {@code OVERWRITE}; {@code APPEND} and resume
 *       are refused. For IVF it then gets the centroids: read from the spec's {@code .npy}, or trained by
 *       {@link FaissIvfTrainer} on a sample of the source, before any row moves.</li>
 *   <li>{@link #write} (thread-safe) assigns each row its inverted list (nearest centroid) and appends the batch
 *       to a {@link StagingFile} beside the target.</li>
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
    private ListAssigner assigner;
    private float[] centroids;
    private int dimension;

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
        if (spec.kind() == Kind.IVF_FLAT) {
            centroids = centroids(schema);
            assigner = new ListAssigner(spec.metric(), dimension, centroids);
        }
        staging = StagingFile.create(dir, "." + target.getFileName() + ".", source.splits(splitBytes));
        String what = spec.kind() == Kind.IVF_FLAT ? "IVF_FLAT index of " + assigner.nlist() + " lists"
                : spec.kind() + " index";
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
                + "vector a row");
        if (withoutVectors != null) {
            throw new IOException(withoutVectors);
        }
        if (schema.vectorType() != VectorType.FLOAT_VECTOR) {
            throw new IOException("a Faiss " + spec.kind() + " index holds float vectors; the source has "
                    + schema.vectorType());
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

    private float[] centroids(SourceSchema schema) throws IOException {
        if (spec.centroids() != null) {
            return FaissIvfTrainer.loadCentroids(spec.centroids(), schema.dimension());
        }
        int nlist = spec.nlist() > 0 ? spec.nlist() : FaissIvfTrainer.defaultNlist(schema.totalRows());
        return FaissIvfTrainer.train(source, splitBytes, spec.metric(), nlist, spec.seed(), spec.trainingSample());
    }

    @Override
    public void write(VectorBatch batch, WriteKind kind) throws IOException {
        if (staging == null) {
            throw new IllegalStateException("write before prepare, or after a skip");
        }
        if (!(batch.vectors() instanceof FloatVectors vectors) || vectors.dimension() != dimension) {
            throw new IllegalArgumentException("batch of " + batch.vectors().type() + " dim "
                    + batch.vectors().dimension() + " for a Faiss index of FLOAT_VECTOR dim " + dimension);
        }
        long[] ids = spec.kind() == Kind.FLAT ? null : ((PrimaryKeys.Int64Keys) batch.keys()).values();
        int rows = batch.rowCount();
        if (assigner == null) {
            staging.append(batch.split(), batch.firstRow(), rows, new int[] {0}, new int[] {rows},
                    block(vectors.values(), ids, rows, null, null));
            return;
        }
        int[] lists = new int[rows];
        assigner.assign(vectors.values(), 0, rows, lists);
        int[] perList = new int[assigner.nlist()];
        for (int list : lists) {
            perList[list]++;
        }
        int nonEmpty = (int) Arrays.stream(perList).filter(c -> c > 0).count();
        int[] runLists = new int[nonEmpty];
        int[] runCounts = new int[nonEmpty];
        int[] start = new int[assigner.nlist()];
        for (int list = 0, i = 0, at = 0; list < perList.length; list++) {
            start[list] = at;
            at += perList[list];
            if (perList[list] > 0) {
                runLists[i] = list;
                runCounts[i++] = perList[list];
            }
        }
        staging.append(batch.split(), batch.firstRow(), rows, runLists, runCounts,
                block(vectors.values(), ids, rows, lists, start));
    }

    /** The staging block: vectors, then ids, each grouped by list ({@code lists == null}: one list, as given). */
    private ByteBuffer block(float[] values, long[] ids, int rows, int[] lists, int[] start) {
        int rowBytes = 4 * dimension;
        ByteBuffer block = ByteBuffer.allocate(rows * (rowBytes + (ids == null ? 0 : 8))).order(ByteOrder.LITTLE_ENDIAN);
        if (lists == null) {
            block.asFloatBuffer().put(values, 0, rows * dimension);
            if (ids != null) {
                block.position(rows * rowBytes).asLongBuffer().put(ids, 0, rows);
            }
            return block.position(0);
        }
        var floats = block.asFloatBuffer();
        var longs = block.position(rows * rowBytes).asLongBuffer();
        for (int row = 0; row < rows; row++) {
            int slot = start[lists[row]]++;
            floats.put(slot * dimension, values, row * dimension, dimension);
            longs.put(slot, ids[row]);
        }
        return block.position(0);
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
