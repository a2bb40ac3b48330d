package io.milvusdm.milvus.source;

import io.milvusdm.milvus.source.MilvusSplit.Page;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a key range holding {@code count} rows into pages of at most {@code maxRows} rows by counting: a range
 * with too many rows is halved and its first half counted (the second half holds the rest). Nothing depends on
 * the order the server returns rows in, and the same data is cut the same way in every run.
 *
 * <p>Keys often sit in a small corner of their type's range (ids 0..10^6 among all longs, strings sharing a
 * prefix), where halving would spend a count on every bit or character that all keys share. So the range is
 * first narrowed to what the keys share ({@link KeySpace#narrow}, a handful of counts), at the start and again
 * whenever a halving after a useful one leaves one half empty.
 */
final class RangeBisection {

    private final KeySpace space;
    private final KeySpace.Counter counter;
    private final KeySpace.Sampler sampler;
    private final long maxRows;
    private final String where;
    private final List<Page> pages = new ArrayList<>();

    /**
     * @param maxRows the most rows a page may hold
     * @param where the collection and partition, for messages
     */
    private RangeBisection(KeySpace space, KeySpace.Counter counter, KeySpace.Sampler sampler, long maxRows,
                           String where) {
        this.space = space;
        this.counter = counter;
        this.sampler = sampler;
        this.maxRows = maxRows;
        this.where = where;
    }

    /** The pages of {@code range} (which holds {@code count} rows), in key order, none empty. */
    static List<Page> cut(KeySpace space, KeyRange range, long count, long maxRows, KeySpace.Counter counter,
                          KeySpace.Sampler sampler, String where) throws IOException {
        if (maxRows <= 0) {
            throw new IllegalArgumentException("maxRows must be positive, got " + maxRows);
        }
        RangeBisection bisection = new RangeBisection(space, counter, sampler, maxRows, where);
        bisection.cut(range, count, State.FRESH);
        return List.copyOf(bisection.pages);
    }

    /** Whether a range is narrowed before it is halved. */
    private enum State {
        /** Narrow now: the start. */
        FRESH,
        /** Came from a useful halving: narrow only if the next halving leaves a half empty. */
        SPLIT,
        /** Narrowed already: halve on, one count a step, until a halving is useful. */
        NARROWED
    }

    private void cut(KeyRange range, long count, State state) throws IOException {
        if (count == 0) {
            return;
        }
        if (count <= maxRows) {
            pages.add(new Page(range, count));
            return;
        }
        KeyRange current = state == State.FRESH ? narrow(range, count) : range;
        KeyRange[] halves = space.halves(current);
        if (halves == null) {
            throw new MilvusSourceException(where + " keys " + current.describe() + ": " + count
                    + " rows share one primary key, more than one query may return (" + maxRows + ")");
        }
        long left = counter.count(halves[0]);
        long right = count - left;
        if (left < 0 || right < 0) {
            throw changed(halves[0], count, left);
        }
        if (left > 0 && right > 0) {
            cut(halves[0], left, State.SPLIT);
            cut(halves[1], right, State.SPLIT);
        } else {
            // every row is on one side: narrowing once more jumps over what those keys still share
            cut(left > 0 ? halves[0] : halves[1], count, state == State.SPLIT ? State.FRESH : State.NARROWED);
        }
    }

    private KeyRange narrow(KeyRange range, long count) throws IOException {
        Object sample = sampler.anyKey(range);
        if (sample == null) {
            throw changed(range, count, 0);
        }
        return space.narrow(range, sample, count, counter);
    }

    private MilvusSourceException changed(KeyRange range, long expected, long found) {
        return new MilvusSourceException(where + ": rows changed while the key ranges were cut: keys "
                + range.describe() + " hold " + found + " rows, their enclosing range held " + expected);
    }
}
