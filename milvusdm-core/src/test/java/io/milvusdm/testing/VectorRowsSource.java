package io.milvusdm.testing;

import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorFieldSpec;
import io.milvusdm.pipeline.VectorFieldType;
import io.milvusdm.pipeline.VectorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code rows} float rows (dimension 4, ids 7 + row) with a vector field of every type a Milvus 2.x source hands
 * the HDF5 sink besides its own vectors: a second FLOAT_VECTOR (nullable), BINARY, FLOAT16 (nullable), BFLOAT16,
 * INT8 and SPARSE_FLOAT (nullable; empty rows, indices up to 2^32 - 2). Every value is derived from the row
 * ({@link #column}), so a test compares what it reads with what was written.
 */
public final class VectorRowsSource extends GeneratedRowsSource {

    public static final int DIMENSION = 4;

    public static final List<ScalarField> FIELDS = List.of(
            ScalarField.vector("title", new VectorFieldSpec(VectorFieldType.FLOAT_VECTOR, 3, "COSINE"), true),
            ScalarField.vector("bits", new VectorFieldSpec(VectorFieldType.BINARY_VECTOR, 16, "JACCARD"), false),
            ScalarField.vector("half", new VectorFieldSpec(VectorFieldType.FLOAT16_VECTOR, 2, null), true),
            ScalarField.vector("brain", new VectorFieldSpec(VectorFieldType.BFLOAT16_VECTOR, 3, "IP"), false),
            ScalarField.vector("code", new VectorFieldSpec(VectorFieldType.INT8_VECTOR, 5, null), false),
            ScalarField.vector("sp", new VectorFieldSpec(VectorFieldType.SPARSE_FLOAT_VECTOR, 0, "IP"), true));

    private final long rows;

    public VectorRowsSource(long rows) {
        super("vectors", rows, 120);
        this.rows = rows;
    }

    public static long id(long row) {
        return 7 + row;
    }

    /** Whether row {@code row} of a nullable field is null. */
    public static boolean isNull(ScalarField field, long row) {
        return field.nullable() && row % 4 == field.name().length() % 4;
    }

    /** Rows {@code [first, first + count)} of {@code field}. */
    public static ScalarColumn column(ScalarField field, long first, int count) {
        boolean[] valid = field.nullable() ? new boolean[count] : null;
        for (int i = 0; i < count && valid != null; i++) {
            valid[i] = !isNull(field, first + i);
        }
        VectorFieldSpec spec = field.vector();
        if (spec.type() == VectorFieldType.FLOAT_VECTOR) {
            float[] values = new float[count * spec.dimension()];
            for (int i = 0; i < values.length; i++) {
                long row = first + i / spec.dimension();
                long element = row * spec.dimension() + i % spec.dimension();
                values[i] = isNull(field, row) ? 0 : element % 7 == 3 ? Float.NaN : (float) Math.sin(element) * 1e6f;
            }
            return new ScalarColumn.FloatVectorColumn(field.name(), spec.dimension(), values, valid);
        }
        if (spec.type().isSparse()) {
            int[] offsets = new int[count + 1];
            List<int[]> pairs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                long row = first + i;
                int entries = isNull(field, row) ? 0 : (int) (row % 6);
                for (int e = 0; e < entries; e++) {
                    int index = e == 0 && row % 5 == 0 ? (int) 4_294_967_294L : (int) (row * 1000 + e * 3);
                    pairs.add(new int[] {index, Float.floatToRawIntBits(e == 1 ? Float.MIN_VALUE : row + e / 8f)});
                }
                offsets[i + 1] = offsets[i] + entries;
            }
            int[] indices = pairs.stream().mapToInt(p -> p[0]).toArray();
            float[] values = new float[pairs.size()];
            for (int e = 0; e < values.length; e++) {
                values[e] = Float.intBitsToFloat(pairs.get(e)[1]);
            }
            return new ScalarColumn.SparseVectorColumn(field.name(), offsets, indices, values, valid);
        }
        int rowBytes = (int) spec.bytesPerRow();
        byte[] values = new byte[count * rowBytes];
        for (int i = 0; i < values.length; i++) {
            long row = first + i / rowBytes;
            values[i] = isNull(field, row) ? 0 : (byte) (row * 37 + (i % rowBytes) * 11 + field.name().length());
        }
        return new ScalarColumn.ByteVectorColumn(field.name(), spec.type(), spec.dimension(), values, valid);
    }

    @Override
    public SourceSchema schema() {
        return new SourceSchema(VectorType.FLOAT_VECTOR, DIMENSION, KeyKind.INT64, Optional.of("L2"), rows, FIELDS);
    }

    @Override
    protected VectorBatch batch(Split split, long first, int n) {
        return floatBatch(split, first, n, DIMENSION, VectorRowsSource::id, FIELDS, VectorRowsSource::column);
    }
}
