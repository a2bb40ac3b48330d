package io.milvusdm.milvus.source;

import io.milvusdm.milvus.source.MilvusSplit.Page;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.VectorBatch;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads one {@link MilvusSplit}: one range query per page, checked against the page's count, then cut into
 * batches of at most {@code maxBatchBytes} (at least one row). Not thread-safe: one reader per worker.
 */
final class MilvusSplitReader implements BatchReader {

    private final MilvusSplit split;
    private final RangeQueries queries;
    private final BatchAssembler assembler;
    private final long maxBatchBytes;
    private final AtomicLong duplicateRows;
    private int nextPage;
    private BatchAssembler.Page rows;
    private int position;
    private long emitted;

    MilvusSplitReader(MilvusSplit split, RangeQueries queries, BatchAssembler assembler, long maxBatchBytes,
                      AtomicLong duplicateRows) {
        this.split = split;
        this.queries = queries;
        this.assembler = assembler;
        this.maxBatchBytes = maxBatchBytes;
        this.duplicateRows = duplicateRows;
    }

    @Override
    public VectorBatch next() throws IOException {
        while (rows == null || position >= rows.rows()) {
            if (nextPage >= split.pages().size()) {
                return null;
            }
            load(split.pages().get(nextPage++));
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

    /** Queries one page and checks that it returned the rows counted when the split was cut. */
    private void load(Page page) throws IOException {
        long limit = Math.max(page.count() + 1, MilvusCollectionSource.PAGE_ROWS);
        BatchAssembler.Page result = assembler.page(queries.page(split.partition(), page.range(), limit));
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
