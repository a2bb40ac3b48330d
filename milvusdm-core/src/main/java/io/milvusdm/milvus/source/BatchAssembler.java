package io.milvusdm.milvus.source;

import com.google.gson.JsonElement;
import io.milvus.v2.service.vector.response.QueryResp.QueryResult;
import io.milvusdm.pipeline.ArrayPool;
import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.ScalarType;
import io.milvusdm.pipeline.Utf8;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorColumn;
import io.milvusdm.pipeline.VectorType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the rows of a query result (the SDK's one map per row) into columnar batches: keys into {@code long[]} or
 * {@code String[]}, vectors into one pooled {@code float[]} or {@code byte[]}. The SDK hands float vectors over as
 * {@code List<Float>} and binary ones as a {@code ByteBuffer} it has already read to its limit, so those are read
 * from position 0. JSON values arrive parsed (gson); they are written back to their text.
 */
final class BatchAssembler {

    private final SourceCollection collection;
    private final ArrayPool pool;
    private final int rowVectorBytes;

    BatchAssembler(SourceCollection collection, ArrayPool pool) {
        this.collection = collection;
        this.pool = pool;
        this.rowVectorBytes = (int) collection.vectorType().bytesPerRow(collection.dimension());
    }

    /** The bytes row {@code row} adds to a batch, as {@link VectorBatch#byteSize()} counts them. */
    long rowBytes(Map<String, Object> row, byte[][] json) {
        long bytes = rowVectorBytes;
        Object key = row.get(collection.keyField());
        bytes += key instanceof String s ? 4 + 3L * s.length() : 8;
        int j = 0;
        for (ScalarField field : collection.scalarFields()) {
            if (field.type() == ScalarType.VARCHAR) {
                Object value = row.get(field.name());
                bytes += 4 + (value == null ? 0 : Utf8.length(value.toString()));
            } else {
                byte[] value = json[j++];
                bytes += 4 + (value == null ? 0 : value.length);
            }
        }
        return bytes;
    }

    /** The JSON fields of one row as UTF-8 text, in the order of the JSON scalar fields. */
    byte[][] jsonOf(Map<String, Object> row) {
        List<byte[]> values = new ArrayList<>();
        for (ScalarField field : collection.scalarFields()) {
            if (field.type() == ScalarType.JSON) {
                Object value = row.get(field.name());
                values.add(value == null || value instanceof JsonElement e && e.isJsonNull() ? null
                        : value.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return values.toArray(new byte[0][]);
    }

    /** Rows {@code [from, to)} of {@code rows} as one batch; {@code json} holds each row's JSON values. */
    VectorBatch batch(MilvusSplit split, long firstRow, List<QueryResult> rows, byte[][][] json, int from, int to) {
        int count = to - from;
        PrimaryKeys keys = keys(rows, from, count);
        VectorColumn vectors = collection.vectorType() == VectorType.FLOAT_VECTOR
                ? floatVectors(rows, from, count) : binaryVectors(rows, from, count);
        List<ScalarColumn> scalars = new ArrayList<>();
        int j = 0;
        for (ScalarField field : collection.scalarFields()) {
            if (field.type() == ScalarType.VARCHAR) {
                String[] values = new String[count];
                for (int i = 0; i < count; i++) {
                    Object value = rows.get(from + i).getEntity().get(field.name());
                    values[i] = value == null ? null : value.toString();
                }
                scalars.add(new ScalarColumn.VarcharColumn(field.name(), values));
            } else {
                byte[][] values = new byte[count][];
                for (int i = 0; i < count; i++) {
                    values[i] = json[from + i][j];
                }
                scalars.add(new ScalarColumn.JsonColumn(field.name(), values));
                j++;
            }
        }
        return new VectorBatch(split, firstRow, keys, vectors, scalars);
    }

    private PrimaryKeys keys(List<QueryResult> rows, int from, int count) {
        String key = collection.keyField();
        if (collection.keyKind() == KeyKind.INT64) {
            long[] values = pool.longs(count);
            for (int i = 0; i < count; i++) {
                values[i] = ((Number) rows.get(from + i).getEntity().get(key)).longValue();
            }
            return new PrimaryKeys.Int64Keys(values);
        }
        String[] values = new String[count];
        for (int i = 0; i < count; i++) {
            values[i] = (String) rows.get(from + i).getEntity().get(key);
        }
        return new PrimaryKeys.VarcharKeys(values);
    }

    private FloatVectors floatVectors(List<QueryResult> rows, int from, int count) {
        int dim = collection.dimension();
        float[] values = pool.floats(count * dim);
        for (int i = 0; i < count; i++) {
            List<?> vector = (List<?>) rows.get(from + i).getEntity().get(collection.vectorField());
            checkLength(vector.size(), dim);
            int base = i * dim;
            for (int d = 0; d < dim; d++) {
                values[base + d] = (Float) vector.get(d);
            }
        }
        return new FloatVectors(dim, values);
    }

    private ByteVectors binaryVectors(List<QueryResult> rows, int from, int count) {
        byte[] values = pool.bytes(count * rowVectorBytes);
        for (int i = 0; i < count; i++) {
            ByteBuffer vector = (ByteBuffer) rows.get(from + i).getEntity().get(collection.vectorField());
            checkLength(vector.limit(), rowVectorBytes);
            // the SDK leaves the buffer read to its limit: read it whole, from 0, without moving its position
            vector.duplicate().position(0).get(values, i * rowVectorBytes, rowVectorBytes);
        }
        return new ByteVectors(VectorType.BINARY_VECTOR, collection.dimension(), values);
    }

    private void checkLength(int found, int expected) {
        if (found != expected) {
            throw new IllegalStateException("collection '" + collection.name() + "': the server returned a vector of "
                    + found + " values in field '" + collection.vectorField() + "', the schema says " + expected);
        }
    }
}
