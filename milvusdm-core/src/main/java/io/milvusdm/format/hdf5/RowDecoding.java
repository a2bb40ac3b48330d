package io.milvusdm.format.hdf5;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;

/**
 * Turns stored element bytes into the primitive arrays of a batch. The buffer holds whole rows from
 * position 0 and is already in the dataset's byte order, so bulk views ({@code asFloatBuffer}) copy
 * without a per-element call where the types match.
 */
final class RowDecoding {

    private RowDecoding() {
    }

    /**
     * float32 elements are copied; float64 elements are narrowed to float32 with round-to-nearest-even,
     * as numpy's {@code astype(np.float32)} and pymilvus do, since Milvus stores float32.
     */
    static void toFloats(ByteBuffer raw, int elementSize, float[] dst, int offset, int count) {
        if (elementSize == Float.BYTES) {
            raw.asFloatBuffer().get(dst, offset, count);
            return;
        }
        DoubleBuffer doubles = raw.asDoubleBuffer();
        for (int i = 0; i < count; i++) {
            dst[offset + i] = (float) doubles.get(i);
        }
    }

    /** Integers of 1 to 8 bytes, signed or unsigned (unsigned of at most 4 bytes), widened to int64. */
    static void toLongs(ByteBuffer raw, int elementSize, boolean signed, long[] dst, int offset, int count) {
        switch (elementSize) {
            case Long.BYTES -> raw.asLongBuffer().get(dst, offset, count);
            case Integer.BYTES -> {
                IntBuffer ints = raw.asIntBuffer();
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = signed ? ints.get(i) : Integer.toUnsignedLong(ints.get(i));
                }
            }
            case Short.BYTES -> {
                ShortBuffer shorts = raw.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = signed ? shorts.get(i) : Short.toUnsignedLong(shorts.get(i));
                }
            }
            case Byte.BYTES -> {
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = signed ? raw.get(i) : Byte.toUnsignedLong(raw.get(i));
                }
            }
            default -> throw new IllegalArgumentException("no " + elementSize + "-byte integers");
        }
    }
}
