package io.milvusdm.format.faiss;

import io.milvusdm.format.BinaryInput;
import io.milvusdm.pipeline.ArrayPool;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorColumn;
import io.milvusdm.pipeline.VectorType;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads one {@link FaissSplit} in batches of bounded bytes: vectors and ids by positional reads on the reader's
 * own channels (through one reused staging buffer each) straight into the batch's arrays, or, for coded rows,
 * decoded into them by a {@link CodedRowReader}; ids mapped through the id map when there is one. A batch may
 * span several small blocks of the split. The batch arrays come from the source's {@link ArrayPool}.
 */
final class FaissBatchReader implements BatchReader {

    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final FaissSplit split;
    private final FaissReadPlan plan;
    private final DedupTable dedup;
    private final BinaryInput data;
    private final BinaryInput index;
    private final IdMapView idMap;
    private final ArrayPool arrays;
    private final CodedRowReader coded;
    private final int rowsPerBatch;
    private int block;
    private long rowInBlock;
    private long remaining;
    private long produced;

    FaissBatchReader(FaissSplit split, FaissReadPlan plan, DedupTable dedup, FaissDecoder decoder, Path indexFile,
                     long maxBatchBytes, ArrayPool arrays) throws IOException {
        this.split = split;
        this.plan = plan;
        this.dedup = dedup;
        this.arrays = arrays;
        this.rowsPerBatch = rowsPerBatch(plan, maxBatchBytes, split.rowCount());
        this.block = split.firstBlock();
        this.rowInBlock = split.startRow();
        this.remaining = split.rowCount();
        this.data = BinaryInput.open(plan.dataFile());
        BinaryInput idInput = null;
        try {
            idInput = plan.dataFile().equals(indexFile) ? data : BinaryInput.open(indexFile);
        } catch (IOException | RuntimeException e) {
            data.close();
            throw e;
        }
        this.index = idInput;
        this.idMap = plan.idMap() == null ? null : new IdMapView(index, plan.idMap());
        this.coded = decoder == null ? null : new CodedRowReader(decoder, plan, data, index, rowsPerBatch);
    }

    /**
     * Rows whose vectors and ids fit {@code maxBatchBytes} (at least one) and a Java array; for fast-scan codes a
     * whole number of blocks when a block fits, so that batches start on block boundaries.
     */
    static int rowsPerBatch(FaissReadPlan plan, long maxBatchBytes, long splitRows) {
        long rows = Math.max(1, maxBatchBytes / (FaissSource.outputRowBytes(plan) + Long.BYTES));
        long elementsPerRow = plan.type() == VectorType.FLOAT_VECTOR ? plan.dimension() : plan.rowBytes();
        rows = Math.min(rows, Math.max(1, MAX_ARRAY / elementsPerRow));
        int align = FaissSource.rowAlignment(plan);
        if (rows > align) {
            rows -= rows % align;
        }
        return (int) Math.min(rows, splitRows);
    }

    @Override
    public VectorBatch next() throws IOException {
        if (remaining <= 0) {
            return null;
        }
        int rows = (int) Math.min(rowsPerBatch, remaining);
        boolean floats = plan.type() == VectorType.FLOAT_VECTOR;
        int width = floats ? plan.dimension() : (int) plan.rowBytes();
        float[] floatValues = floats ? arrays.floats(rows * width) : null;
        byte[] byteValues = floats ? null : arrays.bytes(rows * width);
        long[] ids = arrays.longs(rows);
        for (int filled = 0; filled < rows; ) {
            int n = (int) Math.min(rows - filled, blockRows(block) - rowInBlock);
            if (block == plan.blockCount()) {
                readDuplicates(filled, n, floatValues, byteValues, ids, width);
            } else {
                readStored(filled, n, floatValues, byteValues, ids, width);
            }
            filled += n;
            rowInBlock += n;
            if (rowInBlock == blockRows(block)) {
                block++;
                rowInBlock = 0;
            }
        }
        if (idMap != null) {
            idMap.apply(ids, rows);
        }
        remaining -= rows;
        long first = produced;
        produced += rows;
        VectorColumn column = floats ? new FloatVectors(width, floatValues)
                : new ByteVectors(VectorType.BINARY_VECTOR, plan.dimension(), byteValues);
        return new VectorBatch(split, split.startRow() + first, new PrimaryKeys.Int64Keys(ids), column);
    }

    private long blockRows(int k) {
        return k == plan.blockCount() ? dedup.ids().length : plan.rows()[k];
    }

    private void readStored(int filled, int n, float[] floats, byte[] bytes, long[] ids, int width)
            throws IOException {
        long at = plan.codeOffsets()[block] + rowInBlock * plan.rowBytes();
        if (coded != null) {
            coded.read(block, rowInBlock, n, floats, filled * width);
        } else if (floats != null) {
            data.readFloats(at, floats, filled * width, n * width);
        } else {
            data.readBytes(at, bytes, filled * width, n * width);
        }
        long idAt = plan.idOffsets()[block];
        if (idAt >= 0) {
            data.readLongs(idAt + rowInBlock * Long.BYTES, ids, filled, n);
        } else {
            long base = plan.firstPositions()[block] + rowInBlock;
            for (int i = 0; i < n; i++) {
                ids[filled + i] = base + i;
            }
        }
    }

    private void readDuplicates(int filled, int n, float[] floats, byte[] bytes, long[] ids, int width)
            throws IOException {
        for (int i = 0; i < n; i++) {
            int row = (int) rowInBlock + i;
            long at = dedup.vectorOffsets()[row];
            if (floats != null) {
                data.readFloats(at, floats, (filled + i) * width, width);
            } else {
                data.readBytes(at, bytes, (filled + i) * width, width);
            }
            ids[filled + i] = dedup.ids()[row];
        }
    }

    @Override
    public void close() throws IOException {
        try {
            data.close();
        } finally {
            if (index != data) {
                index.close();
            }
        }
    }
}
