package io.milvusdm.format.parquet;

import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorColumn;
import io.milvusdm.storage.AbortableOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes a stream of {@link VectorBatch}es into one Parquet file in the layout Milvus bulk import reads
 * ({@link ParquetLayout}). Memory is bounded by {@link ParquetWriteOptions#rowGroupBytes()}: a row group is flushed
 * to the stream when its buffered size reaches it. {@link #bytesWritten()} tells the caller when to roll over to a
 * new file.
 *
 * <p>The file is complete only after {@link #close()}; a caller that fails halfway calls {@link #abort()}, which
 * throws the object away where the stream allows it ({@link AbortableOutputStream}). Not thread-safe.
 */
public final class ParquetBatchWriter implements Closeable {

    private final String name;
    private final ParquetLayout layout;
    private final OutputStream out;
    private final ParquetWriter<BatchWriteSupport.Cursor> writer;
    private final BatchWriteSupport.Cursor cursor = new BatchWriteSupport.Cursor();
    private long rows;
    private boolean finished;

    private ParquetBatchWriter(String name, ParquetLayout layout, OutputStream out,
                               ParquetWriter<BatchWriteSupport.Cursor> writer) {
        this.name = name;
        this.layout = layout;
        this.out = out;
        this.writer = writer;
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
            ParquetWriter<BatchWriteSupport.Cursor> writer = new Builder(new StreamOutputFile(out, name), layout)
                    .withConf(new PlainParquetConfiguration())
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withCompressionCodec(options.codec())
                    .withRowGroupSize(options.rowGroupBytes())
                    .withPageSize(options.pageBytes())
                    // float and byte vectors hardly ever repeat: a dictionary only costs time before it is dropped
                    .withDictionaryEncoding(vectorColumn, false)
                    .build();
            return new ParquetBatchWriter(name, layout, out, writer);
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
        cursor.batch = batch;
        for (int row = 0; row < batch.rowCount(); row++) {
            cursor.row = row;
            writer.write(cursor);
        }
        cursor.batch = null;
        rows += batch.rowCount();
    }

    /** The file's size so far: row groups written plus the one being buffered (its encoded, compressed size). */
    public long bytesWritten() {
        return writer.getDataSize();
    }

    public long rowsWritten() {
        return rows;
    }

    /** Writes the last row group and the footer, and closes the stream: the file is complete. */
    @Override
    public void close() throws IOException {
        if (!finished) {
            finished = true;
            writer.close();
        }
    }

    /** Gives the file up: the stream is aborted (or, when it cannot be, closed without a footer). */
    public void abort() throws IOException {
        if (!finished) {
            finished = true;
            if (out instanceof AbortableOutputStream abortable) {
                abortable.abort();
            } else {
                out.close();
            }
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
            if (!column.name().equals(field.name()) || column.type() != field.type()) {
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

    private static final class Builder extends ParquetWriter.Builder<BatchWriteSupport.Cursor, Builder> {
        private final ParquetLayout layout;

        Builder(OutputFile file, ParquetLayout layout) {
            super(file);
            this.layout = layout;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<BatchWriteSupport.Cursor> getWriteSupport(Configuration configuration) {
            return new BatchWriteSupport(layout);
        }

        @Override
        protected WriteSupport<BatchWriteSupport.Cursor> getWriteSupport(
                org.apache.parquet.conf.ParquetConfiguration configuration) {
            return new BatchWriteSupport(layout);
        }
    }
}
