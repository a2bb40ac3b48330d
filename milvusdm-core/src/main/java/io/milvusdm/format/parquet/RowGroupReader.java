package io.milvusdm.format.parquet;

import io.milvusdm.format.FormatException;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.VectorBatch;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.RecordReader;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads one row group ({@link ParquetSplit}) in batches of at most {@code maxBatchBytes}. The row group's column
 * chunks of the projected columns are fetched at open (compressed: the memory a row group costs), then decoded
 * row by row into the batch's arrays.
 */
final class RowGroupReader implements BatchReader {

    private final ParquetFileScan file;
    private final ParquetSplit split;
    private final ParquetFileReader reader;
    private final RecordReader<Void> records;
    private final RowAssembler assembler;
    private final int dimension;
    private final long maxBatchBytes;
    private final long fixedRowBytes;
    private long rowsRead;

    private RowGroupReader(ParquetFileScan file, ParquetSplit split, ParquetFileReader reader,
                           RecordReader<Void> records, RowAssembler assembler, int dimension, long maxBatchBytes,
                           long fixedRowBytes) {
        this.file = file;
        this.split = split;
        this.reader = reader;
        this.records = records;
        this.assembler = assembler;
        this.dimension = dimension;
        this.maxBatchBytes = maxBatchBytes;
        this.fixedRowBytes = fixedRowBytes;
    }

    /**
     * @param listLength the elements of every row's vector list; 0 to probe the first row's length only
     */
    static RowGroupReader open(ParquetFileScan file, ParquetSplit split, String vectorField, int dimension,
                               int listLength, long maxBatchBytes) throws IOException {
        ParquetFileReader reader = ParquetFileReader.open(file.inputFile(), file.footer,
                ParquetFileScan.readOptions(), file.inputFile().newStream());
        try {
            reader.setRequestedSchema(file.columns.projection());
            PageReadStore pages = reader.readRowGroup(split.rowGroup());
            if (pages == null || pages.getRowCount() != split.rowCount()) {
                throw new FormatException("Parquet file '" + file.key + "' in " + file.location() + ": row group "
                        + split.rowGroup() + " holds " + (pages == null ? "nothing" : pages.getRowCount() + " rows")
                        + ", its footer says " + split.rowCount(), Path.of(file.key), -1);
            }
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(file.columns.projection(),
                    file.footer.getFileMetaData().getSchema());
            RowAssembler assembler = new RowAssembler(file.columns, vectorField, listLength);
            RecordReader<Void> records = io.getRecordReader(pages, assembler);
            long rowBytes = (long) listLength * (file.columns.vectorType().isByteEncoded() ? 1 : 4)
                    + (file.columns.keyKind() == KeyKind.INT64 ? 8 : 0)
                    + 4L * (file.columns.scalarFields().size() + (file.columns.keyKind() == KeyKind.VARCHAR ? 1 : 0));
            return new RowGroupReader(file, split, reader, records, assembler, dimension, maxBatchBytes,
                    Math.max(1, rowBytes));
        } catch (IOException | RuntimeException e) {
            reader.close();
            if (e instanceof FormatException format) {
                throw format;
            }
            throw new FormatException("Parquet file '" + file.key + "' in " + file.location() + ": cannot read row"
                    + " group " + split.rowGroup() + ": " + e.getMessage(), Path.of(file.key), -1, e);
        }
    }

    /** Reads the first row and returns its vector list's length. */
    int probeListLength() throws IOException {
        assembler.reset(1);
        readRow();
        return assembler.probedLength();
    }

    @Override
    public VectorBatch next() throws IOException {
        long remaining = split.rowCount() - rowsRead;
        if (remaining == 0) {
            return null;
        }
        int capacity = (int) Math.min(remaining, Math.max(1, Math.min(Integer.MAX_VALUE / 2,
                maxBatchBytes / fixedRowBytes)));
        assembler.reset(capacity);
        long firstRow = split.firstRow() + rowsRead;
        while (assembler.rows() < capacity) {
            readRow();
            if (assembler.variableBytes() + assembler.rows() * fixedRowBytes >= maxBatchBytes) {
                break;
            }
        }
        return new VectorBatch(split, firstRow, assembler.keys(), assembler.vectors(dimension),
                assembler.scalarColumns());
    }

    private void readRow() throws FormatException {
        long row = split.firstRow() + rowsRead;
        try {
            records.read();
        } catch (RowAssembler.BadRowException e) {
            throw new FormatException("Parquet file '" + file.key + "' in " + file.location() + ", row " + row
                    + " (row group " + split.rowGroup() + "): " + e.getMessage(), Path.of(file.key), -1);
        } catch (ParquetDecodingException | IllegalStateException | IndexOutOfBoundsException e) {
            throw new FormatException("Parquet file '" + file.key + "' in " + file.location() + ", row " + row
                    + " (row group " + split.rowGroup() + ") cannot be decoded: " + e.getMessage(),
                    Path.of(file.key), -1, e);
        }
        rowsRead++;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
