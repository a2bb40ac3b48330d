package io.milvusdm.milvus;

/**
 * Protobuf wire primitives for encoders that size a message exactly first and then fill one array: sizes of
 * tags, varints and length-delimited fields, and a {@link Writer} over the pre-sized array.
 */
final class ProtoWire {

    static final int WIRE_VARINT = 0;
    static final int WIRE_LENGTH_DELIMITED = 2;

    private ProtoWire() {
    }

    static int tagSize(int field) {
        return varintSize((long) field << 3);
    }

    static int delimitedSize(int field, int length) {
        return tagSize(field) + varintSize(length) + length;
    }

    static int optionalStringSize(int field, byte[] utf8) {
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
    static final class Writer {
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
            return raw(utf8);
        }

        Writer raw(byte[] bytes) {
            System.arraycopy(bytes, 0, buf, pos, bytes.length);
            pos += bytes.length;
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
