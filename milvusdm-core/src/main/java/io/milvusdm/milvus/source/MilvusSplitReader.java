package io.milvusdm.milvus.source;

import io.milvus.v2.service.vector.response.QueryResp.QueryResult;
import io.milvusdm.milvus.source.MilvusSplit.Page;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.VectorBatch;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
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
    private List<QueryResult> rows = List.of();
    private byte[][][] json;
    private long[] rowBytes;
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
        while (position >= rows.size()) {
            if (nextPage >= split.pages().size()) {
                return null;
            }
            load(split.pages().get(nextPage++));
        }
        int end = position;
        long bytes = 0;
        while (end < rows.size() && (end == position || bytes + rowBytes[end] <= maxBatchBytes)) {
            bytes += rowBytes[end++];
        }
        VectorBatch batch = assembler.batch(split, emitted, rows, json, position, end);
        emitted += end - position;
        position = end;
        return batch;
    }

    /** Queries one page and checks that it returned the rows counted when the split was cut. */
    private void load(Page page) throws IOException {
        long limit = Math.max(page.count() + 1, MilvusCollectionSource.PAGE_ROWS);
        List<QueryResult> result = queries.page(split.partition(), page.range(), limit);
        long repeated = repeatedKeys(result);
        if (result.size() != page.count()) {
            throw mismatch(page, result.size(), repeated);
        }
        if (repeated > 0) {
            // the server returned several rows with one key: all are emitted, and reported
            duplicateRows.addAndGet(repeated);
        }
        rows = result;
        json = new byte[result.size()][][];
        rowBytes = new long[result.size()];
        for (int i = 0; i < result.size(); i++) {
            json[i] = assembler.jsonOf(result.get(i).getEntity());
            rowBytes[i] = assembler.rowBytes(result.get(i).getEntity(), json[i]);
        }
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

    private long repeatedKeys(List<QueryResult> result) {
        Set<Object> seen = new HashSet<>(result.size() * 2);
        long repeated = 0;
        for (QueryResult row : result) {
            if (!seen.add(row.getEntity().get(queries.keyField()))) {
                repeated++;
            }
        }
        return repeated;
    }

    @Override
    public void close() {
        rows = List.of();
        json = null;
    }
}
