package io.milvusdm.milvus.source;

import io.milvus.grpc.FieldData;
import io.milvusdm.milvus.MilvusOperationException;
import io.milvusdm.milvus.source.MilvusSplit.Page;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.VectorBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads one {@link MilvusSplit}: one range query per page, checked against the page's count, then cut into
 * batches of at most {@code maxBatchBytes} (at least one row). A page whose answer is over what a query answer may
 * take (rows far larger than the schema let the source assume, e.g. long texts or sparse vectors of thousands of
 * non-zeros) is cut into smaller pages, counted, and read in their place. Not thread-safe: one reader per worker.
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
    private BatchAssembler.Page rows;
    private int position;
    private long emitted;

    MilvusSplitReader(MilvusSplit split, RangeQueries queries, BatchAssembler assembler, long maxBatchBytes,
                      AtomicLong duplicateRows, PageCutter cutter) {
        this.split = split;
        this.queries = queries;
        this.assembler = assembler;
        this.maxBatchBytes = maxBatchBytes;
        this.duplicateRows = duplicateRows;
        this.cutter = cutter;
        this.pages = new ArrayDeque<>(split.pages());
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
        return batch;
    }

    /**
     * Queries one page and checks that it returned the rows counted when the split was cut; a page whose answer is
     * too large is cut, and its parts are read next instead.
     */
    private void load(Page page) throws IOException {
        long limit = Math.max(page.count() + 1, MilvusCollectionSource.PAGE_ROWS);
        List<FieldData> answer;
        try {
            answer = queries.page(split.partition(), page.range(), limit);
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
            return;
        }
        BatchAssembler.Page result = assembler.page(answer);
        long repeated = repeatedKeys(result);
        if (result.rows() != page.count()) {
            throw mismatch(page, result.rows(), repeated);
        }
        if (repeated > 0) {
            // the server returned several rows with one key: all are emitted, and reported
            duplicateRows.addAndGet(repeated);
        }
        rows = result;
        position = 0;
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

    private long repeatedKeys(BatchAssembler.Page result) {
        Set<Object> seen = new HashSet<>(result.rows() * 2);
        long repeated = 0;
        for (int row = 0; row < result.rows(); row++) {
            if (!seen.add(result.key(row))) {
                repeated++;
            }
        }
        return repeated;
    }

    @Override
    public void close() {
        rows = null;
    }
}
