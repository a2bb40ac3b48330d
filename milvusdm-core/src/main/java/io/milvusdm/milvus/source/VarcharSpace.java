package io.milvusdm.milvus.source;

import io.milvusdm.milvus.source.KeyRange.VarcharRange;

import java.io.IOException;

/**
 * VARCHAR keys: ranges are cut at a string between their bounds, at the first character where the bounds differ
 * ({@link VarcharKeys#between}); narrowing finds the longest prefix every key of the range shares.
 */
final class VarcharSpace implements KeySpace {

    @Override
    public KeyRange whole() {
        return new VarcharRange("", null);
    }

    @Override
    public KeyRange[] halves(KeyRange range) {
        VarcharRange r = (VarcharRange) range;
        String mid = VarcharKeys.between(r.lo(), r.hi());
        if (mid == null) {
            return null;
        }
        return new KeyRange[] {new VarcharRange(r.lo(), mid), new VarcharRange(mid, r.hi())};
    }

    /**
     * Binary search over the sample's prefix length: the longest prefix all {@code count} keys start with is
     * their common prefix, whichever key was sampled.
     */
    @Override
    public KeyRange narrow(KeyRange range, Object sample, long count, Counter counter) throws IOException {
        VarcharRange r = (VarcharRange) range;
        String key = (String) sample;
        int[] cps = key.codePoints().toArray();
        int low = 0; // the empty prefix: every key has it
        int high = cps.length;
        while (low < high) {
            int length = (low + high + 1) >>> 1;
            if (counter.count(withPrefix(r, new String(cps, 0, length))) == count) {
                low = length;
            } else {
                high = length - 1;
            }
        }
        return low == 0 ? r : withPrefix(r, new String(cps, 0, low));
    }

    /** The keys of {@code r} that start with {@code prefix}; the sample is one of them, so it is not empty. */
    private static VarcharRange withPrefix(VarcharRange r, String prefix) {
        return new VarcharRange(VarcharKeys.max(r.lo(), prefix), VarcharKeys.min(r.hi(), VarcharKeys.successor(prefix)));
    }
}
