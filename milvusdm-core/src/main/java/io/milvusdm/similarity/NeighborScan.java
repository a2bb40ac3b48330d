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
 * Near-duplicates and unique items, written once over {@link VectorBackend#search} so both backends give the same
 * answers: one search per item in scope (a range search for duplicates, a top-2 search for unique items).
 */
final class NeighborScan {

    private NeighborScan() {
    }

    /**
     * Near-duplicates: in dataset order, each item not yet claimed is kept and claims the unclaimed items strictly
     * closer than {@code threshold} (similarity above it for cosine/dotproduct, squared distance below it for
     * euclidean). Within the view when one is set.
     */
    static Duplicates duplicates(VectorBackend backend, List<IndexRow> rows, VectorBackend.Restriction view,
                                 double threshold, UnaryOperator<Hit> asHit) throws IOException {
        Set<String> claimed = new HashSet<>();
        Set<String> kept = new LinkedHashSet<>();
        Map<String, List<Hit>> neighbors = new LinkedHashMap<>();
        for (IndexRow row : rows) {
            if (claimed.contains(row.pk())) {
                continue;
            }
            kept.add(row.pk());
            List<Hit> close = new ArrayList<>();
            for (Hit hit : backend.search(row.vector(), Long.MAX_VALUE, false, view, threshold)) {
                if (!hit.id().equals(row.pk()) && !kept.contains(hit.id()) && claimed.add(hit.id())) {
                    close.add(asHit.apply(hit));
                }
            }
            if (!close.isEmpty()) {
                neighbors.put(row.pk(), close);
            }
        }
        List<String> duplicates = rows.stream().map(IndexRow::pk).filter(claimed::contains).toList();
        return new Duplicates(threshold, List.copyOf(kept), duplicates, neighbors);
    }

    /**
     * The {@code count} most unique items: those whose nearest other item is farthest (lowest similarity for
     * cosine/dotproduct, largest squared distance for euclidean), most unique first, ties by id. Each hit's score
     * is its nearest neighbour's score; an item alone in the index scores NaN and comes first.
     */
    static List<Hit> unique(VectorBackend backend, List<IndexRow> rows, VectorBackend.Restriction view, int count,
                            UnaryOperator<Hit> asHit) throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, found " + count);
        }
        List<Hit> nearest = new ArrayList<>();
        for (IndexRow row : rows) {
            double score = Double.NaN;
            for (Hit hit : backend.search(row.vector(), 2, false, view, null)) {
                if (!hit.id().equals(row.pk())) {
                    score = hit.score();
                    break;
                }
            }
            nearest.add(asHit.apply(new Hit(row.sampleId(), row.pk(), score)));
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
