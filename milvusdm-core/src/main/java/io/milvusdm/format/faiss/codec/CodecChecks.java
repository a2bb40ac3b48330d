package io.milvusdm.format.faiss.codec;

/** Argument checks shared by the decoders, done once per call so the loops stay free of them. */
final class CodecChecks {

    private CodecChecks() {
    }

    /** Fails unless {@code rows * width} elements from {@code offset} fit in an array of {@code length}. */
    static void checkRange(int length, int offset, int rows, int width, String what) {
        long needed = (long) rows * width;
        if (offset < 0 || rows < 0 || offset + needed > length) {
            throw new IndexOutOfBoundsException(what + ": " + rows + " rows of " + width + " from offset " + offset
                    + " need " + needed + " elements, array has " + length);
        }
    }

    /** Fails unless {@code array} holds exactly {@code expected} values. */
    static void checkLength(float[] array, long expected, String what) {
        if (array == null || array.length != expected) {
            throw new IllegalArgumentException(what + " must hold " + expected + " floats, found "
                    + (array == null ? "null" : array.length));
        }
    }
}
