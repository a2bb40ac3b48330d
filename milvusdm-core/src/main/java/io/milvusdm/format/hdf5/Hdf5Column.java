package io.milvusdm.format.hdf5;

import java.nio.ByteOrder;

/**
 * What the pre-scan learned about one dataset: how its values are encoded and where its bytes are.
 *
 * @param dataset the dataset's path in the file
 * @param kind how each element is encoded
 * @param elementSize bytes per element (for fixed-length byte strings: the string length)
 * @param order the byte order of multi-byte elements
 * @param rank 1 or 2
 * @param rows the length of the first dimension
 * @param elementsPerRow the product of the other dimensions (1 for a 1-D dataset)
 * @param storage where the bytes are
 */
record Hdf5Column(String dataset, ValueKind kind, int elementSize, ByteOrder order, int rank, long rows,
                  int elementsPerRow,
                  Hdf5Storage storage) {

    /** How the elements of a dataset are encoded. */
    enum ValueKind {
        /** IEEE floating point, 4 or 8 bytes. */
        FLOAT,
        /** Two's complement integer, 1 to 8 bytes. */
        SIGNED_INT,
        /** Unsigned integer, 1 to 8 bytes. */
        UNSIGNED_INT,
        /** Fixed-length byte string ({@code |S64}): opaque bytes. */
        FIXED_BYTES
    }

    /** Stored bytes per row. */
    long rowBytes() {
        return (long) elementSize * elementsPerRow;
    }

    /** The dtype as numpy writes it ({@code <f4}, {@code >i8}, {@code |u1}, {@code |S64}), for messages. */
    String dtype() {
        String endian = elementSize == 1 || kind == ValueKind.FIXED_BYTES ? "|"
                : order == ByteOrder.BIG_ENDIAN ? ">" : "<";
        String code = switch (kind) {
            case FLOAT -> "f";
            case SIGNED_INT -> "i";
            case UNSIGNED_INT -> "u";
            case FIXED_BYTES -> "S";
        };
        return endian + code + elementSize;
    }
}
