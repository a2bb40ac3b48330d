package io.milvusdm.format.npy;

import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorColumn;
import io.milvusdm.pipeline.VectorType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
    private final List<ScalarField> fields;
    private final List<NpyReader> scalars;
    private long nextRow;

    private NpyBatchReader(NpySplit split, NpyFileScan file, Keys keys, long firstGlobalRow, long maxBatchBytes,
                           NpyReader vectors, NpyReader ids, List<ScalarField> fields, List<NpyReader> scalars) {
        this.split = split;
        this.file = file;
        this.keys = keys;
        this.firstGlobalRow = firstGlobalRow;
        this.vectors = vectors;
        this.ids = ids;
        this.fields = fields;
        this.scalars = scalars;
        long payloadPerRow = file.payloadBytesPerRow() + (keys == Keys.NONE ? 0 : Long.BYTES)
                + file.scalarBytesPerRow();
        long elementsPerRow = file.vectorType() == VectorType.FLOAT_VECTOR ? file.dimension()
                : file.payloadBytesPerRow();
        long rows = Math.max(1, maxBatchBytes / payloadPerRow);
        rows = Math.min(rows, Math.max(1, MAX_ARRAY / elementsPerRow));
        this.rowsPerBatch = (int) Math.min(rows, split.rowCount());
        this.nextRow = split.startRow();
    }

    static NpyBatchReader open(NpySplit split, NpyFileScan file, Keys keys, long firstGlobalRow,
                               List<ScalarField> fields, long maxBatchBytes) throws IOException {
        List<NpyReader> opened = new ArrayList<>();
        try {
            NpyReader vectors = NpyReader.open(file.vectorsFile());
            opened.add(vectors);
            NpyReader ids = null;
            if (keys == Keys.STORED_IDS) {
                ids = NpyReader.open(file.ids().file());
                opened.add(ids);
            }
            List<NpyReader> scalars = new ArrayList<>();
            for (NpyHeader scalar : file.scalars()) {
                NpyReader reader = NpyReader.open(scalar.file());
                opened.add(reader);
                scalars.add(reader);
            }
            return new NpyBatchReader(split, file, keys, firstGlobalRow, maxBatchBytes, vectors, ids, fields,
                    scalars);
        } catch (IOException | RuntimeException e) {
            for (NpyReader reader : opened) {
                try {
                    reader.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
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
            column = new ByteVectors(file.vectorType(), file.dimension(), values);
        }
        List<ScalarColumn> columns = new ArrayList<>(fields.size());
        for (int c = 0; c < fields.size(); c++) {
            columns.add(scalar(fields.get(c), scalars.get(c), first, rows));
        }
        nextRow += rows;
        return new VectorBatch(split, first, keys(first, rows), column, columns);
    }

    /** Rows {@code [first, first + rows)} of a scalar field's file as its typed column (no nulls). */
    private static ScalarColumn scalar(ScalarField field, NpyReader reader, long first, int rows) throws IOException {
        String name = field.name();
        return switch (field.type()) {
            case BOOL -> {
                boolean[] values = new boolean[rows];
                reader.readBooleans(first, rows, values, 0);
                yield new ScalarColumn.BoolColumn(name, values, null);
            }
            case INT8, INT16, INT32, INT64 -> {
                long[] values = new long[rows];
                reader.readLongs(first, rows, values, 0);
                yield new ScalarColumn.IntegerColumn(name, field.type(), values, null);
            }
            case FLOAT, DOUBLE -> {
                double[] values = new double[rows];
                reader.readDoubles(first, rows, values, 0);
                yield new ScalarColumn.FloatingColumn(name, field.type(), values, null);
            }
            case VARCHAR, GEOMETRY -> {
                String[] values = new String[rows];
                reader.readStrings(first, rows, values, 0);
                yield new ScalarColumn.VarcharColumn(name, field.type(), values);
            }
            case JSON, DYNAMIC -> {
                String[] texts = new String[rows];
                reader.readStrings(first, rows, texts, 0);
                byte[][] values = new byte[rows][];
                for (int i = 0; i < rows; i++) {
                    values[i] = texts[i].getBytes(StandardCharsets.UTF_8);
                }
                yield new ScalarColumn.JsonColumn(name, field.type(), values);
            }
            default -> throw new IllegalStateException(field.describe() + " has no NumPy form");
        };
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
        } finally {
            for (NpyReader scalar : scalars) {
                scalar.close();
            }
        }
    }
}
