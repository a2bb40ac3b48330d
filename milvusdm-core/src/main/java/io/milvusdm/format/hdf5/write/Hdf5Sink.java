package io.milvusdm.format.hdf5.write;

import io.milvusdm.format.StagingFile;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.OrderedDataType;
import io.jhdf.object.datatype.StringData;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.RunOptions;
import io.milvusdm.pipeline.ScalarColumn;
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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Collectors;

/**
 * Writes a source into one HDF5 file in MilvusDM's layout, the one its M2H wrote and its H2M reads.
 *
 * <h2>File</h2>
 * <ul>
 *   <li>dataset {@code embeddings}: float32 {@code (n, d)} for float vectors, uint8 {@code (n, d/8)} for binary
 *       vectors (packed bits, as MilvusDM converted them); contiguous, uncompressed</li>
 *   <li>dataset {@code ids}: int64 {@code (n,)}, when the source has INT64 keys; absent for auto-id sources</li>
 *   <li>one dataset per scalar field (VARCHAR or JSON), named as the field: fixed-length UTF-8 strings
 *       {@code (n,)} as wide as the longest value (h5py reads them as bytes; {@code .asstr()} decodes them); a
 *       null is an empty string (the {@code schema} attribute says which fields are nullable)</li>
 *   <li>root attributes {@code dimension} (int32, in bits for binary vectors), {@code vector_type}
 *       ({@code FLOAT_VECTOR}/{@code BINARY_VECTOR}), when the source records one, {@code metric}, and
 *       {@code schema}: a JSON list of the fields ({@code name}, {@code type}, {@code dim} / {@code max_length} /
 *       {@code nullable} / {@code is_primary}, {@code dataset}); MilvusDM reads no attributes, so they only
 *       inform</li>
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
    public static final String ATTR_SCHEMA = "schema";

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
    /** The longest UTF-8 value of each scalar field so far, in bytes: the width of its fixed-length strings. */
    private AtomicIntegerArray scalarWidths;
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
        this.scalarWidths = new AtomicIntegerArray(scalars.size());
        staging = StagingFile.create(dir, "." + target.getFileName() + ".", source.splits(splitBytes));
        String extras = scalars.isEmpty() ? "" : " with scalar datasets "
                + scalars.stream().map(ScalarField::name).collect(Collectors.joining(", "));
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
        byte[][][] scalarBytes = scalarBytes(batch);
        long scalarSection = 0;
        for (byte[][] column : scalarBytes) {
            scalarSection += Long.BYTES + (long) Integer.BYTES * rows;
            for (byte[] value : column) {
                scalarSection += value.length;
            }
        }
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
        block.position(rows * (rowBytes + (withIds ? 8 : 0))).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[][] column : scalarBytes) {
            long bytes = (long) Integer.BYTES * rows;
            for (byte[] value : column) {
                bytes += value.length;
            }
            block.putLong(bytes);
            for (byte[] value : column) {
                block.putInt(value.length).put(value);
            }
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

    /** Each scalar column's values as UTF-8 (a null as no bytes), in the schema's order; widths updated. */
    private byte[][][] scalarBytes(VectorBatch batch) {
        byte[][][] columns = new byte[scalars.size()][][];
        for (int c = 0; c < scalars.size(); c++) {
            ScalarColumn column = batch.scalarColumns().get(c);
            byte[][] values = new byte[batch.rowCount()][];
            int widest = 0;
            for (int row = 0; row < values.length; row++) {
                byte[] value;
                if (column.isNull(row)) {
                    value = new byte[0];
                } else if (column instanceof ScalarColumn.VarcharColumn varchar) {
                    value = varchar.values()[row].getBytes(StandardCharsets.UTF_8);
                } else {
                    value = ((ScalarColumn.JsonColumn) column).values()[row];
                }
                values[row] = value;
                widest = Math.max(widest, value.length);
            }
            scalarWidths.accumulateAndGet(c, widest, Math::max);
            columns[c] = values;
        }
        return columns;
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
            hdf.putAttribute(ATTR_SCHEMA, schemaJson());
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
            for (int c = 0; c < scalars.size(); c++) {
                int column = c;
                // One byte more than the longest value: the terminating null of a NULL_TERMINATED string.
                StringData type = StringData.create(new String[] {"a".repeat(scalarWidths.get(c))});
                hdf.putDataset(scalars.get(c).name(), new StreamedDataset(hdf, scalars.get(c).name(), type,
                        new String[] {""}, new long[] {rows}, out -> writeStrings(runs, column, type.getSize(), out),
                        chunking(type.getSize())));
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

    /** Streams scalar column {@code column} of every run as fixed-width, null-padded strings. */
    private void writeStrings(List<StagingFile.Run> runs, int column, int width, StreamedDataset.ByteTarget out)
            throws IOException {
        ByteBuffer rowsOut = ByteBuffer.allocate(Math.max(width, 1 << 16));
        byte[] padding = new byte[width];
        ByteBuffer sizeOf = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (StagingFile.Run run : runs) {
            long at = run.offset() + (long) run.rows() * (rowBytes + (withIds ? 8 : 0));
            for (int c = 0; c < column; c++) {
                staging.read(at, sizeOf.clear());
                at += Long.BYTES + sizeOf.getLong(0);
            }
            staging.read(at, sizeOf.clear());
            ByteBuffer values = ByteBuffer.allocate(Math.toIntExact(sizeOf.getLong(0))).order(ByteOrder.LITTLE_ENDIAN);
            staging.read(at + Long.BYTES, values);
            values.flip();
            for (int row = 0; row < run.rows(); row++) {
                int length = values.getInt();
                if (rowsOut.remaining() < width) {
                    out.write(rowsOut.flip());
                    rowsOut.clear();
                }
                rowsOut.put(values.array(), values.position(), length);
                values.position(values.position() + length);
                rowsOut.put(padding, 0, width - length);
            }
        }
        out.write(rowsOut.flip());
    }

    /** The fields as JSON: what a reader needs to recreate the collection (MilvusDM's reader ignores it). */
    private String schemaJson() {
        ArrayNode fields = JsonNodeFactory.instance.arrayNode();
        if (withIds) {
            fields.addObject().put("name", "id").put("type", "INT64").put("is_primary", true).put("dataset", IDS);
        }
        ObjectNode vector = fields.addObject().put("name", "embedding").put("type", schema.vectorType().name())
                .put("dim", schema.dimension()).put("dataset", EMBEDDINGS);
        schema.metric().ifPresent(metric -> vector.put("metric", metric));
        for (ScalarField field : scalars) {
            ObjectNode node = fields.addObject().put("name", field.name()).put("type", field.type().name());
            if (field.type() == ScalarType.VARCHAR) {
                node.put("max_length", field.maxLength());
            }
            node.put("nullable", field.nullable()).put("dataset", field.name());
        }
        return fields.toString();
    }

    @Override
    public void close() throws IOException {
        if (staging != null) {
            staging.close();
            staging = null;
        }
    }
}
