package io.milvusdm.milvus;

import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.NoVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.Utf8;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorColumn;
import io.milvusdm.pipeline.WriteKind;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static io.milvusdm.milvus.ProtoWire.WIRE_VARINT;
import static io.milvusdm.milvus.ProtoWire.delimitedSize;
import static io.milvusdm.milvus.ProtoWire.optionalStringSize;
import static io.milvusdm.milvus.ProtoWire.tagSize;
import static io.milvusdm.milvus.ProtoWire.varintSize;

/**
 * Writes the protobuf wire bytes of a {@code milvus.proto.milvus.InsertRequest} or {@code UpsertRequest} straight
 * from a batch's primitive arrays: sizes are computed exactly first, then everything goes into one array, with
 * float vectors copied in bulk. The result is what the generated builders would serialize, field for field and
 * byte for byte, without boxing a value or building a message per element (the SDK's JSON-row path costs about
 * 36 heap bytes per float).
 *
 * <h2>Layout (field numbers from milvus.proto / schema.proto, as in SDK 2.6.22)</h2>
 * <ul>
 *   <li>InsertRequest / UpsertRequest: [1] base MsgBase{[1] msg_type = Insert(400) | Upsert(404)},
 *       [2] db_name (when set), [3] collection_name, [4] partition_name (when set), [5] fields_data (repeated),
 *       [7] num_rows</li>
 *   <li>FieldData: [1] type, [2] field_name, then [3] scalars or [4] vectors</li>
 *   <li>key column: ScalarField{[3] long_data LongArray{[1] packed varints}} or {[6] string_data StringArray{[1] utf-8}}</li>
 *   <li>vector column: VectorField{[1] dim, [2] float_vector FloatArray{[1] packed little-endian floats}
 *       | [3] binary_vector | [4] float16_vector | [5] bfloat16_vector}; none for a batch without vectors of its
 *       own ({@link NoVectors}), whose vector fields are among its columns</li>
 *   <li>scalar columns, after the vectors, in the order of the job's fields: see {@link ScalarColumnEncoder}</li>
 * </ul>
 * Thread-safe: it holds only the request's names.
 */
final class InsertRequestEncoder {

    private static final int MSG_TYPE_INSERT = 400;
    private static final int MSG_TYPE_UPSERT = 404;
    private static final int DATA_TYPE_INT64 = 5;
    private static final int DATA_TYPE_VARCHAR = ScalarColumnEncoder.DATA_TYPE_VARCHAR;
    private static final int DATA_TYPE_BINARY_VECTOR = 100;
    private static final int DATA_TYPE_FLOAT_VECTOR = 101;
    private static final int DATA_TYPE_FLOAT16_VECTOR = 102;
    private static final int DATA_TYPE_BFLOAT16_VECTOR = 103;

    private final byte[] dbName;
    private final byte[] collection;
    private final byte[] partition;
    private final byte[] keyField;
    private final byte[] vectorField;
    private final List<ScalarColumnEncoder> scalars;

    /** An encoder for batches without scalar columns. */
    InsertRequestEncoder(String dbName, String collection, String partition, String keyField, String vectorField) {
        this(dbName, collection, partition, keyField, vectorField, List.of());
    }

    /**
     * @param dbName the database, or null / empty for the connection's
     * @param partition the partition, or null for the default one
     * @param vectorField the field the batches' vectors fill, or null when they have none ({@link NoVectors})
     * @param scalarFields the fields every batch's scalar columns fill, in order
     */
    InsertRequestEncoder(String dbName, String collection, String partition, String keyField, String vectorField,
                         List<ScalarField> scalarFields) {
        this.dbName = dbName == null ? new byte[0] : Utf8.encode(dbName);
        this.collection = Utf8.encode(collection);
        this.partition = partition == null ? new byte[0] : Utf8.encode(partition);
        this.keyField = Utf8.encode(keyField);
        this.vectorField = vectorField == null ? null : Utf8.encode(vectorField);
        this.scalars = scalarFields.stream().map(ScalarColumnEncoder::new).toList();
    }

