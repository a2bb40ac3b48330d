package io.milvusdm.milvus.source;

import io.milvusdm.pipeline.Split;

import java.util.List;
import java.util.Objects;

/**
 * Key ranges of one partition of a Milvus collection, each counted when the split was cut. Each page is one query
 * that returns every row of its range whatever order the server keeps them in: a range query of at most
 * {@link MilvusCollectionSource#PAGE_ROWS} rows, or on Milvus Lite a query naming the range's keys (at most
 * {@link MilvusCollectionSource#LITE_PAGE_ROWS}); reading a page that returns another count is an error.
 *
 * @param collection the collection
 * @param partition the partition the queries are limited to
 * @param pages the ranges in key order, disjoint, none empty
 */
public record MilvusSplit(String collection, String partition, List<Page> pages) implements Split {

    /**
     * One query.
     *
     * @param range the keys
     * @param count the rows found in the range when the split was cut: count(*) with Strong consistency, or on
     *     Milvus Lite the keys the pre-scan read
     */
    public record Page(KeyRange range, long count) {
        public Page {
            Objects.requireNonNull(range, "range");
            if (count <= 0) {
                throw new IllegalArgumentException("page " + range.describe() + " has " + count + " rows");
            }
        }
    }

    public MilvusSplit {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(partition, "partition");
        pages = List.copyOf(pages);
        if (pages.isEmpty()) {
            throw new IllegalArgumentException("a split of '" + collection + "' needs at least one page");
        }
    }

    /**
     * {@code milvus:<collection>/<partition>:<first range>[,<last range>(<pages>)]}: the same for the same data in
     * every run, since ranges are cut by counts, never by the order the server returns rows in.
     */
    @Override
    public String id() {
        String first = pages.get(0).range().idPart();
        String tail = pages.size() == 1 ? "" : "," + pages.get(pages.size() - 1).range().idPart() + "(" + pages.size() + ")";
        return "milvus:" + collection + "/" + partition + ":" + first + tail;
    }

    @Override
    public long rowCount() {
        return pages.stream().mapToLong(Page::count).sum();
    }

    /** "collection 'c' partition 'p' keys [lo, hi]": for messages. */
    String where(Page page) {
        return "collection '" + collection + "' partition '" + partition + "' keys " + page.range().describe();
    }
}
