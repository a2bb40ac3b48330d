package io.milvusdm.similarity;

import io.milvusdm.similarity.store.SimilarityStore.IndexRow;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Near-duplicates and unique items, written once over {@link VectorBackend#searchEach} so both backends give the
 * same answers: a search per item in scope (a range search for duplicates, a top-2 search for unique items), sent
 * {@link #BATCH} items at a time. Items are fetched a batch at a time too, so memory holds one batch of vectors
 * whatever the index's size.
 */
final class NeighborScan {

    /** Items fetched and searched together. */
    static final int BATCH = 256;

    /** The vectors of some ids, in the ids' order; ids not indexed are left out. */
    @FunctionalInterface
    interface RowFetcher {
        List<IndexRow> fetch(List<String> ids) throws IOException;
    }

    private NeighborScan() {
    }

    /**
     * Near-duplicates: in dataset order, each item not yet claimed is kept and claims the unclaimed items strictly
     * closer than {@code threshold} (similarity above it for cosine/dotproduct, squared distance below it for
     * euclidean). Within the view when one is set.
     *
     * @param ids the items in scope, in dataset order
     */
    static Duplicates duplicates(VectorBackend backend, List<String> ids, RowFetcher rows,
                                 VectorBackend.Restriction view, double threshold, UnaryOperator<Hit> asHit)
            throws IOException {
        Set<String> claimed = new HashSet<>();
        Set<String> kept = new LinkedHashSet<>();
        Map<String, List<Hit>> neighbors = new LinkedHashMap<>();
        int next = 0;
        while (next < ids.size()) {
            // items claimed by earlier batches need no search; one claimed within this batch is skipped below
            List<String> batch = new ArrayList<>(BATCH);
            while (next < ids.size() && batch.size() < BATCH) {
                String id = ids.get(next++);
                if (!claimed.contains(id)) {
                    batch.add(id);
                }
            }
            List<IndexRow> fetched = rows.fetch(batch);
            List<List<Hit>> found = backend.searchEach(fetched.stream().map(IndexRow::vector).toList(),
                    Long.MAX_VALUE, false, view, threshold);
            for (int i = 0; i < fetched.size(); i++) {
                String pk = fetched.get(i).pk();
                if (claimed.contains(pk)) {
                    continue;
                }
                kept.add(pk);
                List<Hit> close = new ArrayList<>();
                for (Hit hit : found.get(i)) {
                    if (!hit.id().equals(pk) && !kept.contains(hit.id()) && claimed.add(hit.id())) {
                        close.add(asHit.apply(hit));
                    }
                }
                if (!close.isEmpty()) {
                    neighbors.put(pk, close);
                }
            }
        }
        List<String> duplicates = ids.stream().filter(claimed::contains).toList();
        return new Duplicates(threshold, List.copyOf(kept), duplicates, neighbors);
    }

    /**
     * The {@code count} most unique items: those whose nearest other item is farthest (lowest similarity for
     * cosine/dotproduct, largest squared distance for euclidean), most unique first, ties by id. Each hit's score
     * is its nearest neighbour's score; an item alone in the index scores NaN and comes first.
     *
     * @param ids the items in scope, in dataset order
     */
    static List<Hit> unique(VectorBackend backend, List<String> ids, RowFetcher rows, VectorBackend.Restriction view,
                            int count, UnaryOperator<Hit> asHit) throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, found " + count);
        }
        List<Hit> nearest = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<IndexRow> fetched = rows.fetch(ids.subList(from, Math.min(ids.size(), from + BATCH)));
            List<List<Hit>> found = backend.searchEach(fetched.stream().map(IndexRow::vector).toList(), 2, false,
                    view, null);
            for (int i = 0; i < fetched.size(); i++) {
                IndexRow row = fetched.get(i);
                double score = Double.NaN;
                for (Hit hit : found.get(i)) {
                    if (!hit.id().equals(row.pk())) {
                        score = hit.score();
                        break;
                    }
                }
                nearest.add(asHit.apply(new Hit(row.sampleId(), row.pk(), score)));
            }
        }
        // the least close neighbour first: the reverse of the metric's order; NaN (no neighbour) before all
        nearest.sort((a, b) -> {
            boolean aNaN = Double.isNaN(a.score());
            boolean bNaN = Double.isNaN(b.score());
            if (aNaN || bNaN) {
                return aNaN == bNaN ? a.id().compareTo(b.id()) : aNaN ? -1 : 1;
            }
            return backend.metric().order(true).compare(a, b);
        });
        return List.copyOf(nearest.subList(0, Math.min(count, nearest.size())));
    }
}