    /**
     * @param sendKeys whether to send the batch's keys; false for an auto-id collection, which makes its own
     * @throws IllegalArgumentException for an empty batch, when keys are to be sent and the batch has none, or
     *     when its scalar columns do not fit the fields (names, types, nulls, VARCHAR max lengths)
     */
    byte[] encode(VectorBatch batch, WriteKind kind, boolean sendKeys) {
        int rows = batch.rowCount();
        if (rows == 0) {
            throw new IllegalArgumentException("empty batch of split " + batch.split().id());
        }
        PrimaryKeys keys = sendKeys ? batch.keys() : null;
        if (sendKeys && keys == null) {
            throw new IllegalArgumentException("batch of split " + batch.split().id() + " has no primary keys");
        }
        int msgType = kind == WriteKind.UPSERT ? MSG_TYPE_UPSERT : MSG_TYPE_INSERT;
        int baseSize = tagSize(1) + varintSize(msgType);
        int keyColumn = keys == null ? 0 : keyColumnSize(keys);
        int keyFieldSize = keys == null ? 0 : fieldDataSize(keyField, keyType(keys), 3, keyColumn);
        VectorColumn vectors = batch.vectors();
        boolean withVectors = !(vectors instanceof NoVectors);
        if (withVectors && vectorField == null) {
            throw new IllegalArgumentException("batch of split " + batch.split().id() + " has " + vectors.type()
                    + " vectors, the target takes none of its own");
        }
        int vectorColumn = withVectors ? vectorColumnSize(vectors) : 0;
        int vectorFieldSize = withVectors ? fieldDataSize(vectorField, vectorType(vectors), 4, vectorColumn) : 0;
        List<ScalarColumnEncoder.Sized> scalarSizes = sizeScalars(batch);
        long scalarTotal = 0;
        for (ScalarColumnEncoder.Sized sized : scalarSizes) {
            scalarTotal += delimitedSize(5, sized.fieldData());
        }
        long total = (long) delimitedSize(1, baseSize) + scalarTotal
                + optionalStringSize(2, dbName)
                + delimitedSize(3, collection.length)
                + optionalStringSize(4, partition)
                + (keys == null ? 0 : delimitedSize(5, keyFieldSize))
                + (withVectors ? delimitedSize(5, vectorFieldSize) : 0)
                + tagSize(7) + varintSize(rows);
        if (total > Integer.MAX_VALUE - 16 || vectorColumn < 0 || vectorFieldSize < 0) {
            throw new IllegalArgumentException("batch of split " + batch.split().id()
                    + " is too large for one request (over 2 GB encoded)");
        }
        ProtoWire.Writer out = new ProtoWire.Writer(new byte[(int) total]);
        out.delimited(1, baseSize).tag(1, WIRE_VARINT).varint(msgType);
        out.optionalString(2, dbName).string(3, collection).optionalString(4, partition);
        if (keys != null) {
            out.delimited(5, keyFieldSize).fieldHeader(keyType(keys), keyField).delimited(3, keyColumn);
            writeKeys(out, keys);
        }
        if (withVectors) {
            out.delimited(5, vectorFieldSize).fieldHeader(vectorType(vectors), vectorField).delimited(4, vectorColumn);
            writeVectors(out, vectors);
        }
        for (int i = 0; i < scalars.size(); i++) {
            scalars.get(i).write(out, scalarSizes.get(i));
        }
        out.tag(7, WIRE_VARINT).varint(rows);
        if (out.pos != out.buf.length) {
            throw new IllegalStateException("encoded " + out.pos + " bytes, computed " + out.buf.length);
        }
        return out.buf;
    }

