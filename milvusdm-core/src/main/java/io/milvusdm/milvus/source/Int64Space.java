package io.milvusdm.milvus.source;

import io.milvusdm.milvus.source.KeyRange.Int64Range;

import java.io.IOException;

/** INT64 keys: ranges are halved at their middle; narrowing finds the smallest aligned block holding every key. */
final class Int64Space implements KeySpace {

    @Override
    public KeyRange whole() {
        return new Int64Range(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Override
    public KeyRange[] halves(KeyRange range) {
        Int64Range r = (Int64Range) range;
        if (r.lo() == r.hi()) {
            return null;
        }
        // hi - lo may overflow as a signed number but not as an unsigned one
        long mid = r.lo() + ((r.hi() - r.lo()) >>> 1);
        return new KeyRange[] {new Int64Range(r.lo(), mid), new Int64Range(mid + 1, r.hi())};
    }

    /**
     * Binary search over the block size 2^j around the sample: the smallest aligned block that holds all
     * {@code count} keys of the range is the one spanned by the bits all the keys share, whichever key was sampled.
     */
    @Override
    public KeyRange narrow(KeyRange range, Object sample, long count, Counter counter) throws IOException {
        Int64Range r = (Int64Range) range;
        long key = ((Number) sample).longValue();
        int low = 0;
        int high = 64; // the block of 2^64 keys is the whole range: it holds them all without asking
        while (low < high) {
            int j = (low + high) >>> 1;
            if (counter.count(block(r, key, j)) == count) {
                high = j;
            } else {
                low = j + 1;
            }
        }
        return block(r, key, low);
    }

    /** The aligned block of 2^j keys around {@code key}, within {@code r}; keys ordered as signed numbers. */
    static Int64Range block(Int64Range r, long key, int j) {
        long mask = j == 64 ? -1L : (1L << j) - 1;
        long unsigned = key ^ Long.MIN_VALUE;
        long lo = (unsigned & ~mask) ^ Long.MIN_VALUE;
        long hi = (unsigned | mask) ^ Long.MIN_VALUE;
        return new Int64Range(Math.max(lo, r.lo()), Math.min(hi, r.hi()));
    }
}
