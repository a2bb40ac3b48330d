package io.milvusdm.format.faiss;

/**
 * A byte range of a file that the parser recorded instead of reading: vectors, codes, ids, matrices.
 *
 * @param offset the first byte, from the start of the file
 * @param length the number of bytes
 */
public record Section(long offset, long length) {

    public static final Section EMPTY = new Section(0, 0);

    public Section {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("invalid section " + offset + "+" + length);
        }
    }

    /** One past the last byte. */
    public long end() {
        return offset + length;
    }

    @Override
    public String toString() {
        return "0x" + Long.toHexString(offset) + "+" + length;
    }
}
