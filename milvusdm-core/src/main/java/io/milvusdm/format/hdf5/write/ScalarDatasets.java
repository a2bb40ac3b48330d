package io.milvusdm.format.hdf5.write;

import io.jhdf.WritableHdfFile;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.StringData;
import io.milvusdm.format.StagingFile;
import io.milvusdm.format.hdf5.Hdf5ArrayText;
import io.milvusdm.format.hdf5.Hdf5ScalarSchema;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.ScalarType;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorFieldSpec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntFunction;
import java.util.function.ToLongFunction;

/**
 * The datasets of an HDF5 file besides {@code embeddings} and {@code ids}, as {@link Hdf5ScalarSchema} lays them
 * out: a scalar field's values, a dense vector field's rows ({@code rows × width}), a sparse vector field's CSR
 * parts ({@code <field>.indptr}, {@code .indices}, {@code .data}) and, for a nullable field, its valid flags. Each
 * batch's columns are staged as sections of its staging block; at the end each dataset is streamed out of the
 * sections of every block, in the source's order.
 *
 * <h2>Staged sections</h2>
 * After a block's vectors and ids: an int64 byte length per dataset, then one section per dataset, in order.
 * A fixed-width dataset's section is its rows exactly as the dataset stores them (little-endian; 1 or 0 for a
 * bool; a dense vector's bytes); a string dataset's is {@code [int32 length][UTF-8 bytes]} a row, a null row as no
 * bytes. A sparse field's {@code indptr} section holds each row's count of entries (int64), which the file's
 * offsets are summed from as the runs are written; its {@code indices} (uint32) and {@code data} (float32)
 * sections are the batch's entries.
 */
final class ScalarDatasets {

    /** What a dataset holds of its field. */
    private enum Role {
        /** A scalar field's values. */
        VALUES,
        /** A nullable field's valid flags. */
        VALID,
        /** A dense vector field's rows. */
        DENSE,
        /** A sparse vector field's row offsets, rows + 1 of them. */
        INDPTR,
        /** A sparse vector field's entries' indices. */
        INDICES,
        /** A sparse vector field's entries' values. */
        SPARSE_DATA
    }

    /**
     * One dataset.
     *
     * @param column the index of the field's column in a batch
     * @param valueBytes bytes a row of a fixed-width dataset (an element of a sparse part); 0 for strings
     */
    private record Entry(int column, ScalarField field, String name, Role role, int valueBytes) {
    }

    private final List<Entry> entries = new ArrayList<>();
    /** The longest value of each string dataset so far, in bytes: the width of its fixed-length strings. */
    private final AtomicIntegerArray widths;

    ScalarDatasets(List<ScalarField> fields) {
        for (int column = 0; column < fields.size(); column++) {
            ScalarField field = fields.get(column);
            if (field.type() == ScalarType.STRUCT_ARRAY || field.type() == ScalarType.VECTOR && !field.isTypedVector()) {
                throw new IllegalArgumentException("field " + field.describe() + " has no HDF5 dataset; an HDF5 file"
                        + " holds vector fields of a known type and scalar fields");
            }
            String name = field.name();
            if (field.isTypedVector() && field.vector().type().isSparse()) {
                entries.add(new Entry(column, field, Hdf5ScalarSchema.sparseIndptr(name), Role.INDPTR, Long.BYTES));
                entries.add(new Entry(column, field, Hdf5ScalarSchema.sparseIndices(name), Role.INDICES,
                        Integer.BYTES));
                entries.add(new Entry(column, field, Hdf5ScalarSchema.sparseData(name), Role.SPARSE_DATA, Float.BYTES));
            } else if (field.isTypedVector()) {
                entries.add(new Entry(column, field, name, Role.DENSE, (int) field.vector().bytesPerRow()));
            } else {
                entries.add(new Entry(column, field, name, Role.VALUES, Hdf5ScalarSchema.valueBytes(field.type())));
            }
            if (field.nullable()) {
                entries.add(new Entry(column, field, Hdf5ScalarSchema.validDataset(name), Role.VALID, 1));
            }
        }
        this.widths = new AtomicIntegerArray(entries.size());
    }

    /** The datasets' names, in file order. */
    List<String> names() {
        return entries.stream().map(Entry::name).toList();
    }

    /**
     * Each dataset's section of the batch (thread-safe).
     *
     * @throws IllegalArgumentException when a column does not fit its field (name, type, a null where none may be)
     */
    byte[][] sections(VectorBatch batch) {
        List<ScalarColumn> columns = batch.scalarColumns();
        byte[][] sections = new byte[entries.size()][];
        for (int e = 0; e < entries.size(); e++) {
            Entry entry = entries.get(e);
            ScalarColumn values = columns.get(entry.column());
            check(entry.field(), values, batch);
            sections[e] = switch (entry.role()) {
                case VALID -> flags(values);
                case VALUES -> entry.valueBytes() > 0 ? fixed(entry, values) : strings(e, values, batch);
                case DENSE -> VectorSections.dense(values);
                case INDPTR -> VectorSections.rowCounts((ScalarColumn.SparseVectorColumn) values);
                case INDICES -> VectorSections.indices((ScalarColumn.SparseVectorColumn) values);
                case SPARSE_DATA -> VectorSections.values((ScalarColumn.SparseVectorColumn) values);
            };
        }
        return sections;
    }

