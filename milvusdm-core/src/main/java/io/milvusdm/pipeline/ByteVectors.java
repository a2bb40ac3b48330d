package io.milvusdm.pipeline;

/**
 * Byte-encoded vectors (binary, float16, bfloat16), row-major, {@link VectorType#bytesPerRow} bytes a row.
 * The array is shared, not copied.
 */
public record ByteVectors(VectorType type, int dimension, byte[] values) implements VectorColumn {

    public ByteVectors {
        if (!type.isByteEncoded()) {
            throw new IllegalArgumentException(type + " is not byte-encoded");
        }
        if (dimension <= 0 || type == VectorType.BINARY_VECTOR && dimension % 8 != 0) {
            throw new IllegalArgumentException("invalid " + type + " dimension " + dimension);
        }
        long rowBytes = type.bytesPerRow(dimension);
        if (values.length % rowBytes != 0) {
            throw new IllegalArgumentException(
                    "byte count " + values.length + " is not a multiple of the row size " + rowBytes);
        }
    }

    @Override
    public int rowCount() {
        return (int) (values.length / type.bytesPerRow(dimension));
    }

    @Override
    public long byteSize() {
        return values.length;
    }
}
