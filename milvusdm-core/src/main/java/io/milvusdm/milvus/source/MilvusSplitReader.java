package io.milvusdm.milvus.source;

import com.google.protobuf.Internal;
import io.milvus.grpc.FieldData;
import io.milvusdm.milvus.MilvusOperationException;
import io.milvusdm.milvus.source.MilvusSplit.Page;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.VectorBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads one {@link MilvusSplit}: one query per page (its range, or on Milvus Lite its keys), checked against the
 * page's count, then cut into batches of at most {@code maxBatchBytes} (at least one row). A page is read within
 * its share of the source's {@link PageMemory}, taken before the query and given back once its last batch is cut.
 * A page whose answer is over what a query answer may take (rows far larger than the schema let the source
 * assume, e.g. long texts or sparse vectors of thousands of non-zeros) is cut into smaller pages, counted, and
 * read in their place. Not thread-safe: one reader per worker.
 */
final class MilvusSplitReader implements BatchReader {

    private static final Logger LOG = LoggerFactory.getLogger(MilvusSplitReader.class);

    /** Cuts a page of a partition into smaller pages with their counts, together holding its rows. */
    @FunctionalInterface
    interface PageCutter {
        List<Page> cut(String partition, Page page) throws IOException;
    }

    private final MilvusSplit split;
    private final RangeQueries queries;
    private final BatchAssembler assembler;
    private final long maxBatchBytes;
    private final AtomicLong duplicateRows;
    private final PageCutter cutter;
    private final Deque<Page> pages;
    private final PageMemory memory;
    private final long nominalRowBytes;
    /** Milvus Lite: the partition's sorted keys, to read a page by its keys; null elsewhere. */
    private final SortedKeys keys;
    private BatchAssembler.Page rows;
    private PageMemory.Lease lease;
    private int position;
    private long emitted;

    /**
     * @param memory the source's budget for decoded pages
     * @param nominalRowBytes what a row is taken to weigh when the page's share is taken (the size pages were
     *     cut by)
     * @param keys Milvus Lite: the keys the split's pages were cut from, to read each page by its keys rather
     *     than by its range (which costs Lite a pass over the whole collection); null to read ranges
     */
    MilvusSplitReader(MilvusSplit split, RangeQueries queries, BatchAssembler assembler, long maxBatchBytes,
                      AtomicLong duplicateRows, PageMemory memory, long nominalRowBytes, SortedKeys keys,
                      PageCutter cutter) {
        this.keys = keys;
        this.split = split;
        this.queries = queries;
        this.assembler = assembler;
        this.maxBatchBytes = maxBatchBytes;
        this.duplicateRows = duplicateRows;
        this.cutter = cutter;
        this.pages = new ArrayDeque<>(split.pages());
        this.memory = memory;
        this.nominalRowBytes = nominalRowBytes;
    }

    @Override
    public VectorBatch next() throws IOException {
        while (rows == null || position >= rows.rows()) {
            Page page = pages.poll();
            if (page == null) {
                return null;
            }
            load(page);
        }
        int end = position;
        long bytes = 0;
        long[] rowBytes = rows.rowBytes();
        while (end < rows.rows() && (end == position || bytes + rowBytes[end] <= maxBatchBytes)) {
            bytes += rowBytes[end++];
        }
        VectorBatch batch = assembler.batch(split, emitted, rows, position, end);
        emitted += end - position;
        position = end;
        if (position >= rows.rows()) {
            release(); // the batches hold copies: the page's memory can serve another page
        }
        return batch;
    }

    /**
     * Queries one page and checks that it returned the rows counted when the split was cut; a page whose answer is
     * too large is cut, and its parts are read next instead.
     */
    private void load(Page page) throws IOException {
        long limit = Math.max(page.count() + 1, MilvusCollectionSource.PAGE_ROWS);
        lease = memory.take(Math.multiplyExact(page.count(), nominalRowBytes));
        try {
            QueryPage answer;
            try {
                answer = keys == null
                        ? queries.page(split.partition(), page.range(), limit, lease)
                        : queries.pageByKeys(split.partition(), page.range(), page.count(),
                                keys.filter(page, queries.keyField()), lease);
            } catch (MilvusOperationException e) {
                if (!e.isMessageTooLarge() || page.count() < 2) {
                    throw e;
                }
                List<Page> parts = cutter.cut(split.partition(), page);
                if (parts.size() < 2) {
                    throw e;
                }
                LOG.info("The answer for {} ({} rows) is too large for one message; reading it as {} pages",
                        split.where(page), page.count(), parts.size());
                for (int i = parts.size() - 1; i >= 0; i--) {
                    pages.addFirst(parts.get(i));
                }
                release();
                return;
            }
            BatchAssembler.Page result;
            try {
                result = assembler.page(answer);
            } catch (IllegalStateException e) {
                throw new MilvusSourceException("Reading " + split.where(page) + ": " + e.getMessage(), e);
            }
            long repeated = repeatedKeys(result);
            if (result.rows() != page.count()) {
                throw keys != null ? keysChanged(page, result) : mismatch(page, result.rows(), repeated);
            }
            if (repeated > 0) {
                // the server returned several rows with one key: all are emitted, and reported
                duplicateRows.addAndGet(repeated);
            }
            rows = result;
            position = 0;
        } catch (IOException | RuntimeException e) {
            release();
            throw e;
        }
    }

