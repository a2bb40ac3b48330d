package io.milvusdm.milvus.source;

import com.google.protobuf.Internal;
import io.milvus.grpc.FieldData;
import io.milvusdm.pipeline.ArrayPool;
import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.NoVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.ScalarType;
import io.milvusdm.pipeline.Utf8;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorColumn;
import io.milvusdm.pipeline.VectorType;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a page of query results, which the server sends column-wise ({@code FieldData} per field), into batches:
 * keys into {@code long[]} or {@code String[]}, the vectors into one pooled {@code float[]} or {@code byte[]} (none
 * for a collection without a dense vector field: {@link NoVectors}), and the other fields, other vector fields
 * included, into their typed columns ({@link FieldDataDecoder}), or, Milvus to Milvus, every field but VARCHAR and JSON into its wire form, cut to the
 * batch's rows ({@link FieldColumn#slice}). Nothing is boxed per value on the way for keys and vectors.
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

    /**
     * A page's columns by field, its keys, and what each row adds to a batch ({@link VectorBatch#byteSize()});
     * {@code vector} is null when the collection has no dense vector field.
     */
    record Page(int rows, FieldColumn key, FieldColumn vector, Map<String, FieldColumn> columns, long[] rowBytes) {
    }

    /** @throws IllegalStateException when the server left out a field or sent columns of different lengths */
    Page page(QueryPage answer) {
        Map<String, FieldData> byName = new HashMap<>();
        answer.fields().forEach(f -> byName.put(f.getFieldName(), f));
        FieldData keyData = require(byName, collection.keyField());
        int rows = keyData.getScalars().hasLongData() ? keyData.getScalars().getLongData().getDataCount()
                : keyData.getScalars().getStringData().getDataCount();
        FieldColumn key = new FieldColumn(keyData, rows);
        FieldColumn vector = collection.vectorField() == null ? null
                : new FieldColumn(require(byName, collection.vectorField()),
                        answer.floats().get(collection.vectorField()), rows);
        Map<String, FieldColumn> columns = new HashMap<>();
        long[] rowBytes = new long[rows];
        Arrays.fill(rowBytes, rowVectorBytes);
        for (int row = 0; row < rows; row++) {
            rowBytes[row] += collection.keyKind() == KeyKind.INT64 ? 8 : 4 + 3L * ((String) keyOf(keyData, row)).length();
        }
        for (ScalarField field : collection.scalarFields()) {
            FieldColumn column = new FieldColumn(require(byName, field.name()), answer.floats().get(field.name()), rows);
            columns.put(field.name(), column);
            if (!isString(field)) {
                // a share of the column's encoded size: exact per batch is not needed, bounded is
                long share = (column.data().getSerializedSize() + column.floatBytes()) / Math.max(1, rows) + 1;
                for (int row = 0; row < rows; row++) {
                    rowBytes[row] += share;
                }
            } else {
                for (int row = 0; row < rows; row++) {
                    rowBytes[row] += 4 + (column.isNull(row) ? 0 : valueBytes(field, column, row));
                }
            }
        }
        return new Page(rows, key, vector, columns, rowBytes);
    }

    /** Whether the field travels in wire form: every field but VARCHAR and JSON, Milvus to Milvus. */
    private boolean isWire(ScalarField field) {
        return collection.fields() == MilvusCollectionSourceSpec.Fields.ALL_WIRE
                && field.type() != ScalarType.VARCHAR && field.type() != ScalarType.JSON;
    }

    /** Whether the field becomes a column of strings (JSON text included), whose rows' sizes are counted exactly. */
    private boolean isString(ScalarField field) {
        return !isWire(field) && (field.type() == ScalarType.VARCHAR || field.type() == ScalarType.JSON
                || field.type() == ScalarType.DYNAMIC);
    }

    private static Object keyOf(FieldData key, int row) {
        return key.getScalars().hasLongData() ? (Object) key.getScalars().getLongData().getData(row)
                : key.getScalars().getStringData().getData(row);
    }

    private long valueBytes(ScalarField field, FieldColumn column, int row) {
        int index = column.valueIndex(row);
        return field.type() == ScalarType.VARCHAR
                ? Utf8.length(column.data().getScalars().getStringData().getData(index))
                : column.data().getScalars().getJsonData().getData(index).size();
    }

    private FieldData require(Map<String, FieldData> byName, String field) {
        FieldData data = byName.get(field);
        if (data == null) {
            throw new IllegalStateException("collection '" + collection.name() + "': the server's query result has no"
                    + " field '" + field + "'; it returned " + byName.keySet());
        }
        return data;
    }

    /** Rows {@code [from, to)} of the page as one batch. */
    VectorBatch batch(MilvusSplit split, long firstRow, Page page, int from, int to) {
        int count = to - from;
        PrimaryKeys keys = keys(page.key().data(), from, count);
        VectorColumn vectors = switch (collection.vectorType()) {
            case FLOAT_VECTOR -> floatVectors(page.vector(), from, count);
            case BINARY_VECTOR, FLOAT16_VECTOR, BFLOAT16_VECTOR -> byteVectors(page.vector(), from, count);
            case NONE -> new NoVectors(count);
        };
        List<ScalarColumn> scalars = new ArrayList<>(collection.scalarFields().size());
        for (ScalarField field : collection.scalarFields()) {
            FieldColumn column = page.columns().get(field.name());
            scalars.add(isWire(field)
                    ? new ScalarColumn.WireColumn(field.name(), field.type(), count, column.slice(from, to))
                    : FieldDataDecoder.decode(field, column, from, to));
        }
        return new VectorBatch(split, firstRow, keys, vectors, scalars);
    }

    private PrimaryKeys keys(FieldData key, int from, int count) {
        if (collection.keyKind() == KeyKind.INT64) {
            Internal.LongList source = (Internal.LongList) key.getScalars().getLongData().getDataList();
            long[] values = pool.longs(count);
            for (int i = 0; i < count; i++) {
                values[i] = source.getLong(from + i);
            }
            return new PrimaryKeys.Int64Keys(values);
        }
        String[] values = new String[count];
        for (int i = 0; i < count; i++) {
            values[i] = key.getScalars().getStringData().getData(from + i);
        }
        return new PrimaryKeys.VarcharKeys(values);
    }

    private FloatVectors floatVectors(FieldColumn column, int from, int count) {
        int dim = collection.dimension();
        checkDimension(column);
        float[] source = column.floats();
        float[] values = pool.floats(count * dim);
        for (int i = 0; i < count; i++) {
            System.arraycopy(source, column.valueIndex(from + i) * dim, values, i * dim, dim);
        }
        return new FloatVectors(dim, values);
    }

    private ByteVectors byteVectors(FieldColumn column, int from, int count) {
        checkDimension(column);
        var vectors = column.data().getVectors();
        ByteString source = switch (collection.vectorType()) {
            case BINARY_VECTOR -> vectors.getBinaryVector();
            case FLOAT16_VECTOR -> vectors.getFloat16Vector();
            case BFLOAT16_VECTOR -> vectors.getBfloat16Vector();
            case FLOAT_VECTOR, NONE -> throw new IllegalStateException(collection.vectorType() + " are not bytes");
        };
        byte[] values = pool.bytes(count * rowVectorBytes);
        for (int i = 0; i < count; i++) {
            source.copyTo(values, column.valueIndex(from + i) * rowVectorBytes, i * rowVectorBytes, rowVectorBytes);
        }
        return new ByteVectors(collection.vectorType(), collection.dimension(), values);
    }

    private void checkDimension(FieldColumn column) {
        long dim = column.data().getVectors().getDim();
        if (dim != collection.dimension()) {
            throw new IllegalStateException("collection '" + collection.name() + "': the server returned vectors of "
                    + "dimension " + dim + " in field '" + collection.vectorField() + "', the schema says "
                    + collection.dimension());
        }
    }
}
