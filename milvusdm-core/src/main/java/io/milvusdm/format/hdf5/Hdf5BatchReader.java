package io.milvusdm.format.hdf5;

import io.milvusdm.format.hdf5.Hdf5Column.ValueKind;
import io.milvusdm.pipeline.ArrayPool;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorColumn;
import io.milvusdm.pipeline.VectorType;

import io.milvusdm.pipeline.ScalarColumn;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one {@link Hdf5Split} in batches of bounded bytes, with the file's scalar fields
 * ({@link Hdf5ScalarReader}).
 *
 * <p>Stored rows pass through one reused direct staging buffer of about {@value #STAGING_BYTES} bytes (a
 * positional read lands there without the JDK's hidden copy into a temporary direct buffer) and are decoded
 * straight into the batch's arrays: float32 by a bulk {@code asFloatBuffer().get} (chunked float32 skips the
 * staging buffer: {@link ChunkedRowSource#readFloats}), float64 narrowed to float32,
 * uint8 rows and fixed-length byte strings copied as packed bits, ids widened to int64. The batch's arrays come
 * from the source's {@link ArrayPool}, refilled once the sink has written them: no per-row objects, no boxing.
 */
final class Hdf5BatchReader implements BatchReader {

    /**
     * Large enough that a positional read costs far more than its call, small enough to stay in cache between
     * the read and the decode: 256 KiB read 1M x 128 float32 as fast as 1 and 4 MiB did.
     */
    static final int STAGING_BYTES = 1 << 18;

    /** The largest Java array the JVM reliably allocates. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final Hdf5Split split;
    private final Hdf5FileScan file;
    private final Hdf5ReaderResources resources;
    private final RowSource vectors;
    private final RowSource ids;
    private final Hdf5Prescan.Keys keys;
    private final List<Hdf5ScalarReader> scalars = new ArrayList<>();
    private final long firstGlobalRow;
    private final int rowsPerBatch;
    private final ByteBuffer staging;
    private final ArrayPool arrays;
    private long nextRow;

    Hdf5BatchReader(Hdf5Split split, Hdf5FileScan file, Hdf5Prescan.Keys keys, long firstGlobalRow,
                    long maxBatchBytes, SharedHdfFiles shared, ArrayPool arrays) throws IOException {
        this.split = split;
        this.arrays = arrays;
        this.file = file;
        this.keys = keys;
        this.firstGlobalRow = firstGlobalRow;
        this.rowsPerBatch = rowsPerBatch(file, keys, maxBatchBytes, split.rowCount());
        this.resources = new Hdf5ReaderResources(file.path(), shared);
        try {
            this.vectors = resources.rowSource(file.vectors());
            this.ids = keys == Hdf5Prescan.Keys.STORED_IDS ? resources.rowSource(file.ids()) : null;
            for (Hdf5ScalarColumn column : file.scalars()) {
                scalars.add(new Hdf5ScalarReader(file.path(), column, resources));
            }
        } catch (IOException | RuntimeException e) {
            resources.close();
            throw e;
        }
        long widestRow = Math.max(file.vectors().rowBytes(), Long.BYTES);
        for (Hdf5ScalarColumn column : file.scalars()) {
            widestRow = Math.max(widestRow, column.values().rowBytes());
        }
        this.staging = ByteBuffer.allocateDirect(
                (int) Math.max(widestRow, Math.min(STAGING_BYTES, rowsPerBatch * widestRow)));
        this.nextRow = split.startRow();
    }

    /**
     * Rows whose vectors, keys and scalar values (as stored: a string dataset's full width) fit
     * {@code maxBatchBytes} (at least one) and a Java array.
     */
    static int rowsPerBatch(Hdf5FileScan file, Hdf5Prescan.Keys keys, long maxBatchBytes, long splitRows) {
        long payloadPerRow = file.payloadBytesPerRow() + (keys == Hdf5Prescan.Keys.NONE ? 0 : Long.BYTES)
                + file.scalarBytesPerRow();
        long arrayElementsPerRow = file.vectorType() == VectorType.FLOAT_VECTOR
                ? file.dimension() : file.payloadBytesPerRow();
        long rows = Math.max(1, maxBatchBytes / payloadPerRow);
        rows = Math.min(rows, Math.max(1, MAX_ARRAY / arrayElementsPerRow));
        return (int) Math.min(rows, splitRows);
    }

    @Override
    public VectorBatch next() throws IOException {
        long remaining = split.endRow() - nextRow;
        if (remaining <= 0) {
            return null;
        }
        int rows = (int) Math.min(rowsPerBatch, remaining);
        long first = nextRow;
        VectorColumn column = readVectors(first, rows);
        PrimaryKeys batchKeys = readKeys(first, rows);
        List<ScalarColumn> columns = new ArrayList<>(scalars.size());
        for (Hdf5ScalarReader scalar : scalars) {
            columns.add(scalar.read(first, rows, staging));
        }
        nextRow += rows;
        return new VectorBatch(split, first, batchKeys, column, columns);
    }

    private VectorColumn readVectors(long first, int rows) throws IOException {
        Hdf5Column stored = file.vectors();
        int windowRows = (int) Math.max(1, staging.capacity() / stored.rowBytes());
        if (file.vectorType() == VectorType.FLOAT_VECTOR) {
            float[] values = arrays.floats(rows * file.dimension());
            if (vectors instanceof ChunkedRowSource chunked && stored.elementSize() == Float.BYTES) {
                chunked.readFloats(first, rows, values, 0);
                return new FloatVectors(file.dimension(), values);
            }
            for (int done = 0; done < rows; done += windowRows) {
                int n = Math.min(windowRows, rows - done);
                fill(vectors, stored, first + done, n);
                RowDecoding.toFloats(staging, stored.elementSize(), values, done * file.dimension(),
                        n * file.dimension());
            }
            return new FloatVectors(file.dimension(), values);
        }
        int rowBytes = (int) stored.rowBytes();
        byte[] values = arrays.bytes(rows * rowBytes);
        for (int done = 0; done < rows; done += windowRows) {
            int n = Math.min(windowRows, rows - done);
            fill(vectors, stored, first + done, n);
            staging.get(values, done * rowBytes, n * rowBytes);
        }
        return new ByteVectors(VectorType.BINARY_VECTOR, file.dimension(), values);
    }

    private PrimaryKeys readKeys(long first, int rows) throws IOException {
        if (keys == Hdf5Prescan.Keys.NONE) {
            return null;
        }
        long[] values = arrays.longs(rows);
        if (keys == Hdf5Prescan.Keys.ROW_INDEX) {
            long base = firstGlobalRow + first;
            for (int i = 0; i < rows; i++) {
                values[i] = base + i;
            }
            return new PrimaryKeys.Int64Keys(values);
        }
        Hdf5Column stored = file.ids();
        int windowRows = staging.capacity() / stored.elementSize();
        for (int done = 0; done < rows; done += windowRows) {
            int n = Math.min(windowRows, rows - done);
            fill(ids, stored, first + done, n);
            RowDecoding.toLongs(staging, stored.elementSize(), stored.kind() == ValueKind.SIGNED_INT, values,
                    done, n);
        }
        return new PrimaryKeys.Int64Keys(values);
    }

    /** Leaves {@code rows} stored rows in {@code staging}, from position 0, in the dataset's byte order. */
    private void fill(RowSource source, Hdf5Column column, long firstRow, int rows) throws IOException {
        staging.clear();
        source.read(firstRow, rows, staging);
        staging.flip();
        staging.order(column.order());
    }

    @Override
    public void close() throws IOException {
        resources.close();
    }
}
