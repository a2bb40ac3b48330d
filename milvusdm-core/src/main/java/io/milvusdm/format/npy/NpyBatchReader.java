package io.milvusdm.format.npy;

import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorColumn;
import io.milvusdm.pipeline.VectorType;

import java.io.IOException;

/**
 * Reads one {@link NpySplit} in batches of bounded bytes through {@link NpyReader}s (their staging buffers are
 * reused; only each batch's own arrays are allocated).
 */
final class NpyBatchReader implements BatchReader {

    /** Where keys come from. */
    enum Keys { STORED_IDS, ROW_INDEX, NONE }

    /** The largest Java array the JVM reliably allocates. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final NpySplit split;
    private final NpyFileScan file;
    private final Keys keys;
    private final long firstGlobalRow;
    private final int rowsPerBatch;
    private final NpyReader vectors;
    private final NpyReader ids;
    private long nextRow;

    private NpyBatchReader(NpySplit split, NpyFileScan file, Keys keys, long firstGlobalRow, long maxBatchBytes,
                           NpyReader vectors, NpyReader ids) {
        this.split = split;
        this.file = file;
        this.keys = keys;
        this.firstGlobalRow = firstGlobalRow;
        this.vectors = vectors;
        this.ids = ids;
        long payloadPerRow = file.payloadBytesPerRow() + (keys == Keys.NONE ? 0 : Long.BYTES);
        long elementsPerRow = file.vectorType() == VectorType.FLOAT_VECTOR ? file.dimension()
                : file.payloadBytesPerRow();
        long rows = Math.max(1, maxBatchBytes / payloadPerRow);
        rows = Math.min(rows, Math.max(1, MAX_ARRAY / elementsPerRow));
        this.rowsPerBatch = (int) Math.min(rows, split.rowCount());
        this.nextRow = split.startRow();
    }

    static NpyBatchReader open(NpySplit split, NpyFileScan file, Keys keys, long firstGlobalRow, long maxBatchBytes)
            throws IOException {
        NpyReader vectors = NpyReader.open(file.vectorsFile());
        try {
            NpyReader ids = keys == Keys.STORED_IDS ? NpyReader.open(file.ids().file()) : null;
            return new NpyBatchReader(split, file, keys, firstGlobalRow, maxBatchBytes, vectors, ids);
        } catch (IOException | RuntimeException e) {
            vectors.close();
            throw e;
        }
    }

    @Override
    public VectorBatch next() throws IOException {
        long remaining = split.endRow() - nextRow;
        if (remaining <= 0) {
            return null;
        }
        int rows = (int) Math.min(rowsPerBatch, remaining);
        long first = nextRow;
        VectorColumn column;
        if (file.vectorType() == VectorType.FLOAT_VECTOR) {
            float[] values = new float[rows * file.dimension()];
            vectors.readFloats(first, rows, values, 0);
            column = new FloatVectors(file.dimension(), values);
        } else {
            byte[] values = new byte[(int) (rows * file.payloadBytesPerRow())];
            vectors.readBytes(first, rows, values, 0);
            column = new ByteVectors(VectorType.BINARY_VECTOR, file.dimension(), values);
        }
        nextRow += rows;
        return new VectorBatch(split, first, keys(first, rows), column);
    }

    private PrimaryKeys keys(long first, int rows) throws IOException {
        if (keys == Keys.NONE) {
            return null;
        }
        long[] values = new long[rows];
        if (keys == Keys.ROW_INDEX) {
            for (int i = 0; i < rows; i++) {
                values[i] = firstGlobalRow + first + i;
            }
        } else {
            ids.readLongs(first, rows, values, 0);
        }
        return new PrimaryKeys.Int64Keys(values);
    }

    @Override
    public void close() throws IOException {
        try (NpyReader ignored = ids) {
            vectors.close();
        }
    }
}
