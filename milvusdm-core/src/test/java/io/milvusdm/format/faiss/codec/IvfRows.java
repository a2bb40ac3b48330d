package io.milvusdm.format.faiss.codec;

/** Decodes an IVF fixture's rows list by list, adding each list's coarse centroid as a by_residual reader does. */
final class IvfRows {

    /** A decoder's {@code decode(codes, codeOffset, n, out, outOffset)}. */
    interface Decode {
        void decode(byte[] codes, int codeOffset, int n, float[] out, int outOffset);
    }

    private IvfRows() {
    }

    /** Decodes {@code codes} (rows in list order) and adds the centroid of each row's list. */
    static float[] decodeResidualRows(FaissCodecFixtures.Case fixture, int n, int d, Decode decode, int codeSize) {
        return decodeRows(fixture.u8("codes"), fixture.i32("listno"), fixture.f32("coarse"), n, d, decode, codeSize,
                true);
    }

    /** Decodes rows in list order, one call per list, adding the list's centroid when {@code byResidual}. */
    static float[] decodeRows(byte[] codes, int[] listNo, float[] coarse, int n, int d, Decode decode, int codeSize,
                              boolean byResidual) {
        float[] out = new float[n * d];
        float[] centroid = new float[d];
        int start = 0;
        while (start < n) {
            int end = start;
            while (end < n && listNo[end] == listNo[start]) {
                end++;
            }
            decode.decode(codes, start * codeSize, end - start, out, start * d);
            if (byResidual) {
                System.arraycopy(coarse, listNo[start] * d, centroid, 0, d);
                ResidualDecoding.addCentroid(out, start * d, end - start, centroid);
            }
            start = end;
        }
        return out;
    }
}
