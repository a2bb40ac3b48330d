package io.milvusdm.format.hdf5;

import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads splits of an {@link Hdf5Source} back into one array per column, indexed by the source's global row. */
final class Hdf5ReadAll {

    final long[] firstRows;
    final int rowWidth;
    final int[] floatBits;
    final byte[] bytes;
    final long[] keys;
    final int[] timesRead;
    final List<VectorBatch> batches = new ArrayList<>();
    private boolean recycle;

    Hdf5ReadAll(Hdf5Source source) {
        long[] rowsPerFile = source.rowsPerFile();
        firstRows = new long[rowsPerFile.length];
        for (int i = 1; i < rowsPerFile.length; i++) {
            firstRows[i] = firstRows[i - 1] + rowsPerFile[i - 1];
        }
        int total = Math.toIntExact(source.schema().totalRows());
        boolean floats = !source.schema().vectorType().isByteEncoded();
        rowWidth = floats ? source.schema().dimension() : source.schema().dimension() / 8;
        floatBits = floats ? new int[total * rowWidth] : null;
        bytes = floats ? null : new byte[total * rowWidth];
        keys = new long[total];
        timesRead = new int[total];
    }

    /** Reads the whole source in splits of {@code maxSplitBytes} and batches of {@code maxBatchBytes}. */
    static Hdf5ReadAll read(Hdf5Source source, long maxSplitBytes, long maxBatchBytes) throws IOException {
        Hdf5ReadAll all = new Hdf5ReadAll(source);
        for (Split split : source.splits(maxSplitBytes)) {
            all.readSplit(source, split, maxBatchBytes);
        }
        return all;
    }

    /**
     * Reads the whole source as the JobRunner does: each batch goes back to the source once stored, so later
     * batches are read into reused arrays, which must come out whole.
     */
    static Hdf5ReadAll readRecycling(Hdf5Source source, long maxSplitBytes, long maxBatchBytes) throws IOException {
        Hdf5ReadAll all = new Hdf5ReadAll(source);
        all.recycle = true;
        for (Split split : source.splits(maxSplitBytes)) {
            all.readSplit(source, split, maxBatchBytes);
        }
        return all;
    }

    /** Reads one split; may run on any thread, once per split. */
    void readSplit(Hdf5Source source, Split split, long maxBatchBytes) throws IOException {
        Hdf5Split h5 = (Hdf5Split) split;
        long expectedRow = h5.startRow();
        try (BatchReader reader = source.open(split, maxBatchBytes)) {
            for (VectorBatch batch = reader.next(); batch != null; batch = reader.next()) {
                assertThat(batch.split()).isEqualTo(split);
                assertThat(batch.firstRow()).isEqualTo(expectedRow);
                store(h5.fileIndex(), batch);
                expectedRow += batch.rowCount();
                if (recycle) {
                    source.recycle(batch);
                } else {
                    synchronized (batches) {
                        batches.add(batch);
                    }
                }
            }
        }
        assertThat(expectedRow).as("rows read from %s", split.id()).isEqualTo(h5.endRow());
    }

    private void store(int fileIndex, VectorBatch batch) {
        int global = Math.toIntExact(firstRows[fileIndex] + batch.firstRow());
        int rows = batch.rowCount();
        if (batch.vectors() instanceof FloatVectors floats) {
            for (int i = 0; i < rows * rowWidth; i++) {
                floatBits[global * rowWidth + i] = Float.floatToRawIntBits(floats.values()[i]);
            }
        } else {
            System.arraycopy(((ByteVectors) batch.vectors()).values(), 0, bytes, global * rowWidth, rows * rowWidth);
        }
        if (batch.keys() != null) {
            System.arraycopy(((PrimaryKeys.Int64Keys) batch.keys()).values(), 0, keys, global, rows);
        }
        for (int i = 0; i < rows; i++) {
            timesRead[global + i]++;
        }
    }

    /** Every row's vector bit for bit, from the expected file starting at global row {@code firstRow}. */
    void assertVectors(long firstRow, Hdf5Fixtures.Expected expected) {
        int base = Math.toIntExact(firstRow * rowWidth);
        for (int row = 0; row < expected.rows(); row++) {
            for (int j = 0; j < rowWidth; j++) {
                int at = row * rowWidth + j;
                if (expected.floats() != null) {
                    int want = Float.floatToRawIntBits(expected.floats()[at]);
                    if (floatBits[base + at] != want) {
                        assertThat(Integer.toHexString(floatBits[base + at])).as("row %d column %d", row, j)
                                .isEqualTo(Integer.toHexString(want));
                    }
                } else if (bytes[base + at] != expected.bytes()[at]) {
                    assertThat(bytes[base + at]).as("row %d byte %d", row, j).isEqualTo(expected.bytes()[at]);
                }
            }
        }
    }

    /** Every row's key, from global row {@code firstRow}. */
    void assertKeys(long firstRow, long[] expected) {
        long[] actual = new long[expected.length];
        System.arraycopy(keys, Math.toIntExact(firstRow), actual, 0, expected.length);
        assertThat(actual).isEqualTo(expected);
    }

    void assertEveryRowReadOnce() {
        for (int i = 0; i < timesRead.length; i++) {
            if (timesRead[i] != 1) {
                assertThat(timesRead[i]).as("times row %d was read", i).isEqualTo(1);
            }
        }
    }
}
