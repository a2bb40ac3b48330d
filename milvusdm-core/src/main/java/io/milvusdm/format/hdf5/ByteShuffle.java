package io.milvusdm.format.hdf5;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Undoes HDF5's shuffle filter: a shuffled block of {@code n} bytes holding elements of {@code s} bytes is
 * {@code s} planes of {@code n / s} bytes, plane {@code k} holding byte {@code k} of every element in order
 * (byte {@code k} of element {@code e} at {@code k * (n / s) + e}); the last {@code n % s} bytes are left as
 * they were.
 *
 * <p>4- and 8-byte elements are assembled as one little-endian int or long from their planes and stored in
 * one write: that rebuilds the stored byte order whatever the element's own byte order is.
 */
final class ByteShuffle {

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG =
            MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private ByteShuffle() {
    }

    /**
     * Puts elements {@code [first, first + count)} of the shuffled block {@code src}, whose planes are
     * {@code planeBytes} long, at {@code dst}'s position in stored order, advancing it.
     */
    static void unshuffle(byte[] src, int planeBytes, int elementSize, int first, int count, ByteBuffer dst) {
        int at = dst.position();
        switch (elementSize) {
            case Integer.BYTES -> unshuffle4(src, planeBytes, first, count, dst, at);
            case Long.BYTES -> unshuffle8(src, planeBytes, first, count, dst, at);
            default -> unshuffleBytes(src, planeBytes, elementSize, first, count, dst, at);
        }
        dst.position(at + count * elementSize);
    }

    private static void unshuffleBytes(byte[] src, int plane, int size, int first, int count, ByteBuffer dst,
                                       int at) {
        for (int e = first, end = first + count; e < end; e++) {
            for (int k = 0; k < size; k++) {
                dst.put(at++, src[k * plane + e]);
            }
        }
    }

    private static void unshuffle4(byte[] src, int plane, int first, int count, ByteBuffer dst, int at) {
        int p1 = plane;
        int p2 = 2 * plane;
        int p3 = 3 * plane;
        for (int e = first, end = first + count; e < end; e++, at += 4) {
            int v = src[e] & 0xff | (src[p1 + e] & 0xff) << 8 | (src[p2 + e] & 0xff) << 16 | src[p3 + e] << 24;
            INT.set(dst, at, v);
        }
    }

    private static void unshuffle8(byte[] src, int plane, int first, int count, ByteBuffer dst, int at) {
        for (int e = first, end = first + count; e < end; e++, at += 8) {
            long lo = src[e] & 0xff | (src[plane + e] & 0xff) << 8 | (src[2 * plane + e] & 0xff) << 16
                    | (src[3 * plane + e] & 0xffL) << 24;
            long hi = src[4 * plane + e] & 0xff | (src[5 * plane + e] & 0xff) << 8
                    | (src[6 * plane + e] & 0xff) << 16 | (src[7 * plane + e] & 0xffL) << 24;
            LONG.set(dst, at, lo | hi << 32);
        }
    }

    /**
     * Puts float32 elements {@code [first, first + count)} of the shuffled block {@code src} into {@code dst}
     * from {@code offset}; {@code bigEndian} is the elements' stored byte order.
     */
    static void unshuffleFloats(byte[] src, int plane, int first, int count, boolean bigEndian, float[] dst,
                                int offset) {
        int p1 = plane;
        int p2 = 2 * plane;
        int p3 = 3 * plane;
        for (int i = 0; i < count; i++) {
            int e = first + i;
            int v = src[e] & 0xff | (src[p1 + e] & 0xff) << 8 | (src[p2 + e] & 0xff) << 16 | src[p3 + e] << 24;
            dst[offset + i] = Float.intBitsToFloat(bigEndian ? Integer.reverseBytes(v) : v);
        }
    }

    /** Unshuffles the whole block {@code src} (its remaining bytes) into {@code dst}, which is as long. */
    static void unshuffleAll(ByteBuffer src, int elementSize, byte[] dst) {
        int base = src.position();
        int n = src.remaining();
        int plane = n / elementSize;
        for (int k = 0; k < elementSize; k++) {
            for (int e = 0; e < plane; e++) {
                dst[e * elementSize + k] = src.get(base + k * plane + e);
            }
        }
        for (int i = plane * elementSize; i < n; i++) {
            dst[i] = src.get(base + i);
        }
    }
}
