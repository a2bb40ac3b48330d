package io.milvusdm.milvus;

import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorColumn;
import io.milvusdm.pipeline.WriteKind;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

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
 *       | [3] binary_vector | [4] float16_vector | [5] bfloat16_vector}</li>
 * </ul>
 * Thread-safe: it holds only the request's names.
 */
final class InsertRequestEncoder {

    private static final int MSG_TYPE_INSERT = 400;
    private static final int MSG_TYPE_UPSERT = 404;
    private static final int DATA_TYPE_INT64 = 5;
    private static final int DATA_TYPE_VARCHAR = 21;
    private static final int DATA_TYPE_BINARY_VECTOR = 100;
    private static final int DATA_TYPE_FLOAT_VECTOR = 101;
    private static final int DATA_TYPE_FLOAT16_VECTOR = 102;
    private static final int DATA_TYPE_BFLOAT16_VECTOR = 103;

    private static final int WIRE_VARINT = 0;
    private static final int WIRE_LENGTH_DELIMITED = 2;

    private final byte[] dbName;
    private final byte[] collection;
    private final byte[] partition;
    private final byte[] keyField;
    private final byte[] vectorField;

    /**
     * @param dbName the database, or null / empty for the connection's
     * @param partition the partition, or null for the default one
     */
    InsertRequestEncoder(String dbName, String collection, String partition, String keyField, String vectorField) {
        this.dbName = dbName == null ? new byte[0] : Utf8.encode(dbName);
        this.collection = Utf8.encode(collection);
        this.partition = partition == null ? new byte[0] : Utf8.encode(partition);
        this.keyField = Utf8.encode(keyField);
        this.vectorField = Utf8.encode(vectorField);
    }

    /**
     * @param sendKeys whether to send the batch's keys; false for an auto-id collection, which makes its own
     * @throws IllegalArgumentException for an empty batch, or when keys are to be sent and the batch has none
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
        int vectorColumn = vectorColumnSize(vectors);
        int vectorFieldSize = fieldDataSize(vectorField, vectorType(vectors), 4, vectorColumn);
        long total = (long) delimitedSize(1, baseSize)
                + optionalStringSize(2, dbName)
                + delimitedSize(3, collection.length)
                + optionalStringSize(4, partition)
                + (keys == null ? 0 : delimitedSize(5, keyFieldSize))
                + delimitedSize(5, vectorFieldSize)
                + tagSize(7) + varintSize(rows);
        if (total > Integer.MAX_VALUE - 16 || vectorColumn < 0 || vectorFieldSize < 0) {
            throw new IllegalArgumentException("batch of split " + batch.split().id()
                    + " is too large for one request (over 2 GB encoded)");
        }
        Writer out = new Writer(new byte[(int) total]);
        out.delimited(1, baseSize).tag(1, WIRE_VARINT).varint(msgType);
        out.optionalString(2, dbName).string(3, collection).optionalString(4, partition);
        if (keys != null) {
            out.delimited(5, keyFieldSize).fieldHeader(keyType(keys), keyField).delimited(3, keyColumn);
            writeKeys(out, keys);
        }
        out.delimited(5, vectorFieldSize).fieldHeader(vectorType(vectors), vectorField).delimited(4, vectorColumn);
        writeVectors(out, vectors);
        out.tag(7, WIRE_VARINT).varint(rows);
        if (out.pos != out.buf.length) {
            throw new IllegalStateException("encoded " + out.pos + " bytes, computed " + out.buf.length);
        }
        return out.buf;
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

    private static void writeKeys(Writer out, PrimaryKeys keys) {
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
        };
    }

    /** The VectorField's proto field holding the data: float_vector 2, binary 3, float16 4, bfloat16 5. */
    private static int vectorDataField(VectorColumn vectors) {
        return switch (vectors.type()) {
            case FLOAT_VECTOR -> 2;
            case BINARY_VECTOR -> 3;
            case FLOAT16_VECTOR -> 4;
            case BFLOAT16_VECTOR -> 5;
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

    private static void writeVectors(Writer out, VectorColumn vectors) {
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

    // ---- wire primitives

    private static int tagSize(int field) {
        return varintSize((long) field << 3);
    }

    private static int delimitedSize(int field, int length) {
        return tagSize(field) + varintSize(length) + length;
    }

    private static int optionalStringSize(int field, byte[] utf8) {
        return utf8.length == 0 ? 0 : delimitedSize(field, utf8.length);
    }

    /** Bytes of a varint; negative int64 values take all ten. */
    static int varintSize(long value) {
        if (value < 0) {
            return 10;
        }
        int bits = 64 - Long.numberOfLeadingZeros(value | 1);
        return (bits + 6) / 7;
    }

    /** Writes into an array sized in advance; every method returns this, for chaining. */
    private static final class Writer {
        final byte[] buf;
        int pos;

        Writer(byte[] buf) {
            this.buf = buf;
        }

        Writer tag(int field, int wireType) {
            return varint((long) field << 3 | wireType);
        }

        Writer varint(long value) {
            long v = value;
            while ((v & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
            return this;
        }

        Writer delimited(int field, int length) {
            return tag(field, WIRE_LENGTH_DELIMITED).varint(length);
        }

        Writer string(int field, byte[] utf8) {
            delimited(field, utf8.length);
            System.arraycopy(utf8, 0, buf, pos, utf8.length);
            pos += utf8.length;
            return this;
        }

        Writer optionalString(int field, byte[] utf8) {
            return utf8.length == 0 ? this : string(field, utf8);
        }

        Writer fieldHeader(int type, byte[] name) {
            return tag(1, WIRE_VARINT).varint(type).string(2, name);
        }
    }
}
