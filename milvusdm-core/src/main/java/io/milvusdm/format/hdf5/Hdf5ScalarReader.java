package io.milvusdm.format.hdf5;

import io.milvusdm.format.FormatException;
import io.milvusdm.format.hdf5.Hdf5Column.ValueKind;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.ScalarType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads one scalar field of one file, rows at a time, into its typed column ({@link Hdf5ScalarSchema} says how
 * each type is stored): numbers widened into {@code long[]} / {@code double[]}, bools from 1-byte integers,
 * strings cut at their terminating null, ARRAY rows parsed from their JSON text, nulls from the valid flags.
 * Stored rows pass through the batch reader's staging buffer, which holds at least one row. Not thread-safe.
 */
final class Hdf5ScalarReader {

    private final Path file;
    private final Hdf5ScalarColumn column;
    private final RowSource values;
    private final RowSource valid;
    /** A vector field's reader; null for a scalar field. */
    private final Hdf5VectorReader vectors;

    Hdf5ScalarReader(Path file, Hdf5ScalarColumn column, Hdf5ReaderResources resources) throws IOException {
        this.file = file;
        this.column = column;
        this.values = resources.rowSource(column.values());
        this.valid = column.valid() == null ? null : resources.rowSource(column.valid());
        this.vectors = column.field().isTypedVector() ? new Hdf5VectorReader(file, column, values, resources) : null;
    }

    /**
     * Rows {@code [first, first + rows)}.
     *
     * @throws FormatException when a value does not fit its field (a bad ARRAY text, an integer out of range)
     */
    ScalarColumn read(long first, int rows, ByteBuffer staging) throws IOException {
        ScalarField field = column.field();
        boolean[] flags = valid == null ? null : readFlags(first, rows, staging);
        Hdf5Column stored = column.values();
        try {
            return switch (field.type()) {
                case BOOL -> new ScalarColumn.BoolColumn(field.name(), readFlags(values, stored, first, rows, staging),
                        flags);
                case INT8, INT16, INT32, INT64, TIMESTAMPTZ -> new ScalarColumn.IntegerColumn(field.name(), field.type(),
                        readLongs(first, rows, staging), flags);
                case FLOAT, DOUBLE -> new ScalarColumn.FloatingColumn(field.name(), field.type(),
                        readDoubles(first, rows, staging), flags);
                case VARCHAR, JSON, ARRAY, DYNAMIC, GEOMETRY -> strings(field, readStrings(first, rows, staging), flags);
                case VECTOR -> vectors.read(first, rows, staging, flags);
                case STRUCT_ARRAY -> throw new IllegalStateException("no dataset holds " + field.type());
            };
        } catch (IllegalArgumentException e) {
            throw new FormatException("dataset '" + stored.dataset() + "' rows " + first + ".." + (first + rows - 1)
                    + " do not fit field " + field.describe() + ": " + e.getMessage(), file, -1, e);
        }
    }

    private boolean[] readFlags(long first, int rows, ByteBuffer staging) throws IOException {
        return readFlags(valid, column.valid(), first, rows, staging);
    }

    /** Decodes {@code n} stored rows, at position 0 of the staging buffer, into rows {@code done..done+n-1}. */
    @FunctionalInterface
    interface WindowDecoder {
        void decode(int done, int n);
    }

    /** Passes the stored rows through the staging buffer, as many at a time as it holds. */
    static void readWindows(RowSource source, Hdf5Column stored, long first, int rows, ByteBuffer staging,
                                    WindowDecoder decoder) throws IOException {
        int window = (int) Math.max(1, staging.capacity() / stored.rowBytes());
        for (int done = 0; done < rows; done += window) {
            int n = Math.min(window, rows - done);
            fill(source, stored, first + done, n, staging);
            decoder.decode(done, n);
        }
    }

    private static boolean[] readFlags(RowSource source, Hdf5Column stored, long first, int rows, ByteBuffer staging)
            throws IOException {
        boolean[] flags = new boolean[rows];
        readWindows(source, stored, first, rows, staging, (done, n) -> {
            for (int i = 0; i < n; i++) {
                flags[done + i] = staging.get(i) != 0;
            }
        });
        return flags;
    }

    private long[] readLongs(long first, int rows, ByteBuffer staging) throws IOException {
        Hdf5Column stored = column.values();
        long[] out = new long[rows];
        readWindows(values, stored, first, rows, staging, (done, n) -> RowDecoding.toLongs(staging,
                stored.elementSize(), stored.kind() == ValueKind.SIGNED_INT, out, done, n));
        return out;
    }

    private double[] readDoubles(long first, int rows, ByteBuffer staging) throws IOException {
        Hdf5Column stored = column.values();
        double[] out = new double[rows];
        readWindows(values, stored, first, rows, staging, (done, n) -> {
            for (int i = 0; i < n; i++) {
                out[done + i] = stored.elementSize() == Float.BYTES ? staging.getFloat(i * Float.BYTES)
                        : staging.getDouble(i * Double.BYTES);
            }
        });
        return out;
    }

    /** Each row's bytes up to its first null (fixed-length strings are null-terminated or null-padded). */
    private byte[][] readStrings(long first, int rows, ByteBuffer staging) throws IOException {
        Hdf5Column stored = column.values();
        int width = stored.elementSize();
        byte[][] out = new byte[rows][];
        readWindows(values, stored, first, rows, staging, (done, n) -> {
            for (int i = 0; i < n; i++) {
                int start = i * width;
                int length = 0;
                while (length < width && staging.get(start + length) != 0) {
                    length++;
                }
                byte[] value = new byte[length];
                staging.get(start, value);
                out[done + i] = value;
            }
        });
        return out;
    }

    /** The string forms' columns; a null row (flag false, or empty in a file written before flags) has no value. */
    private ScalarColumn strings(ScalarField field, byte[][] texts, boolean[] flags) {
        boolean[] validRows = flags;
        if (column.stored().emptyMeansNull()) {
            validRows = new boolean[texts.length];
            for (int row = 0; row < texts.length; row++) {
                validRows[row] = texts[row].length > 0;
            }
        }
        if (validRows != null) {
            for (int row = 0; row < texts.length; row++) {
                texts[row] = validRows[row] ? texts[row] : null;
            }
        }
        return switch (field.type()) {
            case VARCHAR, GEOMETRY -> {
                String[] strings = new String[texts.length];
                for (int row = 0; row < texts.length; row++) {
                    strings[row] = texts[row] == null ? null : new String(texts[row], StandardCharsets.UTF_8);
                }
                yield new ScalarColumn.VarcharColumn(field.name(), field.type(), strings);
            }
            case JSON, DYNAMIC -> new ScalarColumn.JsonColumn(field.name(), field.type(), texts);
            default -> Hdf5ArrayText.decode(field.name(), field.elementType(), texts, validRows);
        };
    }

    /** Leaves {@code rows} stored rows in {@code staging}, from position 0, in the dataset's byte order. */
    static void fill(RowSource source, Hdf5Column stored, long firstRow, int rows, ByteBuffer staging)
            throws IOException {
        staging.clear();
        source.read(firstRow, rows, staging);
        staging.flip();
        staging.order(stored.order());
    }
}
