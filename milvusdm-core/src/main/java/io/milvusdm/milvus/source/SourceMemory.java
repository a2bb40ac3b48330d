package io.milvusdm.milvus.source;

import java.nio.file.Path;

/**
 * What a {@link MilvusCollectionSource} may hold in memory, whatever the size of the collection: its own share,
 * besides the batches a job keeps in its queues.
 *
 * @param pageBytes the payload one page query returns at most (Milvus also caps a page at
 *     {@link MilvusCollectionSource#PAGE_ROWS} rows, Milvus Lite at {@link MilvusCollectionSource#LITE_PAGE_ROWS})
 * @param pagesInFlightBytes the payload of the pages all readers of the source hold at once, decoded: a reader
 *     waits for its share before it sends a page query, so that more workers do not mean more memory
 * @param keyChunkBytes Milvus Lite: the keys one answer carries when a partition's keys are read
 * @param keySortBytes Milvus Lite: the keys gathered in memory before they are sorted into a run on disk
 * @param keyDirectory Milvus Lite: where the sorted keys go (8 bytes an INT64 key, 4 + its UTF-8 a VARCHAR key),
 *     until the source is closed; null for the JVM's temporary directory ({@code java.io.tmpdir})
 */
record SourceMemory(long pageBytes, long pagesInFlightBytes, long keyChunkBytes, long keySortBytes,
                    Path keyDirectory) {

    SourceMemory {
        for (long value : new long[] {pageBytes, pagesInFlightBytes, keyChunkBytes, keySortBytes}) {
            if (value <= 0) {
                throw new IllegalArgumentException("every memory bound must be positive: " + value);
            }
        }
    }

    /**
     * Pages of 16 MiB, four at a time at most (two with the default two workers); keys 16 MiB at a time. A page
     * of a collection of 768-dimensional floats is 16 MiB at 5,461 rows, so that four readers still read at once.
     */
    static SourceMemory defaults() {
        return new SourceMemory(16L << 20, 64L << 20, 16L << 20, 16L << 20, null);
    }
}
