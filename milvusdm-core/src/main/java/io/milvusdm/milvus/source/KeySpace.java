package io.milvusdm.milvus.source;

import java.io.IOException;

/** How the ranges of one key type are cut: the whole range, its two halves, and the tightest range around the keys. */
interface KeySpace {

    /** Counts a range's rows on the server. */
    @FunctionalInterface
    interface Counter {
        long count(KeyRange range) throws IOException;
    }

    /** Some key in a range, whichever the server finds first, or null when the range is empty. */
    @FunctionalInterface
    interface Sampler {
        Object anyKey(KeyRange range) throws IOException;
    }

    /** Every key of this type. */
    KeyRange whole();

    /** Two adjacent ranges that together are {@code range}, the first holding the lower keys; null for one key. */
    KeyRange[] halves(KeyRange range);

    /**
     * The part of {@code range} that still holds all its {@code count} rows when narrowed to the keys that agree
     * with {@code sample} on as much as they all share (its high bits, its prefix). It depends on the keys, not on
     * which of them was sampled, so the same data is cut the same way in every run.
     */
    KeyRange narrow(KeyRange range, Object sample, long count, Counter counter) throws IOException;
}