    private void release() {
        rows = null;
        if (lease != null) {
            lease.close();
            lease = null;
        }
    }

    /**
     * A page that returned another count than it had: either its rows changed (the recount differs too), or
     * count(*) counts rows that share a key with another row and the query returns one row per key (Milvus
     * reduces query results by key; count(*) does not).
     */
    private MilvusSourceException mismatch(Page page, int returned, long repeated) throws IOException {
        long now = queries.recount(split.partition(), page.range());
        String where = split.where(page);
        if (now != page.count()) {
            return new MilvusSourceException("Rows changed while reading " + where + ": expected " + page.count()
                    + " rows (counted when the splits were cut), the query returned " + returned
                    + " and count(*) now says " + now);
        }
        if (returned < page.count()) {
            duplicateRows.addAndGet(page.count() - returned + repeated);
            return new MilvusSourceException("Duplicate primary keys in " + where + ": count(*) counts "
                    + page.count() + " rows, the query returns " + returned + " (one row per key), so "
                    + (page.count() - returned) + " rows share their key with another row and cannot be read;"
                    + " remove the duplicates (upsert or delete and re-insert those keys) and run again");
        }
        return new MilvusSourceException("Reading " + where + ": count(*) says " + page.count()
                + " rows, the query returned " + returned);
    }

    /**
     * Milvus Lite: a page read by its keys that returned another count. Lite keeps one row per key, so keys the
     * pre-scan found have been deleted since (or, for more rows, the server returned rows it was not asked for).
     */
    private MilvusSourceException keysChanged(Page page, BatchAssembler.Page result) throws IOException {
        Set<Object> returned = new HashSet<>();
        FieldData data = result.key().data();
        if (data.getScalars().hasLongData()) {
            returned.addAll(data.getScalars().getLongData().getDataList());
        } else {
            returned.addAll(data.getScalars().getStringData().getDataList());
        }
        List<Object> gone = keys.keys(page).stream().filter(key -> !returned.contains(key)).toList();
        String where = split.where(page);
        String expected = "Rows changed while reading " + where + ": expected " + page.count()
                + " rows (the keys read when the splits were cut), the query for those keys returned " + result.rows();
        if (gone.isEmpty()) {
            return new MilvusSourceException(expected);
        }
        List<String> named = gone.stream().limit(5).map(key -> key instanceof String text
                ? FilterExpressions.quote(text) : key.toString()).toList();
        return new MilvusSourceException(expected + "; " + gone.size() + " of those keys no longer exist ("
                + String.join(", ", named) + (gone.size() > named.size() ? ", ..." : "") + "): rows were deleted"
                + " while the collection was read; run the copy again when no one writes to it");
    }

    /** Rows whose key an earlier row of the page has: the keys sorted (a copy), equal neighbours counted. */
    private static long repeatedKeys(BatchAssembler.Page result) {
        FieldData keys = result.key().data();
        long repeated = 0;
        if (keys.getScalars().hasLongData()) {
            Internal.LongList list = (Internal.LongList) keys.getScalars().getLongData().getDataList();
            long[] sorted = new long[list.size()];
            for (int i = 0; i < sorted.length; i++) {
                sorted[i] = list.getLong(i);
            }
            Arrays.sort(sorted);
            for (int i = 1; i < sorted.length; i++) {
                repeated += sorted[i] == sorted[i - 1] ? 1 : 0;
            }
        } else {
            String[] sorted = keys.getScalars().getStringData().getDataList().toArray(new String[0]);
            Arrays.sort(sorted);
            for (int i = 1; i < sorted.length; i++) {
                repeated += sorted[i].equals(sorted[i - 1]) ? 1 : 0;
            }
        }
        return repeated;
    }

    @Override
    public void close() {
        release();
    }
}