    /** Sizes the batch's scalar columns, which must be the encoder's fields in order. */
    private List<ScalarColumnEncoder.Sized> sizeScalars(VectorBatch batch) {
        List<ScalarColumn> columns = batch.scalarColumns();
        String where = "split " + batch.split().id() + " (rows from " + batch.firstRow() + ")";
        if (columns.size() != scalars.size()) {
            throw new IllegalArgumentException("batch of " + where + " has " + columns.size()
                    + " scalar columns, the target takes " + scalars.size() + ": "
                    + scalars.stream().map(s -> s.field().describe()).toList());
        }
        List<ScalarColumnEncoder.Sized> sizes = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            sizes.add(scalars.get(i).size(columns.get(i), where));
        }
        return sizes;
    }

    /** FieldData{[1] type, [2] field_name, [column] ScalarField or VectorField}. */
    private static int fieldDataSize(byte[] name, int type, int column, int columnSize) {
        return tagSize(1) + varintSize(type) + delimitedSize(2, name.length) + delimitedSize(column, columnSize);
    }

    // ---- keys: ScalarField{[3] LongArray{[1] packed}} or ScalarField{[6] StringArray{[1] strings}}

    private static int keyType(PrimaryKeys keys) {
        return keys instanceof PrimaryKeys.Int64Keys ? DATA_TYPE_INT64 : DATA_TYPE_VARCHAR;
    }

    private static int keyColumnSize(PrimaryKeys keys) {
        if (keys instanceof PrimaryKeys.Int64Keys longs) {
            return delimitedSize(3, delimitedSize(1, packedVarintSize(longs.values())));
        }
        return delimitedSize(6, stringArraySize(((PrimaryKeys.VarcharKeys) keys).values()));
    }

    private static int packedVarintSize(long[] values) {
        int size = 0;
        for (long value : values) {
            size += varintSize(value);
        }
        return size;
    }

    private static int stringArraySize(String[] values) {
        int size = 0;
        for (String value : values) {
            size += delimitedSize(1, Utf8.length(value));
        }
        return size;
    }

    private static void writeKeys(ProtoWire.Writer out, PrimaryKeys keys) {
        if (keys instanceof PrimaryKeys.Int64Keys longs) {
            int packed = packedVarintSize(longs.values());
            out.delimited(3, delimitedSize(1, packed)).delimited(1, packed);
            for (long value : longs.values()) {
                out.varint(value);
            }
            return;
        }
        String[] values = ((PrimaryKeys.VarcharKeys) keys).values();
        out.delimited(6, stringArraySize(values));
        for (String value : values) {
            out.delimited(1, Utf8.length(value));
            out.pos = Utf8.write(value, out.buf, out.pos);
        }
    }

    // ---- vectors: VectorField{[1] dim, [2] FloatArray{[1] packed floats} | [3..5] bytes}

    private static int vectorType(VectorColumn vectors) {
        return switch (vectors.type()) {
            case FLOAT_VECTOR -> DATA_TYPE_FLOAT_VECTOR;
            case BINARY_VECTOR -> DATA_TYPE_BINARY_VECTOR;
            case FLOAT16_VECTOR -> DATA_TYPE_FLOAT16_VECTOR;
            case BFLOAT16_VECTOR -> DATA_TYPE_BFLOAT16_VECTOR;
            case NONE -> throw new IllegalStateException("no vectors to encode");
        };
    }

    /** The VectorField's proto field holding the data: float_vector 2, binary 3, float16 4, bfloat16 5. */
    private static int vectorDataField(VectorColumn vectors) {
        return switch (vectors.type()) {
            case FLOAT_VECTOR -> 2;
            case BINARY_VECTOR -> 3;
            case FLOAT16_VECTOR -> 4;
            case BFLOAT16_VECTOR -> 5;
            case NONE -> throw new IllegalStateException("no vectors to encode");
        };
    }

    /** The VectorField's size, or -1 when it would not fit a request. */
    private static int vectorColumnSize(VectorColumn vectors) {
        long payload = vectors.byteSize();
        if (payload > Integer.MAX_VALUE - 64) {
            return -1;
        }
        int data = vectors instanceof FloatVectors ? delimitedSize(1, (int) payload) : (int) payload;
        long size = tagSize(1) + varintSize(vectors.dimension()) + (long) delimitedSize(vectorDataField(vectors), data);
        return size > Integer.MAX_VALUE - 64 ? -1 : (int) size;
    }

    private static void writeVectors(ProtoWire.Writer out, VectorColumn vectors) {
        out.tag(1, WIRE_VARINT).varint(vectors.dimension());
        if (vectors instanceof FloatVectors floats) {
            int bytes = 4 * floats.values().length;
            out.delimited(2, delimitedSize(1, bytes)).delimited(1, bytes);
            // protobuf's fixed32 is little-endian: one bulk copy through a view instead of a store per float
            ByteBuffer.wrap(out.buf, out.pos, bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(floats.values());
            out.pos += bytes;
        } else {
            byte[] values = ((ByteVectors) vectors).values();
            out.delimited(vectorDataField(vectors), values.length);
            System.arraycopy(values, 0, out.buf, out.pos, values.length);
            out.pos += values.length;
        }
    }
}
