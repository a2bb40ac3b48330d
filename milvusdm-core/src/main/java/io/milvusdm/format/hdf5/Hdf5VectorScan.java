package io.milvusdm.format.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.milvusdm.format.FormatException;
import io.milvusdm.format.UnsupportedFormatException;
import io.milvusdm.format.hdf5.Hdf5Column.ValueKind;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.VectorFieldSpec;
import io.milvusdm.pipeline.VectorFieldType;

import java.lang.reflect.Array;
import java.nio.file.Path;

/**
 * Finds the datasets of one vector field besides {@code embeddings} ({@link Hdf5ScalarSchema}) and checks, before
 * any row is read or any target touched, that they hold what the field needs: a dense field's {@code rows × width}
 * elements of its type; a sparse field's {@code rows + 1} integer offsets running from 0 to the entries of
 * {@code <field>.data} (the first and last are read), and as many integer indices as float32 values.
 */
final class Hdf5VectorScan {

    private Hdf5VectorScan() {
    }

    /** @param valid the field's valid flags, already checked, or null */
    static Hdf5ScalarColumn scan(Path file, HdfFile hdf, long fileSize, long rows, Hdf5ScalarSchema.StoredField stored,
                                 Hdf5Column valid) throws FormatException {
        ScalarField field = stored.field();
        VectorFieldSpec vector = field.vector();
        if (!vector.type().isSparse()) {
            Hdf5Column values = describe(file, hdf, fileSize, stored.dataset());
            int width = vector.type() == VectorFieldType.BINARY_VECTOR ? vector.dimension() / 8 : vector.dimension();
            if (values.rank() != 2 || values.rows() != rows || values.elementsPerRow() != width) {
                throw new FormatException("dataset '" + values.dataset() + "' has " + values.rows() + " rows of "
                        + values.elementsPerRow() + " elements; expected " + rows + " rows (one per vector) of " + width
                        + " for field " + field.describe(), file, -1);
            }
            if (!denseFits(vector.type(), values)) {
                throw mismatch(file, values, denseElement(vector.type()) + " for field " + field.describe());
            }
            return new Hdf5ScalarColumn(stored, values, valid);
        }
        Hdf5Column indptr = describe(file, hdf, fileSize, stored.indptrDataset());
        Hdf5Column indices = describe(file, hdf, fileSize, stored.indicesDataset());
        Hdf5Column data = describe(file, hdf, fileSize, stored.dataset());
        for (Hdf5Column part : new Hdf5Column[] {indptr, indices, data}) {
            if (part.rank() != 1) {
                throw new FormatException("dataset '" + part.dataset() + "' has " + part.elementsPerRow()
                        + " elements a row; expected one (a part of sparse field " + field.name() + ")", file, -1);
            }
        }
        if (!isInteger(indptr) || indptr.elementSize() < 4) {
            throw mismatch(file, indptr, "int32 or int64 offsets of sparse field '" + field.name() + "'");
        }
        if (!isInteger(indices) || indices.elementSize() < 4) {
            throw mismatch(file, indices, "uint32, int32 or int64 indices of sparse field '" + field.name() + "'");
        }
        if (data.kind() != ValueKind.FLOAT || data.elementSize() != Float.BYTES) {
            throw mismatch(file, data, "float32 values of sparse field '" + field.name() + "'");
        }
        if (indptr.rows() != rows + 1) {
            throw new FormatException("dataset '" + indptr.dataset() + "' has " + indptr.rows() + " offsets; expected "
                    + (rows + 1) + " (one per vector, and one more)", file, -1);
        }
        if (indices.rows() != data.rows()) {
            throw new FormatException("dataset '" + indices.dataset() + "' has " + indices.rows() + " indices and '"
                    + data.dataset() + "' " + data.rows() + " values; expected as many", file, -1);
        }
        Dataset offsets = Hdf5Files.findDataset(hdf, file, indptr.dataset());
        long firstOffset = offsetAt(offsets, 0);
        long lastOffset = offsetAt(offsets, rows);
        if (firstOffset != 0 || lastOffset != data.rows()) {
            throw new FormatException("dataset '" + indptr.dataset() + "' runs from " + firstOffset + " to "
                    + lastOffset + "; expected 0 to " + data.rows() + ", the length of '" + data.dataset() + "'",
                    file, -1);
        }
        return new Hdf5ScalarColumn(stored, data, valid, indptr, indices);
    }

    private static long offsetAt(Dataset offsets, long row) {
        Object one = offsets.getData(new long[] {row}, new int[] {1});
        return ((Number) Array.get(one, 0)).longValue();
    }

    private static Hdf5Column describe(Path file, HdfFile hdf, long fileSize, String name) throws FormatException {
        Dataset dataset = Hdf5Files.findDataset(hdf, file, name);
        if (dataset == null) {
            throw new FormatException("the '" + Hdf5ScalarSchema.ATTR_SCHEMA + "' attribute names dataset '" + name
                    + "', which the file does not have", file, -1);
        }
        return Hdf5Columns.describe(file, hdf, dataset, fileSize);
    }

    private static boolean denseFits(VectorFieldType type, Hdf5Column values) {
        return switch (type) {
            case FLOAT_VECTOR -> values.kind() == ValueKind.FLOAT && values.elementSize() == Float.BYTES;
            case BINARY_VECTOR -> isInteger(values) && values.elementSize() == 1;
            case FLOAT16_VECTOR -> values.kind() == ValueKind.FLOAT && values.elementSize() == 2;
            case BFLOAT16_VECTOR -> isInteger(values) && values.elementSize() == 2;
            case INT8_VECTOR -> values.kind() == ValueKind.SIGNED_INT && values.elementSize() == 1;
            case SPARSE_FLOAT_VECTOR -> false;
        };
    }

    private static String denseElement(VectorFieldType type) {
        return switch (type) {
            case FLOAT_VECTOR -> "float32";
            case BINARY_VECTOR -> "uint8 (packed bits)";
            case FLOAT16_VECTOR -> "float16";
            case BFLOAT16_VECTOR -> "uint16 (bfloat16 bits)";
            case INT8_VECTOR -> "int8";
            case SPARSE_FLOAT_VECTOR -> "CSR parts";
        };
    }

    private static boolean isInteger(Hdf5Column column) {
        return column.kind() == ValueKind.SIGNED_INT || column.kind() == ValueKind.UNSIGNED_INT;
    }

    private static FormatException mismatch(Path file, Hdf5Column column, String expected) {
        return new UnsupportedFormatException("dataset '" + column.dataset() + "' is " + column.dtype() + "; expected "
                + expected, file, -1);
    }
}
