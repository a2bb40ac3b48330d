package io.milvusdm.format.faiss.write;

import java.util.Arrays;

/**
 * Finds each binary vector's inverted list: the centroid at the smallest Hamming distance, as faiss's
 * {@code IndexBinaryIVF::add} asks its {@code IndexBinaryFlat} quantizer for the top-1 centroid. Ties go to the lower
 * list number, as faiss's top-1 scan keeps the first of equal distances. Rows and centroids are compared as packed
 * 64-bit words (a zero-padded tail changes no distance). Immutable and thread-safe.
 */
final class BinaryListAssigner {

    private final int codeSize;
    private final int words;
    private final int nlist;
    private final long[] centroids;

    /** @param centroids nlist rows of {@code codeSize} bytes, bits packed as the vectors are */
    BinaryListAssigner(int codeSize, byte[] centroids) {
        if (codeSize <= 0 || centroids.length == 0 || centroids.length % codeSize != 0) {
            throw new IllegalArgumentException(centroids.length + " centroid bytes are not whole rows of " + codeSize);
        }
        this.codeSize = codeSize;
        this.words = (codeSize + 7) / 8;
        this.nlist = centroids.length / codeSize;
        this.centroids = new long[nlist * words];
        for (int c = 0; c < nlist; c++) {
            pack(centroids, c * codeSize, this.centroids, c * words);
        }
    }

    int nlist() {
        return nlist;
    }

    /** Writes the list of each of the {@code lists.length} rows of {@code x} into {@code lists}. */
    void assign(byte[] x, int[] lists) {
        long[] row = new long[words];
        for (int r = 0; r < lists.length; r++) {
            Arrays.fill(row, 0);
            pack(x, r * codeSize, row, 0);
            int best = 0;
            int bestDistance = Integer.MAX_VALUE;
            for (int c = 0; c < nlist; c++) {
                int distance = 0;
                for (int w = 0, at = c * words; w < words; w++) {
                    distance += Long.bitCount(row[w] ^ centroids[at + w]);
                }
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = c;
                }
            }
            lists[r] = best;
        }
    }

    /** Little-endian 64-bit words of {@code codeSize} bytes from {@code from}. */
    private void pack(byte[] bytes, int from, long[] into, int at) {
        for (int i = 0; i < codeSize; i++) {
            into[at + i / 8] |= (bytes[from + i] & 0xFFL) << (8 * (i % 8));
        }
    }
}