    private static void check(ScalarField field, ScalarColumn column, VectorBatch batch) {
        String where = "split " + batch.split().id() + " (rows from " + batch.firstRow() + ")";
        if (column instanceof ScalarColumn.WireColumn) {
            throw new IllegalArgumentException("column '" + column.name() + "' of " + where + " is in Milvus's wire"
                    + " form, which only a Milvus target reads");
        }
        if (!column.name().equals(field.name()) || column.type() != field.type()
                || field.isTypedVector() && !VectorSections.fits(field, column)) {
            throw new IllegalArgumentException("column '" + column.name() + "' (" + column.type() + ") of " + where
                    + " is not field " + field.describe());
        }
        if (!field.nullable() && column.nullCount() > 0) {
            throw new IllegalArgumentException("field '" + field.name() + "' is not nullable, but " + where
                    + " has " + column.nullCount() + " null rows");
        }
    }

    /** Total staged bytes of the sections, their length table included. */
    static long stagedBytes(byte[][] sections) {
        long bytes = (long) Long.BYTES * sections.length;
        for (byte[] section : sections) {
            bytes += section.length;
        }
        return bytes;
    }

    /** Puts the length table and the sections into the block, at its position. */
    static void put(ByteBuffer block, byte[][] sections) {
        block.order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] section : sections) {
            block.putLong(section.length);
        }
        for (byte[] section : sections) {
            block.put(section);
        }
    }

    private static byte[] flags(ScalarColumn column) {
        byte[] flags = new byte[column.rowCount()];
        for (int row = 0; row < flags.length; row++) {
            flags[row] = (byte) (column.isNull(row) ? 0 : 1);
        }
        return flags;
    }

    private static byte[] fixed(Entry entry, ScalarColumn column) {
        int rows = column.rowCount();
        ByteBuffer out = ByteBuffer.allocate(rows * entry.valueBytes()).order(ByteOrder.LITTLE_ENDIAN);
        if (column instanceof ScalarColumn.BoolColumn bools) {
            for (boolean value : bools.values()) {
                out.put((byte) (value ? 1 : 0));
            }
        } else if (column instanceof ScalarColumn.IntegerColumn ints) {
            for (long value : ints.values()) {
                switch (entry.valueBytes()) {
                    case 1 -> out.put((byte) value);
                    case 2 -> out.putShort((short) value);
                    case 4 -> out.putInt((int) value);
                    default -> out.putLong(value);
                }
            }
        } else {
            ScalarColumn.FloatingColumn floats = (ScalarColumn.FloatingColumn) column;
            for (double value : floats.values()) {
                if (entry.valueBytes() == Float.BYTES) {
                    out.putFloat((float) value);
                } else {
                    out.putDouble(value);
                }
            }
        }
        return out.array();
    }

    /**
     * A string dataset's section: each value's UTF-8 with its length.
     *
     * @throws IllegalArgumentException for text holding U+0000, which a fixed-length HDF5 string cannot carry
     */
    private byte[] strings(int entry, ScalarColumn column, VectorBatch batch) {
        int rows = column.rowCount();
        byte[][] values = new byte[rows][];
        Hdf5ArrayText arrays = column instanceof ScalarColumn.ArrayColumn ? new Hdf5ArrayText() : null;
        long total = (long) Integer.BYTES * rows;
        int widest = 0;
        for (int row = 0; row < rows; row++) {
            byte[] value;
            if (column.isNull(row)) {
                value = new byte[0];
            } else if (column instanceof ScalarColumn.VarcharColumn varchar) {
                String text = varchar.values()[row];
                if (text.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("field '" + column.name() + "': row " + (batch.firstRow() + row)
                            + " of split " + batch.split().id() + " holds U+0000, which an HDF5 fixed-length string"
                            + " cannot carry (h5py and H2M read it as the end of the string); dump the collection as"
                            + " Parquet (milvusdm dump) to keep such text");
                }
                value = text.getBytes(StandardCharsets.UTF_8);
            } else if (column instanceof ScalarColumn.JsonColumn json) {
                value = json.values()[row];
            } else {
                value = arrays.encode((ScalarColumn.ArrayColumn) column, row);
            }
            values[row] = value;
            total += value.length;
            widest = Math.max(widest, value.length);
        }
        widths.accumulateAndGet(entry, widest, Math::max);
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(total)).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] value : values) {
            out.putInt(value.length).put(value);
        }
        return out.array();
    }

    /**
     * Puts every dataset into the file, each streamed from its sections when the file is written.
     *
     * @param tableAt where a run's length table starts in the staging file
     * @param chunking the storage for rows of so many bytes, or null for contiguous
     */
    void putInto(WritableHdfFile hdf, StagingFile staging, List<StagingFile.Run> runs, long rows,
                 ToLongFunction<StagingFile.Run> tableAt, IntFunction<StreamedDataset.Chunking> chunking)
            throws IOException {
        for (int e = 0; e < entries.size(); e++) {
            Entry entry = entries.get(e);
            int index = e;
            if (entry.role() != Role.VALUES && entry.role() != Role.VALID) {
                putVectorDataset(hdf, staging, runs, rows, tableAt, chunking, entry, index);
                continue;
            }
            boolean text = entry.valueBytes() == 0;
            // One byte more than the longest value: the terminating null of a NULL_TERMINATED string.
            DataType type = text ? StringData.create(new String[] {"a".repeat(widths.get(e))}) : dataType(entry);
            StreamedDataset.Content content = out -> {
                for (StagingFile.Run run : runs) {
                    long[] section = section(staging, tableAt.applyAsLong(run), index);
                    if (text) {
                        writeStrings(staging, section, run.rows(), type.getSize(), out);
                    } else {
                        out.copy(staging, section[0], section[1]);
                    }
                }
            };
            StreamedDataset dataset = new StreamedDataset(hdf, entry.name(), type,
                    text ? new String[] {""} : new byte[1], new long[] {rows}, content, chunking.apply(type.getSize()));
            attributes(dataset, entry);
            hdf.putDataset(entry.name(), dataset);
        }
    }

    /**
     * A dense vector field's {@code rows × width} dataset, or one of a sparse field's CSR parts: {@code indptr}
     * (rows + 1 offsets summed from the staged counts), {@code indices} and {@code data} (as many as the runs'
     * entries, counted from their sections' lengths before the dataset is declared).
     */
    private void putVectorDataset(WritableHdfFile hdf, StagingFile staging, List<StagingFile.Run> runs, long rows,
                                  ToLongFunction<StagingFile.Run> tableAt,
                                  IntFunction<StreamedDataset.Chunking> chunking, Entry entry, int index)
            throws IOException {
        VectorFieldSpec vector = entry.field().vector();
        StreamedDataset.Content copied = out -> {
            for (StagingFile.Run run : runs) {
                long[] section = section(staging, tableAt.applyAsLong(run), index);
                out.copy(staging, section[0], section[1]);
            }
        };
        StreamedDataset dataset = switch (entry.role()) {
            case DENSE -> {
                DataType type = VectorDataTypes.denseElement(vector.type());
                int width = VectorDataTypes.denseWidth(vector.type(), vector.dimension());
                yield new StreamedDataset(hdf, entry.name(), type, new byte[1][width], new long[] {rows, width},
                        copied, chunking.apply(entry.valueBytes()));
            }
            case INDPTR -> new StreamedDataset(hdf, entry.name(), VectorDataTypes.INT64, new long[1],
                    new long[] {rows + 1}, out -> writeOffsets(staging, runs, tableAt, index, out),
                    chunking.apply(Long.BYTES));
            case INDICES, SPARSE_DATA -> {
                long entries = 0;
                for (StagingFile.Run run : runs) {
                    entries += section(staging, tableAt.applyAsLong(run), index)[1] / entry.valueBytes();
                }
                DataType type = entry.role() == Role.INDICES ? VectorDataTypes.UINT32 : VectorDataTypes.FLOAT32;
                yield new StreamedDataset(hdf, entry.name(), type, new byte[1], new long[] {entries}, copied,
                        chunking.apply(entry.valueBytes()));
            }
            default -> throw new IllegalStateException(entry.role() + " is no vector dataset");
        };
        VectorSections.attributes(dataset, entry.field(), entry.role() == Role.INDPTR ? "indptr"
                : entry.role() == Role.INDICES ? "indices" : entry.role() == Role.SPARSE_DATA ? "data" : null);
        hdf.putDataset(entry.name(), dataset);
    }

    /** A sparse field's offsets: 0, then the running sum of every run's staged row counts. */
    private void writeOffsets(StagingFile staging, List<StagingFile.Run> runs, ToLongFunction<StagingFile.Run> tableAt,
                              int index, StreamedDataset.ByteTarget out) throws IOException {
        ByteBuffer offsets = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        long sum = 0;
        offsets.putLong(sum);
        for (StagingFile.Run run : runs) {
            long[] section = section(staging, tableAt.applyAsLong(run), index);
            ByteBuffer counts = ByteBuffer.allocate(Math.toIntExact(section[1])).order(ByteOrder.LITTLE_ENDIAN);
            staging.read(section[0], counts);
            counts.flip();
            while (counts.hasRemaining()) {
                if (!offsets.hasRemaining()) {
                    out.write(offsets.flip());
                    offsets.clear();
                }
                sum += counts.getLong();
                offsets.putLong(sum);
            }
        }
        out.write(offsets.flip());
    }

    /**
     * Where dataset {@code index}'s section of a run is, {start, length}: after the length table and the sections
     * before it.
     */
    private long[] section(StagingFile staging, long tableAt, int index) throws IOException {
        ByteBuffer table = ByteBuffer.allocate(Long.BYTES * entries.size()).order(ByteOrder.LITTLE_ENDIAN);
        staging.read(tableAt, table);
        long at = tableAt + table.capacity();
        for (int i = 0; i < index; i++) {
            at += table.getLong(Long.BYTES * i);
        }
        return new long[] {at, table.getLong(Long.BYTES * index)};
    }

    /**
     * Streams a run's rows of a string dataset as fixed-width, null-padded strings; the section is read whole (it
     * is part of one batch).
     */
    private static void writeStrings(StagingFile staging, long[] section, int rows, int width,
                                     StreamedDataset.ByteTarget out) throws IOException {
        ByteBuffer values = ByteBuffer.allocate(Math.toIntExact(section[1])).order(ByteOrder.LITTLE_ENDIAN);
        staging.read(section[0], values);
        values.flip();
        ByteBuffer rowsOut = ByteBuffer.allocate(Math.max(width, 1 << 16));
        byte[] padding = new byte[width];
        for (int row = 0; row < rows; row++) {
            int length = values.getInt();
            if (rowsOut.remaining() < width) {
                out.write(rowsOut.flip());
                rowsOut.clear();
            }
            rowsOut.put(values.array(), values.position(), length).put(padding, 0, width - length);
            values.position(values.position() + length);
        }
        out.write(rowsOut.flip());
    }

    private static DataType dataType(Entry entry) {
        if (entry.role() == Role.VALID) {
            return BoolEnumType.INSTANCE;
        }
        return switch (entry.field().type()) {
            case BOOL -> BoolEnumType.INSTANCE;
            case INT8, INT16, INT32, INT64, TIMESTAMPTZ -> new FixedPoint(entry.valueBytes(), true);
            case FLOAT -> FloatingPoint.FLOAT;
            case DOUBLE -> FloatingPoint.DOUBLE;
            default -> throw new IllegalStateException(entry.field().describe() + " is stored as strings");
        };
    }

    /** The attributes Hdf5ScalarSchema describes, for h5py users; the root schema attribute is what is read back. */
    private static void attributes(StreamedDataset dataset, Entry entry) {
        ScalarField field = entry.field();
        if (entry.role() == Role.VALID) {
            dataset.putAttribute(Hdf5ScalarSchema.ATTR_VALID_FOR, field.name());
            return;
        }
        dataset.putAttribute(Hdf5ScalarSchema.ATTR_MILVUS_TYPE, field.type().name());
        dataset.putAttribute(Hdf5ScalarSchema.ATTR_NULLABLE, field.nullable() ? 1 : 0);
        if (field.nullable()) {
            dataset.putAttribute(Hdf5ScalarSchema.ATTR_VALID, Hdf5ScalarSchema.validDataset(field.name()));
        }
        if (field.maxLength() > 0) {
            dataset.putAttribute(Hdf5ScalarSchema.ATTR_MAX_LENGTH, field.maxLength());
        }
        if (field.type() == ScalarType.ARRAY) {
            dataset.putAttribute(Hdf5ScalarSchema.ATTR_ELEMENT_TYPE, field.elementType().name());
            dataset.putAttribute(Hdf5ScalarSchema.ATTR_MAX_CAPACITY, field.maxCapacity());
        }
        if (field.defaultValue() != null) {
            Object value = field.defaultValue();
            dataset.putAttribute(Hdf5ScalarSchema.ATTR_DEFAULT, value instanceof Boolean b ? (byte) (b ? 1 : 0) : value);
        }
        if (entry.valueBytes() == 0) {
            dataset.putAttribute(Hdf5ScalarSchema.ATTR_ENCODING, switch (field.type()) {
                case VARCHAR -> "utf-8";
                case GEOMETRY -> "wkt";
                default -> "json";
            });
        }
        if (field.type() == ScalarType.TIMESTAMPTZ) {
            // numpy's datetime64 unit: f["t"][:].astype("datetime64[us]") gives the instants
            dataset.putAttribute(Hdf5ScalarSchema.ATTR_UNIT, "us");
            dataset.putAttribute(Hdf5ScalarSchema.ATTR_TIMEZONE, "UTC");
        }
    }
}
