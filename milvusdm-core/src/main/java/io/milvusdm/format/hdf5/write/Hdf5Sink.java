package io.milvusdm.format.hdf5.write;

import io.milvusdm.format.StagingFile;
import io.milvusdm.format.hdf5.Hdf5ScalarSchema;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.OrderedDataType;
import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.RunOptions;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.ScalarType;
import io.milvusdm.pipeline.Sink;
import io.milvusdm.pipeline.SinkCompletion;
import io.milvusdm.pipeline.SinkPreparation;
import io.milvusdm.pipeline.Source;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorType;
import io.milvusdm.pipeline.WriteKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Writes a source into one HDF5 file in MilvusDM's layout, the one its M2H wrote and its H2M reads.
 *
 * <h2>File</h2>
 * <ul>
 *   <li>dataset {@code embeddings}: float32 {@code (n, d)} for float vectors, uint8 {@code (n, d/8)} for binary
 *       vectors (packed bits, as MilvusDM converted them); contiguous, uncompressed</li>
 *   <li>dataset {@code ids}: int64 {@code (n,)}, when the source has INT64 keys; absent for auto-id sources</li>
 *   <li>one dataset {@code (n,)} per scalar field, named as the field, in the natural type of the field (bool,
 *       int8 .. int64, float32, float64; fixed-length UTF-8 strings for VARCHAR, and JSON text for JSON, ARRAY
 *       and the dynamic field {@code $meta}); for a nullable field a second dataset of valid flags,
 *       {@code <field>.valid}; attributes on each recording its Milvus type: see {@link Hdf5ScalarSchema}</li>
 *   <li>per other vector field of the source (a second dense vector, binary, float16, bfloat16, int8, sparse):
 *       a dense one's {@code (n, width)} dataset named as the field (float32; uint8 packed bits; IEEE half;
 *       bfloat16's bits as uint16; int8), a sparse one's CSR parts {@code <field>.indptr} (int64, n + 1),
 *       {@code <field>.indices} (uint32) and {@code <field>.data} (float32); {@code <field>.valid} when
 *       nullable ({@link ScalarDatasets})</li>
 *   <li>root attributes {@code dimension} (int32, in bits for binary vectors), {@code vector_type}
 *       ({@code FLOAT_VECTOR}/{@code BINARY_VECTOR}), when the source records one, {@code metric}, and
 *       {@code schema}: a JSON list of the fields ({@link Hdf5ScalarSchema#toJson}), from which milvusdm's H2M
 *       restores them; MilvusDM reads no attributes</li>
 * </ul>
 * Rows are in the source's order: split order, then row order. With {@link Hdf5WriteSpec.Compression} every
 * dataset is chunked (whole rows, about 1 MiB a chunk) through the shuffle and deflate filters
 * ({@link ChunkWriter}); otherwise contiguous, as MilvusDM wrote them.
 *
 * <h2>Memory</h2>
 * jhdf keeps every dataset put into a file in memory until {@code close()}. This sink does not give it the data:
 * {@link #write} (thread-safe) appends each batch to a {@link StagingFile} file beside the target as it comes, and
 * {@link #complete} puts {@link StreamedDataset}s whose bytes jhdf's close copies from that file
 * ({@code FileChannel.transferTo}, in the kernel). What stays on the heap is one small record per batch (about
 * 40 bytes; 25,000 for 200 GB in 8 MiB batches), so a file larger than the heap is written with the heap the
 * runner's batches need. Disk needs about twice the file's size until the staging file is deleted.
 *
 * <h2>Modes</h2>
 * An existing file is skipped with {@code SKIP}, replaced at the very end with {@code OVERWRITE}: the new file
 * is built under a temporary name beside the target, forced to disk and renamed over it, so a failed run leaves
 * the old file whole. A file is written in one run: resume is refused.
 */
public final class Hdf5Sink implements Sink {

    /** The datasets and attributes of MilvusDM's layout. */
    public static final String EMBEDDINGS = "embeddings";
    public static final String IDS = "ids";
    public static final String ATTR_DIMENSION = "dimension";
    public static final String ATTR_VECTOR_TYPE = "vector_type";
    public static final String ATTR_METRIC = "metric";
    public static final String ATTR_SCHEMA = Hdf5ScalarSchema.ATTR_SCHEMA;

    private static final DataType FLOAT32 = FloatingPoint.FLOAT;
    /** Blocks kept for reuse: about one a writer thread. */
    private static final int MAX_SPARE_BLOCKS = 4;
    private static final DataType UINT8 = new FixedPoint(1, false);
    private static final DataType INT64 = new FixedPoint(8, true);

    private final Hdf5WriteSpec spec;
    private final Source source;
    private final long splitBytes;
    private StagingFile staging;
    private SourceSchema schema;
    private int rowBytes;
    private boolean withIds;
    private List<ScalarField> scalars = List.of();
    private ScalarDatasets scalarDatasets;
    /**
     * Blocks of written batches, for the next batches: a fresh block of a batch's size each time was a third of
     * what the JVM allocated in an M2H run, and made the heap grow with it.
     */
    private final Queue<ByteBuffer> blocks = new ConcurrentLinkedQueue<>();

    /**
     * @param source the job's source: its splits give the order rows are written in
     * @param options the job's options: {@link RunOptions#splitBytes()} must be the one the runner cuts splits with
     */
    public Hdf5Sink(Hdf5WriteSpec spec, Source source, RunOptions options) {
        this.spec = spec;
        this.source = source;
        this.splitBytes = options.splitBytes();
    }

    @Override
    public SinkPreparation prepare(SourceSchema schema, boolean resuming, long baselineRows) throws IOException {
        checkSchema(schema, resuming);
        Path target = spec.path().toAbsolutePath();
        boolean exists = Files.exists(target);
        if (exists) {
            if (spec.mode() == Hdf5WriteSpec.Mode.SKIP) {
                return new SinkPreparation(true, "skipped: HDF5 file " + target + " exists", 0);
            }
            if (!Files.isRegularFile(target)) {
                throw new IOException("cannot write an HDF5 file to " + target + ": it exists and is not a file");
            }
        }
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new IOException("cannot write an HDF5 file to " + target + ": " + dir
                    + " is not a writable directory");
        }
        this.schema = schema;
        this.rowBytes = Math.toIntExact(schema.vectorType().bytesPerRow(schema.dimension()));
        this.withIds = schema.keyKind() == KeyKind.INT64;
        this.scalars = schema.scalarFields();
        this.scalarDatasets = new ScalarDatasets(scalars);
        staging = StagingFile.create(dir, "." + target.getFileName() + ".", source.splits(splitBytes));
        String extras = scalars.isEmpty() ? "" : " with field datasets "
                + String.join(", ", scalarDatasets.names());
        String storage = spec.compression().enabled() ? " (chunked, shuffle + gzip " + spec.compression().gzipLevel()
                + ")" : "";
        return new SinkPreparation(false, (exists ? "replacing" : "writing") + " HDF5 file " + target + extras
                + storage, 0);
    }

    private void checkSchema(SourceSchema schema, boolean resuming) throws IOException {
        if (resuming) {
            throw new IOException("an HDF5 file (" + spec.path() + ") is written in one run and cannot be resumed;"
                    + " run the job again without resume");
        }
        String withoutVectors = schema.withoutVectorsMessage("an HDF5 file (" + spec.path() + ") holds one float32 "
                + "or binary vector a row");
        if (withoutVectors != null) {
            throw new IOException(withoutVectors);
        }
        if (schema.vectorType() != VectorType.FLOAT_VECTOR && schema.vectorType() != VectorType.BINARY_VECTOR) {
            throw new IOException("MilvusDM's HDF5 layout holds float32 or binary (uint8) vectors; the source has "
                    + schema.vectorType());
        }
        if (schema.keyKind() == KeyKind.VARCHAR) {
            throw new IOException("MilvusDM's HDF5 layout stores int64 ids; the source has VARCHAR keys");
        }
        for (ScalarField field : schema.scalarFields()) {
            if (field.name().equals(EMBEDDINGS) || field.name().equals(IDS)) {
                throw new IOException("scalar field '" + field.name() + "' would take the name of MilvusDM's '"
                        + field.name() + "' dataset in " + spec.path());
            }
            if (field.name().equals(spec.keyField()) || field.name().equals(spec.vectorField())) {
                throw new IOException("field '" + field.name() + "' has the name the file's schema gives the "
                        + (field.name().equals(spec.keyField()) ? "primary key" : "vector field") + " ('ids' and '"
                        + EMBEDDINGS + "'); H2M could not recreate both in one collection");
            }
            if (field.type() == ScalarType.VECTOR && !field.isTypedVector() || field.type() == ScalarType.STRUCT_ARRAY) {
                throw new IOException("field '" + field.name() + "' is a " + field.type() + " field in Milvus's wire"
                        + " form; an HDF5 file (" + spec.path() + ") holds '" + EMBEDDINGS + "', scalar fields and"
                        + " vector fields read typed");
            }
        }
    }

    @Override
    public void write(VectorBatch batch, WriteKind kind) throws IOException {
        if (staging == null) {
            throw new IllegalStateException("write before prepare, or after a skip");
        }
        if (batch.vectors().type() != schema.vectorType() || batch.vectors().dimension() != schema.dimension()) {
            throw new IllegalArgumentException("batch of " + batch.vectors().type() + " dim "
                    + batch.vectors().dimension() + " for an HDF5 file of " + schema.vectorType() + " dim "
                    + schema.dimension());
        }
        int rows = batch.rowCount();
        byte[][] sections = scalarDatasets.sections(batch);
        long scalarSection = scalars.isEmpty() ? 0 : ScalarDatasets.stagedBytes(sections);
        ByteBuffer block = block(Math.toIntExact(rows * (long) (rowBytes + (withIds ? 8 : 0)) + scalarSection));
        if (batch.vectors() instanceof FloatVectors floats) {
            block.order(order(FLOAT32)).asFloatBuffer().put(floats.values(), 0, rows * schema.dimension());
        } else {
            block.put(((ByteVectors) batch.vectors()).values(), 0, rows * rowBytes);
        }
        if (withIds) {
            block.position(rows * rowBytes);
            block.order(order(INT64)).asLongBuffer().put(((PrimaryKeys.Int64Keys) batch.keys()).values(), 0, rows);
        }
        block.position(rows * (rowBytes + (withIds ? 8 : 0)));
        if (!scalars.isEmpty()) {
            ScalarDatasets.put(block, sections);
        }
        staging.append(batch.split(), batch.firstRow(), rows, block.position(0));
        if (blocks.size() < MAX_SPARE_BLOCKS) {
            blocks.add(block);
        }
    }

    /** A cleared block of at least {@code bytes}, limited to them: one kept from an earlier batch, or a new one. */
    private ByteBuffer block(int bytes) {
        ByteBuffer block = blocks.poll();
        if (block == null || block.capacity() < bytes) {
            block = ByteBuffer.allocate(bytes);
        }
        return block.clear().limit(bytes).order(ByteOrder.BIG_ENDIAN);
    }

    private static ByteOrder order(DataType type) {
        return ((OrderedDataType) type).getByteOrder();
    }

    /** Writes the file beside the target from the staging file, forces it to disk and renames it into place. */
    @Override
    public SinkCompletion complete(long rowsBefore, long sourceRows) throws IOException {
        Path target = spec.path().toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            List<StagingFile.Run> runs = staging.runsInSourceOrder();
            long rows = runs.stream().mapToLong(StagingFile.Run::rows).sum();
            writeFile(temp, runs, rows);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new SinkCompletion(rows, sourceRows);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void writeFile(Path file, List<StagingFile.Run> runs, long rows) throws IOException {
        boolean binary = schema.vectorType() == VectorType.BINARY_VECTOR;
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putAttribute(ATTR_DIMENSION, schema.dimension());
            hdf.putAttribute(ATTR_VECTOR_TYPE, schema.vectorType().name());
            schema.metric().ifPresent(metric -> hdf.putAttribute(ATTR_METRIC, metric));
            hdf.putAttribute(ATTR_SCHEMA, Hdf5ScalarSchema.toJson(schema, withIds ? IDS : null, EMBEDDINGS,
                    new Hdf5ScalarSchema.FieldNames(spec.keyField(), spec.vectorField())));
            hdf.putDataset(EMBEDDINGS, new StreamedDataset(hdf, EMBEDDINGS, binary ? UINT8 : FLOAT32,
                    binary ? new byte[1][rowBytes] : new float[1][schema.dimension()],
                    new long[] {rows, binary ? rowBytes : schema.dimension()},
                    out -> {
                        for (StagingFile.Run run : runs) {
                            out.copy(staging, run.offset(), (long) run.rows() * rowBytes);
                        }
                    }, chunking(rowBytes)));
            if (withIds) {
                hdf.putDataset(IDS, new StreamedDataset(hdf, IDS, INT64, new long[1], new long[] {rows},
                        out -> {
                            for (StagingFile.Run run : runs) {
                                out.copy(staging, run.offset() + (long) run.rows() * rowBytes, run.rows() * 8L);
                            }
                        }, chunking(Long.BYTES)));
            }
            if (!scalars.isEmpty()) {
                scalarDatasets.putInto(hdf, staging, runs, rows,
                        run -> run.offset() + (long) run.rows() * (rowBytes + (withIds ? 8 : 0)), this::chunking);
            }
        } catch (UncheckedIOException e) {
            throw new IOException("writing HDF5 file " + spec.path() + " (as " + file + "): " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    private StreamedDataset.Chunking chunking(int rowBytes) {
        Hdf5WriteSpec.Compression compression = spec.compression();
        return compression.enabled()
                ? new StreamedDataset.Chunking(Math.max(1, compression.chunkBytes() / rowBytes), compression.gzipLevel())
                : null;
    }

    @Override
    public void close() throws IOException {
        if (staging != null) {
            staging.close();
            staging = null;
        }
    }
}
