package io.milvusdm.format.parquet;

import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorColumn;
import io.milvusdm.storage.AbortableOutputStream;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Writes a stream of {@link VectorBatch}es into one Parquet file in the layout Milvus bulk import reads
 * ({@link ParquetLayout}). Memory is bounded by {@link ParquetWriteOptions#rowGroupBytes()}: a row group is flushed
 * to the stream when its buffered size reaches it. {@link #bytesWritten()} tells the caller when to roll over to a
 * new file.
 *
 * <p>Values go from the batch's primitive arrays straight into parquet-java's column writers with their
 * repetition and definition levels (a vector is one list: the first element at repetition level 0, the others at
 * 1), skipping the record-at-a-time {@code RecordConsumer} path, which cost three times pyarrow's time for the
 * same file (bench/parquet).
 *
 * <p>The file is complete only after {@link #close()}; a caller that fails halfway calls {@link #abort()}, which
 * throws the object away where the stream allows it ({@link AbortableOutputStream}). Not thread-safe.
 */
public final class ParquetBatchWriter implements Closeable {

    /** The most rows between two checks of the buffered size (small rows: a check costs a pass over the columns). */
    private static final int SIZE_CHECK_ROWS = 1024;

    private final String name;
    private final ParquetLayout layout;
    private final ParquetWriteOptions options;
    private final OutputStream out;
    private final MessageType schema;
    private final ParquetProperties properties;
    private final ParquetFileWriter file;
    private final CodecFactory codecs;
    private final CompressionCodecFactory.BytesInputCompressor compressor;
    private ColumnChunkPageWriteStore pages;
    private ColumnWriteStore columns;
    private ColumnWriter keyWriter;
    private ColumnWriter vectorWriter;
    private ColumnWriter[] scalarWriters;
    private long groupRows;
    /** The row of the group after which the buffered size is next checked. */
    private long nextSizeCheck;
    private long rows;
    private boolean finished;

    private ParquetBatchWriter(String name, ParquetLayout layout, ParquetWriteOptions options, OutputStream out,
                               ParquetFileWriter file, ParquetProperties properties, CodecFactory codecs) {
        this.name = name;
        this.layout = layout;
        this.options = options;
        this.out = out;
        this.schema = layout.messageType();
        this.file = file;
        this.properties = properties;
        this.codecs = codecs;
        this.compressor = codecs.getCompressor(options.codec());
    }

    /**
     * Starts a file on {@code out}, which the writer owns from now on (closes or aborts it).
     *
     * @param name where the stream goes, for messages ({@code s3://bucket/dump/part-00001.parquet})
     */
    public static ParquetBatchWriter open(OutputStream out, String name, ParquetLayout layout,
                                          ParquetWriteOptions options) throws IOException {
        String vectorColumn = layout.vectorField() + "." + ParquetLayout.LIST + "." + ParquetLayout.ELEMENT;
        try {
            ParquetProperties properties = ParquetProperties.builder()
                    .withPageSize(options.pageBytes())
                    .withDictionaryPageSize(options.pageBytes())
                    // float and byte vectors hardly ever repeat: a dictionary only costs time before it is dropped
                    .withDictionaryEncoding(vectorColumn, false)
                    .build();
            ParquetFileWriter file = new ParquetFileWriter(new StreamOutputFile(out, name), layout.messageType(),
                    ParquetFileWriter.Mode.OVERWRITE, options.rowGroupBytes(), 0, null, properties);
            file.start();
            CodecFactory codecs = new CodecFactory(new PlainParquetConfiguration(), options.pageBytes());
            ParquetBatchWriter writer = new ParquetBatchWriter(name, layout, options, out, file, properties, codecs);
            writer.startRowGroup();
            return writer;
        } catch (IOException | RuntimeException e) {
            abortQuietly(out, e);
            throw e;
        }
    }

    public ParquetLayout layout() {
        return layout;
    }

    /** Appends the batch's rows; it must match the layout (vector type and dimension, keys, scalar columns). */
    public void write(VectorBatch batch) throws IOException {
        if (finished) {
            throw new IllegalStateException(name + " is already closed");
        }
        check(batch);
        PrimaryKeys keys = batch.keys();
        long[] longKeys = keys instanceof PrimaryKeys.Int64Keys int64 ? int64.values() : null;
        String[] stringKeys = keys instanceof PrimaryKeys.VarcharKeys varchar ? varchar.values() : null;
        float[] floats = batch.vectors() instanceof FloatVectors f ? f.values() : null;
        byte[] bytes = batch.vectors() instanceof ByteVectors b ? b.values() : null;
        List<ScalarColumn> scalars = batch.scalarColumns();
        List<ScalarField> fields = layout.scalarFields();
        int length = layout.listLength();
        for (int row = 0; row < batch.rowCount(); row++) {
            if (longKeys != null) {
                keyWriter.write(longKeys[row], 0, 0);
            } else if (stringKeys != null) {
                keyWriter.write(Binary.fromString(stringKeys[row]), 0, 0);
            }
            int at = row * length;
            if (floats != null) {
                vectorWriter.write(floats[at], 0, 1);
                for (int i = 1; i < length; i++) {
                    vectorWriter.write(floats[at + i], 1, 1);
                }
            } else {
                vectorWriter.write(bytes[at] & 0xff, 0, 1);
                for (int i = 1; i < length; i++) {
                    vectorWriter.write(bytes[at + i] & 0xff, 1, 1);
                }
            }
            for (int c = 0; c < scalarWriters.length; c++) {
                ScalarValues.write(scalars.get(c), row, scalarWriters[c], fields.get(c).nullable());
            }
            columns.endRecord();
            groupRows++;
            if (groupRows >= nextSizeCheck) {
                long buffered = columns.getBufferedSize();
                if (buffered >= options.rowGroupBytes()) {
                    flushRowGroup();
                    startRowGroup();
                } else {
                    nextSizeCheck = groupRows + rowsUntilNextCheck(buffered);
                }
            }
        }
        rows += batch.rowCount();
        if (groupRows > 0 && columns.getBufferedSize() >= options.rowGroupBytes()) {
            flushRowGroup();
            startRowGroup();
        }
    }

    /**
     * The file's size so far, for rolling over by size: row groups written plus the one being buffered, whose
     * last pages count before compression (so the estimate errs high, by at most a page a column).
     */
    public long bytesWritten() {
        try {
            return file.getPos() + (columns == null ? 0 : columns.getBufferedSize());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public long rowsWritten() {
        return rows;
    }

    /** Writes the last row group and the footer, and closes the stream: the file is complete. */
    @Override
    public void close() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        try {
            if (groupRows > 0) {
                flushRowGroup();
            } else {
                releaseRowGroup();
            }
            file.end(Map.of());
        } finally {
            codecs.release();
        }
    }

    /**
     * Gives the file up: a stream that is an {@link AbortableOutputStream} is aborted (nothing appears under its
     * key); any other is closed without a footer, so what it leaves is not a Parquet file (no reader takes it).
     */
    public void abort() throws IOException {
        if (!finished) {
            finished = true;
            releaseRowGroup();
            codecs.release();
            if (out instanceof AbortableOutputStream abortable) {
                abortable.abort();
            } else {
                out.close();
            }
        }
    }

    /**
     * Half the rows the group is expected to take yet, from the bytes a row has taken so far: the checks come
     * closer as the group fills, so a group ends within about a row of its size whatever the rows' size (rows of
     * 64 KB would overshoot a 32 MiB group twice between checks 1024 rows apart), and small rows are checked
     * every {@value #SIZE_CHECK_ROWS}.
     */
    private long rowsUntilNextCheck(long buffered) {
        long rowBytes = Math.max(1, buffered / groupRows);
        long rowsLeft = (options.rowGroupBytes() - buffered) / rowBytes;
        return Math.max(1, Math.min(SIZE_CHECK_ROWS, rowsLeft / 2));
    }

    private void startRowGroup() {
        pages = new ColumnChunkPageWriteStore(compressor, schema, properties.getAllocator(),
                properties.getColumnIndexTruncateLength(), properties.getPageWriteChecksumEnabled());
        columns = properties.newColumnWriteStore(schema, pages, pages);
        List<ColumnDescriptor> descriptors = schema.getColumns();
        int index = 0;
        keyWriter = layout.hasKeys() ? columns.getColumnWriter(descriptors.get(index++)) : null;
        vectorWriter = columns.getColumnWriter(descriptors.get(index++));
        scalarWriters = new ColumnWriter[layout.scalarFields().size()];
        for (int c = 0; c < scalarWriters.length; c++) {
            scalarWriters[c] = columns.getColumnWriter(descriptors.get(index++));
        }
        groupRows = 0;
        nextSizeCheck = 1;
    }

    private void flushRowGroup() throws IOException {
        file.startBlock(groupRows);
        columns.flush();
        pages.flushToFileWriter(file);
        file.endBlock();
        releaseRowGroup();
    }

    private void releaseRowGroup() {
        if (columns != null) {
            columns.close();
            pages.close();
            columns = null;
            pages = null;
        }
    }

    private void check(VectorBatch batch) {
        VectorColumn vectors = batch.vectors();
        if (vectors.type() != layout.vectorType() || vectors.dimension() != layout.dimension()) {
            throw new IllegalArgumentException("batch of split " + batch.split().id() + " has " + vectors.type()
                    + " dim " + vectors.dimension() + ", " + name + " holds " + layout.vectorType() + " dim "
                    + layout.dimension());
        }
        KeyKind keys = keyKind(batch.keys());
        if (keys != layout.keyKind()) {
            throw new IllegalArgumentException("batch of split " + batch.split().id() + " has " + keys
                    + " keys, " + name + " holds " + layout.keyKind() + " keys");
        }
        List<ScalarColumn> columns = batch.scalarColumns();
        List<ScalarField> fields = layout.scalarFields();
        if (columns.size() != fields.size()) {
            throw new IllegalArgumentException("batch of split " + batch.split().id() + " has " + columns.size()
                    + " scalar columns, " + name + " holds " + fields.size());
        }
        for (int c = 0; c < columns.size(); c++) {
            ScalarColumn column = columns.get(c);
            ScalarField field = fields.get(c);
            if (!column.name().equals(field.name()) || column.type() != field.type()
                    || column instanceof ScalarColumn.ArrayColumn array && array.elementType() != field.elementType()) {
                throw new IllegalArgumentException("column " + (c + 1) + " of split " + batch.split().id() + " is "
                        + column.name() + " " + column.type() + ", " + name + " expects " + field.describe());
            }
            if (!field.nullable() && column.nullCount() > 0) {
                throw new IllegalArgumentException("column '" + field.name() + "' of split " + batch.split().id()
                        + " has " + column.nullCount() + " null values, but the field is not nullable");
            }
        }
    }

    private static KeyKind keyKind(PrimaryKeys keys) {
        if (keys == null) {
            return KeyKind.NONE;
        }
        return keys instanceof PrimaryKeys.Int64Keys ? KeyKind.INT64 : KeyKind.VARCHAR;
    }

    private static void abortQuietly(OutputStream out, Exception failure) {
        try {
            if (out instanceof AbortableOutputStream abortable) {
                abortable.abort();
            } else {
                out.close();
            }
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
