package io.milvusdm.format.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.milvusdm.format.FormatException;
import io.milvusdm.format.UnsupportedFormatException;
import io.milvusdm.format.hdf5.Hdf5Column.ValueKind;
import io.milvusdm.pipeline.ScalarField;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the scalar datasets of one file in MilvusDM's layout from its {@code schema} attribute
 * ({@link Hdf5ScalarSchema}; vector fields besides {@code embeddings}: {@link Hdf5VectorScan}) and checks that each
 * holds what its field needs: as many rows as the vectors, a
 * rank of 1 and an element type that fits the field's (integers no wider than the field's, strings for the
 * string forms). A file without the attribute, as MilvusDM and other tools write them, has none.
 */
final class Hdf5ScalarScan {

    private Hdf5ScalarScan() {
    }

    static List<Hdf5ScalarColumn> scan(Path file, HdfFile hdf, long fileSize, long rows) throws FormatException {
        String json = schemaJson(file, hdf);
        if (json == null) {
            return List.of();
        }
        List<Hdf5ScalarColumn> columns = new ArrayList<>();
        for (Hdf5ScalarSchema.StoredField stored : Hdf5ScalarSchema.scalarFields(json, file)) {
            Hdf5Column valid = null;
            if (stored.validDataset() != null) {
                valid = column(file, hdf, fileSize, stored.validDataset(), rows);
                if (!isInteger(valid) || valid.elementSize() != 1) {
                    throw mismatch(file, valid, "1-byte booleans (valid flags of field '" + stored.field().name()
                            + "')");
                }
            }
            if (stored.field().isTypedVector()) {
                columns.add(Hdf5VectorScan.scan(file, hdf, fileSize, rows, stored, valid));
                continue;
            }
            Hdf5Column values = column(file, hdf, fileSize, stored.dataset(), rows);
            checkValues(file, stored.field(), values);
            columns.add(new Hdf5ScalarColumn(stored, values, valid));
        }
        return List.copyOf(columns);
    }

    /** The key's and vector field's names the file records, or null for a file without a {@code schema}. */
    static Hdf5ScalarSchema.FieldNames fieldNames(Path file, HdfFile hdf) throws FormatException {
        String json = schemaJson(file, hdf);
        return json == null ? null : Hdf5ScalarSchema.fieldNames(json, file);
    }

    private static String schemaJson(Path file, HdfFile hdf) throws FormatException {
        Attribute attribute = hdf.getAttribute(Hdf5ScalarSchema.ATTR_SCHEMA);
        if (attribute == null) {
            return null;
        }
        if (!(attribute.getData() instanceof String json)) {
            throw new FormatException("the '" + Hdf5ScalarSchema.ATTR_SCHEMA + "' attribute is not a string", file, -1);
        }
        return json;
    }

    private static Hdf5Column column(Path file, HdfFile hdf, long fileSize, String name, long rows)
            throws FormatException {
        Dataset dataset = Hdf5Files.findDataset(hdf, file, name);
        if (dataset == null) {
            throw new FormatException("the '" + Hdf5ScalarSchema.ATTR_SCHEMA + "' attribute names dataset '" + name
                    + "', which the file does not have", file, -1);
        }
        Hdf5Column column = Hdf5Columns.describe(file, hdf, dataset, fileSize);
        if (column.rank() != 1 || column.rows() != rows) {
            throw new FormatException("dataset '" + name + "' has " + column.rows() + " rows" + (column.rank() == 1
                    ? "" : " of " + column.elementsPerRow() + " elements") + "; expected " + rows
                    + " single values, one per vector", file, -1);
        }
        return column;
    }

    private static void checkValues(Path file, ScalarField field, Hdf5Column values) throws FormatException {
        int bytes = Hdf5ScalarSchema.valueBytes(field.type());
        boolean fits = switch (field.type()) {
            case BOOL -> isInteger(values) && values.elementSize() == 1;
            case INT8, INT16, INT32, INT64, TIMESTAMPTZ -> values.kind() == ValueKind.SIGNED_INT
                    && values.elementSize() <= bytes;
            case FLOAT -> values.kind() == ValueKind.FLOAT && values.elementSize() == Float.BYTES;
            case DOUBLE -> values.kind() == ValueKind.FLOAT;
            case VARCHAR, JSON, ARRAY, DYNAMIC, GEOMETRY -> values.kind() == ValueKind.FIXED_BYTES;
            case VECTOR, STRUCT_ARRAY -> false;
        };
        if (!fits) {
            String expected = switch (field.type()) {
                case BOOL -> "booleans (1-byte integers)";
                case INT8, INT16, INT32, INT64, TIMESTAMPTZ -> "signed integers of at most " + bytes + " bytes";
                case FLOAT -> "float32";
                case DOUBLE -> "float32 or float64";
                default -> "fixed-length strings";
            };
            throw mismatch(file, values, expected + " for field " + field.describe());
        }
    }

    private static boolean isInteger(Hdf5Column column) {
        return column.kind() == ValueKind.SIGNED_INT || column.kind() == ValueKind.UNSIGNED_INT;
    }

    private static FormatException mismatch(Path file, Hdf5Column column, String expected) {
        return new UnsupportedFormatException("dataset '" + column.dataset() + "' is " + column.dtype() + "; expected "
                + expected, file, -1);
    }

    /** "title VARCHAR(64) nullable, n INT32", for messages. */
    static String describe(List<Hdf5ScalarColumn> columns) {
        return columns.isEmpty() ? "none" : String.join(", ", columns.stream().map(c -> c.field().describe()).toList());
    }
}
