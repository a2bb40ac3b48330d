package io.milvusdm.format.hdf5;

import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.testing.GeneratedRowsSource;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@code rows} float rows (dimension 8, ids 1000 + row·3) with a nullable VARCHAR {@code title} (non-ASCII, every
 * seventh null, lengths varying) and a JSON {@code meta}, every value derived from the row: what a Milvus 2.x
 * collection hands the HDF5 sink, without a server.
 */
final class ScalarRowsSource extends GeneratedRowsSource {

    static final int DIMENSION = 8;
    private final long rows;

    ScalarRowsSource(long rows) {
        super("scalar", rows, 200);
        this.rows = rows;
    }

    static long id(long row) {
        return 1000 + row * 3;
    }

    static float value(long row, int component) {
        return (float) Math.sin(row * 31 + component) * (row + 1);
    }

    /** Null for every seventh row. */
    static String title(long row) {
        return row % 7 == 3 ? null : "Ünïcode title " + row + " ✓".repeat((int) (row % 5));
    }

    static String meta(long row) {
        return "{\"row\":" + row + ",\"tags\":[\"a\",\"é\"],\"even\":" + (row % 2 == 0) + "}";
    }

    @Override
    public SourceSchema schema() {
        return new SourceSchema(VectorType.FLOAT_VECTOR, DIMENSION, KeyKind.INT64, Optional.of("COSINE"), rows,
                List.of(ScalarField.varchar("title", 256, true), ScalarField.json("meta", false)));
    }

    @Override
    protected VectorBatch batch(Split split, long first, int n) {
        long[] ids = new long[n];
        float[] values = new float[n * DIMENSION];
        String[] titles = new String[n];
        byte[][] metas = new byte[n][];
        for (int i = 0; i < n; i++) {
            long row = first + i;
            ids[i] = id(row);
            for (int c = 0; c < DIMENSION; c++) {
                values[i * DIMENSION + c] = value(row, c);
            }
            titles[i] = title(row);
            metas[i] = meta(row).getBytes(StandardCharsets.UTF_8);
        }
        return new VectorBatch(split, first, new PrimaryKeys.Int64Keys(ids), new FloatVectors(DIMENSION, values),
                List.of(new ScalarColumn.VarcharColumn("title", titles), new ScalarColumn.JsonColumn("meta", metas)));
    }
}
