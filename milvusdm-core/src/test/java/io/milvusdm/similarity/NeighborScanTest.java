package io.milvusdm.similarity;

import io.milvusdm.similarity.store.SimilarityStore;
import io.milvusdm.similarity.store.SimilarityStore.IndexRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batched searches answer what one search per query answers, and the batched near-duplicate and unique scans
 * find what the one-item-at-a-time definition finds, across batch boundaries, views and metrics.
 */
class NeighborScanTest {

    @TempDir
    Path dir;

    private InMemoryBackend backend(Metric metric, List<IndexRow> rows) throws IOException {
        InMemoryBackend backend = InMemoryBackend.open(SimilarityStore.at(dir.resolve("store.db")), "ds",
                "k_" + metric.name().toLowerCase(), metric);
        backend.upsert(rows);
        return backend;
    }

    /**
     * {@code groups} random centres, each with a few copies moved by tiny noise, shuffled so a group's members are
     * spread over several scan batches.
     */
    private static List<IndexRow> clusteredRows(int groups, int dim, long seed) {
        Random random = new Random(seed);
        List<IndexRow> rows = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            float[] centre = new float[dim];
            for (int i = 0; i < dim; i++) {
                centre[i] = (float) random.nextGaussian();
            }
            int copies = 1 + random.nextInt(4);
            for (int c = 0; c < copies; c++) {
                float[] v = centre.clone();
                for (int i = 0; i < dim; i++) {
                    v[i] += (float) (random.nextGaussian() * 1e-3);
                }
                String id = String.format("s%05d", rows.size());
                rows.add(new IndexRow(id, id, v));
            }
        }
        java.util.Collections.shuffle(rows, random);
        return rows;
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void a_batch_answers_what_each_query_answers_alone(Metric metric) throws IOException {
        List<IndexRow> rows = clusteredRows(400, 24, 7);
        try (InMemoryBackend backend = backend(metric, rows)) {
            List<float[]> queries = rows.subList(0, 300).stream().map(IndexRow::vector).toList();
            Set<String> some = rows.stream().map(IndexRow::pk).filter(id -> id.hashCode() % 3 == 0)
                    .collect(Collectors.toSet());
            VectorBackend.Restriction view = new VectorBackend.Restriction(false, some);
            double threshold = metric.higherIsCloser() ? 0.2 : 30.0;
            for (long k : new long[] {1, 7, Long.MAX_VALUE}) {
                for (boolean reverse : new boolean[] {false, true}) {
                    for (VectorBackend.Restriction restriction : new VectorBackend.Restriction[] {null, view}) {
                        for (Double limit : new Double[] {null, threshold}) {
                            List<List<Hit>> batched = backend.searchEach(queries, k, reverse, restriction, limit);
                            for (int q = 0; q < queries.size(); q++) {
                                assertThat(batched.get(q))
                                        .as("k=%d reverse=%s view=%s threshold=%s query %d", k, reverse,
                                                restriction != null, limit, q)
                                        .isEqualTo(singleQuery(backend, queries.get(q), k, reverse, restriction, limit));
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void a_batch_over_many_rows_is_scored_on_every_core_with_the_same_answers() throws IOException {
        List<IndexRow> rows = clusteredRows(12_000, 6, 11);
        try (InMemoryBackend backend = backend(Metric.EUCLIDEAN, rows)) {
            List<float[]> queries = rows.subList(0, 40).stream().map(IndexRow::vector).toList();
            List<List<Hit>> batched = backend.searchEach(queries, 25, false, null, null);
            for (int q = 0; q < queries.size(); q++) {
                assertThat(batched.get(q)).isEqualTo(singleQuery(backend, queries.get(q), 25, false, null, null));
            }
        }
    }

    /** One query alone: a list of one, so the batch path's answer for a single query is what is compared. */
    private static List<Hit> singleQuery(InMemoryBackend backend, float[] query, long k, boolean reverse,
                                         VectorBackend.Restriction restriction, Double threshold) {
        return backend.searchEach(List.of(query), k, reverse, restriction, threshold).get(0);
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void duplicates_match_the_item_by_item_definition_across_batches(Metric metric) throws IOException {
        List<IndexRow> rows = clusteredRows(500, 16, 3);
        assertThat(rows.size()).isGreaterThan(2 * NeighborScan.BATCH);
        double threshold = metric == Metric.EUCLIDEAN ? 1e-4 : metric == Metric.COSINE ? 0.9999 : 10.0;
        List<String> ids = rows.stream().map(IndexRow::pk).toList();
        try (InMemoryBackend backend = backend(metric, rows)) {
            Duplicates found = NeighborScan.duplicates(backend, ids, backend::fetch, null, threshold,
                    UnaryOperator.identity());
            Map<String, IndexRow> byId = rows.stream().collect(Collectors.toMap(IndexRow::pk, r -> r));
            Duplicates expected = itemByItem(metric, ids.stream().map(byId::get).toList(), threshold);
            assertThat(found.uniqueIds()).isEqualTo(expected.uniqueIds());
            assertThat(found.duplicateIds()).isEqualTo(expected.duplicateIds());
            assertThat(found.neighbors().keySet()).isEqualTo(expected.neighbors().keySet());
            found.neighbors().forEach((kept, close) -> assertThat(close).extracting(Hit::id)
                    .containsExactlyElementsOf(expected.neighbors().get(kept).stream().map(Hit::id).toList()));
            if (metric != Metric.DOTPRODUCT) {
                assertThat(found.duplicateIds()).isNotEmpty();
            }
        }
    }

    @Test
    void unique_items_match_the_item_by_item_definition_within_a_view() throws IOException {
        List<IndexRow> rows = clusteredRows(400, 8, 5);
        List<String> ids = rows.stream().map(IndexRow::pk).toList();
        Set<String> inView = new HashSet<>(ids.subList(0, 600));
        VectorBackend.Restriction view = new VectorBackend.Restriction(false, inView);
        List<String> scope = ids.stream().filter(inView::contains).toList();
        try (InMemoryBackend backend = backend(Metric.COSINE, rows)) {
            List<Hit> found = NeighborScan.unique(backend, scope, backend::fetch, view, 50, UnaryOperator.identity());
            Map<String, IndexRow> byId = rows.stream().collect(Collectors.toMap(IndexRow::pk, r -> r));
            List<Hit> nearest = new ArrayList<>();
            for (String id : scope) {
                float[] v = byId.get(id).vector();
                double best = Double.NaN;
                String bestId = null;
                for (String other : scope) {
                    if (other.equals(id)) {
                        continue;
                    }
                    float[] w = byId.get(other).vector();
                    double s = Metric.COSINE.score(v, 0, w, 0, v.length, Metric.norm(v, 0, v.length),
                            Metric.norm(w, 0, w.length));
                    if (bestId == null || s > best || s == best && other.compareTo(bestId) < 0) {
                        best = s;
                        bestId = other;
                    }
                }
                nearest.add(new Hit(id, id, best));
            }
            nearest.sort(Metric.COSINE.order(true));
            assertThat(found).isEqualTo(nearest.subList(0, 50));
        }
    }

    /** The definition, one item at a time over all pairs: in order, an unclaimed item keeps the closer unclaimed. */
    private static Duplicates itemByItem(Metric metric, List<IndexRow> rows, double threshold) {
        Set<String> claimed = new HashSet<>();
        List<String> kept = new ArrayList<>();
        Map<String, List<Hit>> neighbors = new LinkedHashMap<>();
        for (IndexRow row : rows) {
            if (claimed.contains(row.pk())) {
                continue;
            }
            kept.add(row.pk());
            float[] v = row.vector();
            List<Hit> close = new ArrayList<>();
            for (IndexRow other : rows) {
                float[] w = other.vector();
                float s = metric.score(v, 0, w, 0, v.length, Metric.norm(v, 0, v.length), Metric.norm(w, 0, w.length));
                if (!other.pk().equals(row.pk()) && !kept.contains(other.pk()) && !claimed.contains(other.pk())
                        && metric.closer(s, threshold)) {
                    close.add(new Hit(other.sampleId(), other.pk(), s));
                }
            }
            close.sort(metric.order(false));
            close.forEach(h -> claimed.add(h.id()));
            if (!close.isEmpty()) {
                neighbors.put(row.pk(), close);
            }
        }
        List<String> duplicates = rows.stream().map(IndexRow::pk).filter(claimed::contains).toList();
        return new Duplicates(threshold, kept, duplicates, neighbors);
    }
}
