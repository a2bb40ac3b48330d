package io.milvusdm.similarity;

import io.milvusdm.similarity.store.SimilarityStore.IndexRow;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What {@link SimilarityIndex} needs of a place that holds vectors: the primitives both backends implement with
 * the same meaning, so that the index's semantics (upsert rules, missing ids, query combination, views,
 * duplicates) are written once. Rows are keyed by {@code pk}: the sample id, or the label id in a patch index.
 */
interface VectorBackend extends AutoCloseable {

    /** The vector width, or 0 while nothing was ever added. */
    int dimension() throws IOException;

    /** The metric the vectors are compared with (for an existing Milvus collection: its index's). */
    Metric metric();

    /** Those of {@code pks} that are indexed. */
    Set<String> existing(Collection<String> pks) throws IOException;

    /** Inserts or replaces rows by pk; creates the storage on first use. Pks are distinct. */
    void upsert(List<IndexRow> rows) throws IOException;

    void delete(Collection<String> pks) throws IOException;

    /** The indexed rows of these pks, in any order; missing pks are absent. */
    List<IndexRow> fetch(Collection<String> pks) throws IOException;

    /** The indexed rows whose sample id is one of these, in any order. */
    List<IndexRow> fetchBySampleIds(Collection<String> sampleIds) throws IOException;

    /**
     * The {@code k} rows closest to {@code query} (farthest first when {@code reverse}), ordered by
     * {@link Metric#order}; {@code k = Long.MAX_VALUE} asks for every row.
     *
     * @param restriction only rows whose pk (or sample id) is in this set, or null for all
     * @param threshold only rows strictly closer than this score, or null
     */
    List<Hit> search(float[] query, long k, boolean reverse, Restriction restriction, Double threshold)
            throws IOException;

    /**
     * What {@link #search} answers for each of {@code queries}, in their order. Backends that can answer several
     * queries together (one request, one pass over the rows) do; this default asks one by one.
     */
    default List<List<Hit>> searchEach(List<float[]> queries, long k, boolean reverse, Restriction restriction,
                                       Double threshold) throws IOException {
        List<List<Hit>> answers = new ArrayList<>(queries.size());
        for (float[] query : queries) {
            answers.add(search(query, k, reverse, restriction, threshold));
        }
        return answers;
    }

    /** Rows indexed now: deleted rows do not count, a replaced row counts once. */
    long count() throws IOException;

    /** Removes the vectors and their storage (the Milvus collection). */
    void drop() throws IOException;

    @Override
    void close();

    /** Limits a search to rows whose pk, or whose sample id, is in {@code ids}. */
    record Restriction(boolean bySampleId, Set<String> ids) {
        public Restriction {
            ids = Set.copyOf(ids);
        }
    }
}
