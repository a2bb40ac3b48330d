package io.milvusdm.milvus.source;

import io.milvusdm.milvus.MilvusOperationException;
import io.milvusdm.milvus.source.KeyRange.Int64Range;
import io.milvusdm.milvus.source.KeyRange.VarcharRange;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.Utf8;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;

/**
 * Milvus Lite: every key of a partition, read in chunks and sorted on disk ({@link KeySorter}), so that neither
 * an answer nor what is held depends on the number of keys. Lite returns rows in storage order and answers a
 * filtered count(*) by building every matching row, so ranges cannot be cut by counting ({@link RangeBisection})
 * at a bearable price; the keys are read once instead, then cut into exact pages ({@link SortedKeys}).
 *
 * <p>A chunk is one iterator query ({@link RangeQueries#keysInOrder}: Lite sorts it by key) for the keys from
 * the largest key of the chunk before on, that key included ({@code key >= last}); the copies of that key the
 * chunk before held are dropped, so keys that several rows share are all counted however the chunks fall. Only
 * full chunks depend on the server's order (the last one holds every key left: a partition of up to 2M INT64
 * keys is one chunk), and a full chunk out of order is an error. A server that returned the wrong keys, in
 * order, would still be caught when the whole collection is read: the partitions' keys must add up to its
 * count(*).
 *
 * <p>VARCHAR keys have no fixed size: a chunk is sized by the longest key seen so far, and holds at most twice the
 * keys of the chunk before, so that its answer stays near {@code chunkBytes}. Keys can still grow faster than
 * that (short ids sorting before long paths); an answer over {@link #ANSWER_FACTOR} times {@code chunkBytes} (at
 * least 1 MiB) is refused as it arrives and the chunk asked again with half the keys, so no answer is ever held whole above it.
 */
final class LiteKeyScan {

    private static final Logger LOG = LoggerFactory.getLogger(LiteKeyScan.class);

    /** What a VARCHAR key in a query answer costs besides its UTF-8: its String, array and list slot. */
    private static final int VARCHAR_OVERHEAD = 64;
    /** No chunk is smaller: keys that more rows share than a chunk holds cannot be read in chunks. */
    static final int MIN_CHUNK_ROWS = 16;
    /** A chunk's answer may take this many times the chunk's budget before it is asked again with half the keys. */
    static final int ANSWER_FACTOR = 4;
    /** ... and at least this much, whatever the budget: an answer carries more than its keys. */
    private static final long MIN_ANSWER_BYTES = 1 << 20;

    private final RangeQueries queries;
    private final SourceCollection collection;
    private final String partition;
    private final long chunkBytes;
    private final KeyChunkDecoder decoder;
    /** The keys the next chunk asks for; halved when an answer is too large. */
    private long limit;

    private LiteKeyScan(RangeQueries queries, SourceCollection collection, String partition, long chunkBytes) {
        this.queries = queries;
        this.collection = collection;
        this.partition = partition;
        this.chunkBytes = chunkBytes;
        this.decoder = new KeyChunkDecoder(collection.keyField());
    }

    /**
     * Reads the keys of {@code partition} into {@code sorter}, chunks of about {@code chunkBytes} of keys at a
     * time, and sorts them.
     *
     * @throws MilvusSourceException when more rows share one key than a chunk holds, or a full chunk is not in
     *     key order
     */
    static SortedKeys read(RangeQueries queries, SourceCollection collection, String partition, KeySorter sorter,
                           long chunkBytes) throws IOException {
        LiteKeyScan scan = new LiteKeyScan(queries, collection, partition, chunkBytes);
        if (collection.keyKind() == KeyKind.INT64) {
            scan.int64(sorter);
        } else {
            scan.varchar(sorter);
        }
        return sorter.finish();
    }

