package io.milvusdm.format.npy;

import io.milvusdm.format.FormatException;
import io.milvusdm.format.UnsupportedFormatException;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.VectorType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One checked group of a NumPy source: the vectors file's header, the ids file's when there is one, and each
 * scalar field's.
 *
 * @param index the group's position in the spec
 * @param vectors the vectors file's header
 * @param ids the ids file's header, or {@code null}
 * @param vectorType float vectors (float32 or float64 stored), or the spec's byte vector type (uint8 stored)
 * @param dimension floats per row, bits per row for binary vectors, half floats per row for FLOAT16/BFLOAT16
 * @param scalars the scalar files' headers, in the spec's field order
 */
record NpyFileScan(int index, NpyHeader vectors, NpyHeader ids, VectorType vectorType, int dimension,
                   List<NpyHeader> scalars) {

    /** Opens every file of the group and checks each, and that they agree; reads no row. */
    static NpyFileScan scan(int index, NpySourceSpec.NpyFiles pair, boolean readIds, VectorType byteVectorType,
                            List<ScalarField> fields) throws IOException {
        NpyHeader vectors = header(pair.vectors());
        VectorType type = vectorType(vectors, byteVectorType);
        long columns = vectors.shape()[1];
        long dimension = switch (type) {
            case BINARY_VECTOR -> columns * 8;
            case FLOAT16_VECTOR, BFLOAT16_VECTOR -> columns / 2;
            default -> columns;
        };
        if (columns == 0 || dimension > Integer.MAX_VALUE) {
            throw new FormatException("vectors of shape " + NpyHeader.shapeText(vectors.shape())
                    + " have no usable dimension", pair.vectors(), vectors.dataOffset());
        }
        if (dimension * 2 != columns && (type == VectorType.FLOAT16_VECTOR || type == VectorType.BFLOAT16_VECTOR)) {
            throw new FormatException("uint8 vectors of shape " + NpyHeader.shapeText(vectors.shape()) + " cannot"
                    + " hold " + type + ": expected an even count of bytes a row (two a dimension)", pair.vectors(),
                    vectors.dataOffset());
        }
        NpyHeader ids = readIds && pair.ids() != null ? checkIds(header(pair.ids()), vectors.rows()) : null;
        List<NpyHeader> scalars = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            scalars.add(checkScalar(header(pair.scalars().get(i)), fields.get(i), vectors.rows()));
        }
        return new NpyFileScan(index, vectors, ids, type, (int) dimension, List.copyOf(scalars));
    }

    /** A scalar field's file: 1-D, as long as the vectors, of a dtype that holds the field's values. */
    private static NpyHeader checkScalar(NpyHeader file, ScalarField field, long rows) throws FormatException {
        NpyDtype dtype = file.dtype();
        boolean fits = switch (field.type()) {
            case BOOL -> dtype.isBool();
            case INT8, INT16, INT32, INT64 -> dtype.kind() == 'i' && dtype.itemSize() <= bytes(field);
            case FLOAT -> dtype.isFloat() && dtype.itemSize() == 4;
            case DOUBLE -> dtype.isFloat();
            case VARCHAR, JSON, GEOMETRY, DYNAMIC -> dtype.isUnicode();
            default -> false;
        };
        if (!fits || file.shape().length != 1) {
            throw new FormatException("field " + field.describe() + " cannot be read from a " + dtype + " array of"
                    + " shape " + NpyHeader.shapeText(file.shape()) + "; expected a 1-D " + expected(field) + " array",
                    file.file(), -1);
        }
        if (file.rows() != rows) {
            throw new FormatException("field '" + field.name() + "' has " + file.rows() + " rows, the vectors "
                    + rows, file.file(), -1);
        }
        return file;
    }

    private static int bytes(ScalarField field) {
        return switch (field.type()) {
            case INT8 -> 1;
            case INT16 -> 2;
            case INT32 -> 4;
            default -> 8;
        };
    }

    private static String expected(ScalarField field) {
        return switch (field.type()) {
            case BOOL -> "bool (|b1)";
            case INT8, INT16, INT32, INT64 -> "signed integer of at most " + bytes(field) + " bytes";
            case FLOAT -> "float32";
            case DOUBLE -> "float32 or float64";
            case VARCHAR, JSON, GEOMETRY, DYNAMIC -> "unicode (<U)";
            default -> field.type() + " has no NumPy form";
        };
    }

    private static NpyHeader header(Path file) throws IOException {
        try (NpyReader reader = NpyReader.open(file)) {
            return reader.header();
        }
    }

    private static VectorType vectorType(NpyHeader header, VectorType byteVectorType) throws FormatException {
        NpyDtype dtype = header.dtype();
        if (header.shape().length != 2) {
            throw new FormatException("vectors must be a 2-D array (rows, dimension); found shape "
                    + NpyHeader.shapeText(header.shape()), header.file(), -1);
        }
        if (dtype.isFloat()) {
            return VectorType.FLOAT_VECTOR;
        }
        if (dtype.kind() == 'u' && dtype.itemSize() == 1) {
            return byteVectorType;
        }
        throw new UnsupportedFormatException("vectors of dtype " + dtype + " are not supported; expected float32 or "
                + "float64, or uint8 (binary vectors, 8 bits a byte; or half floats, two bytes a dimension)",
                header.file(), -1);
    }

    private static NpyHeader checkIds(NpyHeader ids, long rows) throws FormatException {
        long[] shape = ids.shape();
        boolean column = shape.length == 1 || shape.length == 2 && shape[1] == 1;
        if (!ids.dtype().isInteger() || !column) {
            throw new FormatException("ids must be a 1-D integer array (or one column); found " + ids.dtype() + " "
                    + NpyHeader.shapeText(shape), ids.file(), -1);
        }
        if (ids.dtype().kind() == 'u' && ids.dtype().itemSize() == 8) {
            throw new UnsupportedFormatException("ids of dtype " + ids.dtype() + " are refused: a uint64 may not fit "
                    + "Milvus's int64 primary key; save them as int64", ids.file(), -1);
        }
        if (ids.rows() != rows) {
            throw new FormatException("ids count " + ids.rows() + " != vectors count " + rows, ids.file(), -1);
        }
        return ids;
    }

    Path vectorsFile() {
        return vectors.file();
    }

    long rows() {
        return vectors.rows();
    }

    /** Vector bytes a row carries once read (float32, packed bits or half floats). */
    long payloadBytesPerRow() {
        return vectorType.bytesPerRow(dimension);
    }

    /** Scalar bytes a row takes in its files (a unicode value its full width). */
    long scalarBytesPerRow() {
        long bytes = 0;
        for (NpyHeader scalar : scalars) {
            bytes += scalar.dtype().itemSize();
        }
        return bytes;
    }
}
