package io.milvusdm.format.parquet;

import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.VectorBatch;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

import java.util.List;
import java.util.Map;

/**
 * Feeds rows of {@link VectorBatch}es to parquet-java column by column of one row at a time, straight from the
 * batch's primitive arrays (no row objects). The "record" handed to {@link #write} is the cursor itself.
 */
final class BatchWriteSupport extends WriteSupport<BatchWriteSupport.Cursor> {

    /** The row about to be written: which batch, which row of it. */
    static final class Cursor {
        VectorBatch batch;
        int row;
    }

    private final ParquetLayout layout;
    private RecordConsumer consumer;

    BatchWriteSupport(ParquetLayout layout) {
        this.layout = layout;
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(layout.messageType(), Map.of());
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(layout.messageType(), Map.of());
    }

    @Override
    public String getName() {
        return "milvusdm";
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(Cursor cursor) {
        VectorBatch batch = cursor.batch;
        int row = cursor.row;
        consumer.startMessage();
        int index = 0;
        if (layout.hasKeys()) {
            consumer.startField(layout.keyField(), index);
            PrimaryKeys keys = batch.keys();
            if (keys instanceof PrimaryKeys.Int64Keys int64) {
                consumer.addLong(int64.values()[row]);
            } else {
                consumer.addBinary(Binary.fromString(((PrimaryKeys.VarcharKeys) keys).values()[row]));
            }
            consumer.endField(layout.keyField(), index);
            index++;
        }
        writeVector(batch, row, index);
        index++;
        List<ScalarColumn> columns = batch.scalarColumns();
        for (int c = 0; c < columns.size(); c++, index++) {
            ScalarColumn column = columns.get(c);
            if (column.isNull(row)) {
                continue;
            }
            consumer.startField(column.name(), index);
            ScalarValues.write(column, row, consumer);
            consumer.endField(column.name(), index);
        }
        consumer.endMessage();
    }

    private void writeVector(VectorBatch batch, int row, int index) {
        String name = layout.vectorField();
        int length = layout.listLength();
        consumer.startField(name, index);
        consumer.startGroup();
        consumer.startField(ParquetLayout.LIST, 0);
        if (batch.vectors() instanceof FloatVectors floats) {
            float[] values = floats.values();
            for (int i = row * length, end = i + length; i < end; i++) {
                consumer.startGroup();
                consumer.startField(ParquetLayout.ELEMENT, 0);
                consumer.addFloat(values[i]);
                consumer.endField(ParquetLayout.ELEMENT, 0);
                consumer.endGroup();
            }
        } else {
            byte[] values = ((ByteVectors) batch.vectors()).values();
            for (int i = row * length, end = i + length; i < end; i++) {
                consumer.startGroup();
                consumer.startField(ParquetLayout.ELEMENT, 0);
                consumer.addInteger(values[i] & 0xff);
                consumer.endField(ParquetLayout.ELEMENT, 0);
                consumer.endGroup();
            }
        }
        consumer.endField(ParquetLayout.LIST, 0);
        consumer.endGroup();
        consumer.endField(name, index);
    }
}
