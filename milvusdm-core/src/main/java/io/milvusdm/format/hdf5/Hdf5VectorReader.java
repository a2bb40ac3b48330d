package io.milvusdm.format.hdf5;

import io.milvusdm.format.FormatException;
import io.milvusdm.format.hdf5.Hdf5Column.ValueKind;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.VectorFieldSpec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Reads one vector field besides {@code embeddings} of one file, rows at a time, into its typed column: dense rows
 * as float32, or as the type's bytes in Milvus's little-endian form (2-byte values of a big-endian dataset
 * swapped); sparse rows from their offsets, indices and values (CSR), each batch's offsets checked to rise within
 * the values. Not thread-safe.
 */
final class Hdf5VectorReader {

    private static final long UINT32_MAX = 0xFFFF_FFFFL;

    private final Path file;
    private final Hdf5ScalarColumn column;
    private final RowSource values;
    private final RowSource indptr;
    private final RowSource indices;

    Hdf5VectorReader(Path file, Hdf5ScalarColumn column, RowSource values, Hdf5ReaderResources resources)
            throws IOException {
        this.file = file;
        this.column = column;
        this.values = values;
        this.indptr = column.indptr() == null ? null : resources.rowSource(column.indptr());
        this.indices = column.indices() == null ? null : resources.rowSource(column.indices());
    }

    /**
     * Rows {@code [first, first + rows)}.
     *
     * @param flags the rows' valid flags, or null when the field has none
     * @throws FormatException when a sparse field's offsets fall or leave its values, or an index is no uint32
     */
    ScalarColumn read(long first, int rows, ByteBuffer staging, boolean[] flags) throws IOException {
        ScalarField field = column.field();
        VectorFieldSpec vector = field.vector();
        Hdf5Column stored = column.values();
        return switch (vector.type()) {
            case FLOAT_VECTOR -> {
                int dim = vector.dimension();
                float[] out = new float[rows * dim];
                Hdf5ScalarReader.readWindows(values, stored, first, rows, staging,
                        (done, n) -> staging.asFloatBuffer().get(out, done * dim, n * dim));
                yield new ScalarColumn.FloatVectorColumn(field.name(), dim, out, flags);
            }
            case BINARY_VECTOR, FLOAT16_VECTOR, BFLOAT16_VECTOR, INT8_VECTOR -> {
                int rowBytes = (int) vector.bytesPerRow();
                byte[] out = new byte[rows * rowBytes];
                boolean swap = stored.elementSize() == 2 && stored.order() == ByteOrder.BIG_ENDIAN;
                Hdf5ScalarReader.readWindows(values, stored, first, rows, staging, (done, n) -> {
                    staging.get(0, out, done * rowBytes, n * rowBytes);
                    if (swap) {
                        for (int at = done * rowBytes; at < (done + n) * rowBytes; at += 2) {
                            byte high = out[at];
                            out[at] = out[at + 1];
                            out[at + 1] = high;
                        }
                    }
                });
                yield new ScalarColumn.ByteVectorColumn(field.name(), vector.type(), vector.dimension(), out, flags);
            }
            case SPARSE_FLOAT_VECTOR -> sparse(field, first, rows, staging, flags);
        };
    }

    private ScalarColumn sparse(ScalarField field, long first, int rows, ByteBuffer staging, boolean[] flags)
            throws IOException {
        Hdf5Column offsetsColumn = column.indptr();
        long[] offsets = new long[rows + 1];
        Hdf5ScalarReader.readWindows(indptr, offsetsColumn, first, rows + 1, staging, (done, n) -> RowDecoding.toLongs(
                staging, offsetsColumn.elementSize(), offsetsColumn.kind() == ValueKind.SIGNED_INT, offsets, done, n));
        long total = column.values().rows();
        int[] relative = new int[rows + 1];
        for (int row = 0; row <= rows; row++) {
            boolean inside = offsets[row] >= offsets[0] && offsets[row] <= total
                    && (row == 0 || offsets[row] >= offsets[row - 1]);
            if (!inside || offsets[row] - offsets[0] > Integer.MAX_VALUE - 8) {
                throw new FormatException("dataset '" + offsetsColumn.dataset() + "' row " + (first + row) + ": offset "
                        + offsets[row] + (row > 0 && offsets[row] < offsets[row - 1] ? " is less than the one before, "
                        + offsets[row - 1] : "") + "; expected rising offsets within the " + total + " entries of '"
                        + column.values().dataset() + "'", file, -1);
            }
            relative[row] = (int) (offsets[row] - offsets[0]);
        }
        int entries = relative[rows];
        Hdf5Column indicesColumn = column.indices();
        long[] wide = new long[entries];
        Hdf5ScalarReader.readWindows(indices, indicesColumn, offsets[0], entries, staging, (done, n) ->
                RowDecoding.toLongs(staging, indicesColumn.elementSize(),
                        indicesColumn.kind() == ValueKind.SIGNED_INT, wide, done, n));
        int[] narrow = new int[entries];
        for (int i = 0; i < entries; i++) {
            if (wide[i] < 0 || wide[i] > UINT32_MAX) {
                throw new FormatException("dataset '" + indicesColumn.dataset() + "' entry " + (offsets[0] + i)
                        + ": index " + wide[i] + "; expected 0 to " + UINT32_MAX + " (uint32)", file, -1);
            }
            narrow[i] = (int) wide[i];
        }
        float[] out = new float[entries];
        Hdf5ScalarReader.readWindows(values, column.values(), offsets[0], entries, staging,
                (done, n) -> staging.asFloatBuffer().get(out, done, n));
        return new ScalarColumn.SparseVectorColumn(field.name(), relative, narrow, out, flags);
    }
}