    private void int64(KeySorter sorter) throws IOException {
        limit = rows(Long.BYTES);
        KeyRange range = MilvusCollectionSource.space(KeyKind.INT64).whole();
        long last = 0;
        long taken = 0; // copies of last already added; none before the first chunk
        while (true) {
            KeyChunkDecoder.Chunk chunk = chunk(range);
            long[] keys = chunk.int64();
            int n = chunk.count();
            long skip = taken;
            long max = 0;
            long copies = 0;
            for (int i = 0; i < n; i++) {
                long key = keys[i];
                if (skip > 0 && key == last) {
                    skip--;
                    continue;
                }
                sorter.add(key);
                if (copies == 0 || key > max) {
                    max = key;
                    copies = 1;
                } else if (key == max) {
                    copies++;
                }
                if (n == limit && i > 0 && key < keys[i - 1]) {
                    throw outOfOrder(range, keys[i - 1], key);
                }
            }
            if (n < limit) {
                return;
            }
            if (copies == 0) {
                throw tooManyCopies(range, limit, last);
            }
            range = new Int64Range(max, Long.MAX_VALUE);
            taken = max == last ? taken + copies : copies;
            last = max;
        }
    }

    private void varchar(KeySorter sorter) throws IOException {
        int longest = collection.keyMaxBytes();
        KeyRange range = MilvusCollectionSource.space(KeyKind.VARCHAR).whole();
        String last = null;
        long taken = 0;
        limit = rows(longest + VARCHAR_OVERHEAD);
        while (true) {
            List<String> keys = chunk(range).varchar();
            long skip = taken;
            String max = null;
            long copies = 0;
            int seen = 0;
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i);
                seen = Math.max(seen, Utf8.length(key));
                if (skip > 0 && key.equals(last)) {
                    skip--;
                    continue;
                }
                sorter.add(key);
                int order = max == null ? 1 : VarcharKeys.compare(key, max);
                if (order > 0) {
                    max = key;
                    copies = 1;
                } else if (order == 0) {
                    copies++;
                }
                if (keys.size() == limit && i > 0 && VarcharKeys.compare(key, keys.get(i - 1)) < 0) {
                    throw outOfOrder(range, FilterExpressions.quote(keys.get(i - 1)), FilterExpressions.quote(key));
                }
            }
            if (keys.size() < limit) {
                return;
            }
            if (max == null) {
                throw tooManyCopies(range, limit, FilterExpressions.quote(last));
            }
            range = new VarcharRange(max, null);
            taken = max.equals(last) ? taken + copies : copies;
            last = max;
            // the next chunk is sized by the longest key seen so far (twice over), within the schema's bound, and
            // holds at most twice the keys of this one
            longest = (int) Math.min(collection.keyMaxBytes(), 2L * seen + 1);
            limit = Math.min(rows(longest + VARCHAR_OVERHEAD), 2 * limit);
        }
    }

    /**
     * The first {@link #limit} keys of {@code range} in key order; an answer too large to receive is asked again
     * with half the keys (and {@link #limit} stays halved), down to {@link #MIN_CHUNK_ROWS}.
     */
    private KeyChunkDecoder.Chunk chunk(KeyRange range) throws IOException {
        int inboundBytes = (int) Math.min(Integer.MAX_VALUE, Math.max(MIN_ANSWER_BYTES, ANSWER_FACTOR * chunkBytes));
        while (true) {
            try {
                return queries.keysInOrder(partition, range, limit, decoder, inboundBytes);
            } catch (MilvusOperationException e) {
                if (!e.isMessageTooLarge() || limit <= MIN_CHUNK_ROWS) {
                    throw e;
                }
                limit = Math.max(MIN_CHUNK_ROWS, limit / 2);
                LOG.debug("The keys of {} are longer than their chunk assumed; asking for {} at a time",
                        queries.where(partition, range), limit);
            }
        }
    }

    /** The keys of about {@code chunkBytes} at {@code keyBytes} each. */
    private long rows(long keyBytes) {
        return Math.max(MIN_CHUNK_ROWS, Math.min(Integer.MAX_VALUE, chunkBytes / keyBytes));
    }

    private MilvusSourceException outOfOrder(KeyRange range, Object before, Object after) {
        return new MilvusSourceException("Reading the keys of " + queries.where(partition, range)
                + " in chunks: the server returned " + after + " after " + before + " in a query that asks for"
                + " key order (iterator); milvusdm cannot read this server's keys in chunks");
    }

    private MilvusSourceException tooManyCopies(KeyRange range, long limit, Object key) {
        return new MilvusSourceException("Reading the keys of " + queries.where(partition, range)
                + " in chunks: more than " + limit + " rows share the primary key " + key
                + ", more than one chunk holds; remove the duplicates (upsert or delete and re-insert that key)");
    }
}
