package io.milvusdm.format.hdf5.write;

import io.milvusdm.format.hdf5.Hdf5ScalarSchema;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.VectorFieldSpec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A batch's vector columns (besides its own vectors) as the staged sections {@link ScalarDatasets} streams their
 * datasets from, little-endian, and the attributes those datasets carry for h5py users.
 */
final class VectorSections {

    private VectorSections() {
    }

    /** Whether {@code column} holds the vectors {@code field} declares: its column class, type and dimension. */
    static boolean fits(ScalarField field, ScalarColumn column) {
        VectorFieldSpec spec = field.vector();
        return switch (spec.type()) {
            case FLOAT_VECTOR -> column instanceof ScalarColumn.FloatVectorColumn floats
                    && floats.dimension() == spec.dimension();
            case BINARY_VECTOR, FLOAT16_VECTOR, BFLOAT16_VECTOR, INT8_VECTOR ->
                    column instanceof ScalarColumn.ByteVectorColumn bytes && bytes.vectorType() == spec.type()
                            && bytes.dimension() == spec.dimension();
            case SPARSE_FLOAT_VECTOR -> column instanceof ScalarColumn.SparseVectorColumn;
        };
    }

    /** A dense column's rows as the dataset stores them: float32, or the type's bytes as Milvus holds them. */
    static byte[] dense(ScalarColumn column) {
        if (column instanceof ScalarColumn.FloatVectorColumn floats) {
            ByteBuffer out = ByteBuffer.allocate(4 * floats.values().length).order(ByteOrder.LITTLE_ENDIAN);
            out.asFloatBuffer().put(floats.values());
            return out.array();
        }
        return ((ScalarColumn.ByteVectorColumn) column).values();
    }

    /** Each row's count of entries, int64: the file's offsets are their running sum. */
    static byte[] rowCounts(ScalarColumn.SparseVectorColumn column) {
        ByteBuffer out = ByteBuffer.allocate(Long.BYTES * column.rowCount()).order(ByteOrder.LITTLE_ENDIAN);
        int[] offsets = column.offsets();
        for (int row = 0; row < column.rowCount(); row++) {
            out.putLong(offsets[row + 1] - offsets[row]);
        }
        return out.array();
    }

    /** The entries' indices, uint32. */
    static byte[] indices(ScalarColumn.SparseVectorColumn column) {
        ByteBuffer out = ByteBuffer.allocate(Integer.BYTES * column.indices().length).order(ByteOrder.LITTLE_ENDIAN);
        out.asIntBuffer().put(column.indices());
        return out.array();
    }

    /** The entries' values, float32. */
    static byte[] values(ScalarColumn.SparseVectorColumn column) {
        ByteBuffer out = ByteBuffer.allocate(Float.BYTES * column.values().length).order(ByteOrder.LITTLE_ENDIAN);
        out.asFloatBuffer().put(column.values());
        return out.array();
    }

    /**
     * {@code milvus_type}, {@code nullable} (and {@code valid}), {@code dim} for dense fields, {@code metric} when
     * the source recorded one, {@code encoding} {@code bfloat16} on bfloat16's uint16 bits, and on a sparse
     * field's parts {@code format} {@code csr} and which part the dataset is.
     *
     * @param csrPart {@code indptr}, {@code indices} or {@code data}; null for a dense field
     */
    static void attributes(StreamedDataset dataset, ScalarField field, String csrPart) {
        VectorFieldSpec spec = field.vector();
        dataset.putAttribute(Hdf5ScalarSchema.ATTR_MILVUS_TYPE, spec.type().name());
        dataset.putAttribute(Hdf5ScalarSchema.ATTR_NULLABLE, field.nullable() ? 1 : 0);
        if (field.nullable()) {
            dataset.putAttribute(Hdf5ScalarSchema.ATTR_VALID, Hdf5ScalarSchema.validDataset(field.name()));
        }
        if (spec.metric() != null) {
            dataset.putAttribute(Hdf5ScalarSchema.ATTR_METRIC, spec.metric());
        }
        if (csrPart != null) {
            dataset.putAttribute(Hdf5ScalarSchema.ATTR_FORMAT, "csr");
            dataset.putAttribute(Hdf5ScalarSchema.ATTR_CSR_PART, csrPart);
            return;
        }
        dataset.putAttribute(Hdf5ScalarSchema.ATTR_DIM, spec.dimension());
        switch (spec.type()) {
            case BFLOAT16_VECTOR -> dataset.putAttribute(Hdf5ScalarSchema.ATTR_ENCODING, "bfloat16");
            case BINARY_VECTOR -> dataset.putAttribute(Hdf5ScalarSchema.ATTR_ENCODING, "packbits");
            default -> {
            }
        }
    }
}
