package io.milvusdm.testing;

import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.Source;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * A source of {@code rows} rows computed from their index, in splits and batches of about {@code rowBytes} a row:
 * a subclass says what a run of rows holds ({@link #batch}).
 */
public abstract class GeneratedRowsSource implements Source {

    private final String name;
    private final long rows;
    private final long rowBytes;

    protected GeneratedRowsSource(String name, long rows, long rowBytes) {
        this.name = name;
        this.rows = rows;
        this.rowBytes = rowBytes;
    }

    public record RangeSplit(String source, long start, long rowCount) implements Split {
        @Override
        public String id() {
            return source + ":" + start + "+" + rowCount;
        }
    }

    /** Rows {@code [first, first + count)} of {@code split}. */
    protected abstract VectorBatch batch(Split split, long first, int count);

    /** A field's column for rows {@code [first, first + count)}. */
    @FunctionalInterface
    protected interface Columns {
        ScalarColumn column(ScalarField field, long first, int count);
    }

    /**
     * Rows {@code [first, first + n)} with keys {@code ids}, float vectors {@code row * 10 + c} of {@code dimension},
     * and a column per field from {@code columns}.
     */
    protected static VectorBatch floatBatch(Split split, long first, int n, int dimension, LongUnaryOperator ids,
                                            List<ScalarField> fields, Columns columns) {
        long[] keys = new long[n];
        float[] vectors = new float[n * dimension];
        for (int i = 0; i < n; i++) {
            keys[i] = ids.applyAsLong(first + i);
            for (int c = 0; c < dimension; c++) {
                vectors[i * dimension + c] = (first + i) * 10 + c;
            }
        }
        List<ScalarColumn> scalars = new ArrayList<>();
        for (ScalarField field : fields) {
            scalars.add(columns.column(field, first, n));
        }
        return new VectorBatch(split, first, new PrimaryKeys.Int64Keys(keys), new FloatVectors(dimension, vectors),
                scalars);
    }

    @Override
    public List<Split> splits(long maxSplitBytes) {
        long perSplit = Math.max(1, maxSplitBytes / rowBytes);
        List<Split> splits = new ArrayList<>();
        for (long start = 0; start < rows; start += perSplit) {
            splits.add(new RangeSplit(name, start, Math.min(perSplit, rows - start)));
        }
        return splits;
    }

    @Override
    public BatchReader open(Split split, long maxBatchBytes) {
        RangeSplit range = (RangeSplit) split;
        int perBatch = (int) Math.max(1, maxBatchBytes / rowBytes);
        return new BatchReader() {
            long next = range.start();

            @Override
            public VectorBatch next() {
                long end = range.start() + range.rowCount();
                if (next >= end) {
                    return null;
                }
                int n = (int) Math.min(perBatch, end - next);
                VectorBatch batch = batch(split, next, n);
                next += n;
                return batch;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() {
    }
}
