package io.milvusdm.format.npy;

import io.milvusdm.format.FormatException;
import io.milvusdm.format.UnsupportedFormatException;
import io.milvusdm.pipeline.VectorType;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One checked pair of a NumPy source: the vectors file's header, and the ids file's when there is one.
 *
 * @param index the pair's position in the spec
 * @param vectors the vectors file's header
 * @param ids the ids file's header, or {@code null}
 * @param vectorType float vectors (float32 or float64 stored) or binary (uint8 stored)
 * @param dimension floats per row, or bits per row for binary vectors
 */
record NpyFileScan(int index, NpyHeader vectors, NpyHeader ids, VectorType vectorType, int dimension) {

    /** Opens both files of the pair and checks each, and that they agree; reads no row. */
    static NpyFileScan scan(int index, NpySourceSpec.NpyFiles pair, boolean readIds) throws IOException {
        NpyHeader vectors = header(pair.vectors());
        VectorType type = vectorType(vectors);
        long columns = vectors.shape()[1];
        long dimension = type == VectorType.BINARY_VECTOR ? columns * 8 : columns;
        if (columns == 0 || dimension > Integer.MAX_VALUE) {
            throw new FormatException("vectors of shape " + NpyHeader.shapeText(vectors.shape())
                    + " have no usable dimension", pair.vectors(), vectors.dataOffset());
        }
        NpyHeader ids = readIds && pair.ids() != null ? checkIds(header(pair.ids()), vectors.rows()) : null;
        return new NpyFileScan(index, vectors, ids, type, (int) dimension);
    }

    private static NpyHeader header(Path file) throws IOException {
        try (NpyReader reader = NpyReader.open(file)) {
            return reader.header();
        }
    }

    private static VectorType vectorType(NpyHeader header) throws FormatException {
        NpyDtype dtype = header.dtype();
        if (header.shape().length != 2) {
            throw new FormatException("vectors must be a 2-D array (rows, dimension); found shape "
                    + NpyHeader.shapeText(header.shape()), header.file(), -1);
        }
        if (dtype.isFloat()) {
            return VectorType.FLOAT_VECTOR;
        }
        if (dtype.kind() == 'u' && dtype.itemSize() == 1) {
            return VectorType.BINARY_VECTOR;
        }
        throw new UnsupportedFormatException("vectors of dtype " + dtype + " are not supported; expected float32 or "
                + "float64, or uint8 (binary vectors, 8 bits a byte)", header.file(), -1);
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

    /** Vector bytes a row carries once read (float32 or packed bits). */
    long payloadBytesPerRow() {
        return vectorType.bytesPerRow(dimension);
    }
}
