package io.milvusdm.similarity;

import io.milvusdm.similarity.store.SimilarityStore;
import io.milvusdm.similarity.store.SimilarityStore.IndexRow;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Exact brute-force search over the vectors in one flat array, scored as Milvus scores ({@link Metric}); ties go
 * to the smaller id. Rows persist in the similarity store (written through on every change), so an index
 * outlives the process. Memory: the indexed vectors, 4 bytes per dimension per row. Searches score rows on all
 * cores when the index is large; changes are serialized.
 */
final class InMemoryBackend implements VectorBackend {

    /** Below this many scores (rows times queries) one thread scores faster than several. */
    private static final int PARALLEL_ROWS = 20_000;
    /** Rows scored by every query of a batch before the next rows: about what a core's L2 cache holds. */
    private static final int BLOCK_BYTES = 128 * 1024;
    /** A heap starts this small and grows: a range search may keep every row, most keep few. */
    private static final int HEAP_CAPACITY = 64;

    private final SimilarityStore store;
    private final String dataset;
    private final String key;
    private final Metric metric;
    private final Map<String, Integer> rowOf = new HashMap<>();
    private final List<String> pks = new ArrayList<>();
    private final List<String> sampleIds = new ArrayList<>();
    private float[] data = new float[0];
    private float[] norms = new float[0];
    private int dim;

    private InMemoryBackend(SimilarityStore store, String dataset, String key, Metric metric) {
        this.store = store;
        this.dataset = dataset;
        this.key = key;
        this.metric = metric;
    }

    /** The index's rows as stored, loaded into memory. */
    static InMemoryBackend open(SimilarityStore store, String dataset, String key, Metric metric) throws IOException {
        InMemoryBackend backend = new InMemoryBackend(store, dataset, key, metric);
        backend.put(store.indexRows(dataset, key));
        return backend;
    }

    /** Renames where the rows persist: the store renames them with the record. */
    InMemoryBackend renamedTo(String newKey) {
        InMemoryBackend moved = new InMemoryBackend(store, dataset, newKey, metric);
        moved.rowOf.putAll(rowOf);
        moved.pks.addAll(pks);
        moved.sampleIds.addAll(sampleIds);
        moved.data = data;
        moved.norms = norms;
        moved.dim = dim;
        return moved;
    }

    @Override
    public synchronized int dimension() {
        return dim;
    }

    @Override
    public Metric metric() {
        return metric;
    }

    @Override
    public synchronized Set<String> existing(Collection<String> ids) {
        Set<String> found = new HashSet<>();
        for (String id : ids) {
            if (rowOf.containsKey(id)) {
                found.add(id);
            }
        }
        return found;
    }

    @Override
    public synchronized void upsert(List<IndexRow> rows) throws IOException {
        store.upsertIndexRows(dataset, key, rows);
        put(rows);
    }

    private void put(List<IndexRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        if (dim == 0) {
            dim = rows.get(0).vector().length;
        }
        int needed = pks.size() + rows.size();
        if ((long) needed * dim > data.length) {
            long capacity = Math.max((long) needed * dim, Math.min(Integer.MAX_VALUE - 8, (long) data.length * 3 / 2));
            data = Arrays.copyOf(data, Math.toIntExact(capacity));
            norms = Arrays.copyOf(norms, Math.toIntExact(capacity / dim));
        }
        for (IndexRow row : rows) {
            Integer at = rowOf.get(row.pk());
            int index;
            if (at != null) {
                index = at;
                sampleIds.set(index, row.sampleId());
            } else {
                index = pks.size();
                rowOf.put(row.pk(), index);
                pks.add(row.pk());
                sampleIds.add(row.sampleId());
            }
            System.arraycopy(row.vector(), 0, data, index * dim, dim);
            norms[index] = Metric.norm(data, index * dim, dim);
        }
    }

    @Override
    public synchronized void delete(Collection<String> ids) throws IOException {
        store.deleteIndexRows(dataset, key, List.copyOf(ids));
        for (String id : ids) {
            Integer at = rowOf.remove(id);
            if (at == null) {
                continue;
            }
            int last = pks.size() - 1;
            if (at != last) {
                // the last row takes the freed place, so rows stay contiguous
                System.arraycopy(data, last * dim, data, at * dim, dim);
                norms[at] = norms[last];
                pks.set(at, pks.get(last));
                sampleIds.set(at, sampleIds.get(last));
                rowOf.put(pks.get(at), at);
            }
            pks.remove(last);
            sampleIds.remove(last);
        }
    }

    @Override
    public synchronized List<IndexRow> fetch(Collection<String> ids) {
        List<IndexRow> rows = new ArrayList<>();
        for (String id : ids) {
            Integer at = rowOf.get(id);
            if (at != null) {
                rows.add(row(at));
            }
        }
        return rows;
    }

    @Override
    public synchronized List<IndexRow> fetchBySampleIds(Collection<String> ids) {
        Set<String> wanted = new HashSet<>(ids);
        List<IndexRow> rows = new ArrayList<>();
        for (int i = 0; i < pks.size(); i++) {
            if (wanted.contains(sampleIds.get(i))) {
                rows.add(row(i));
            }
        }
        return rows;
    }

    private IndexRow row(int index) {
        return new IndexRow(pks.get(index), sampleIds.get(index),
                Arrays.copyOfRange(data, index * dim, (index + 1) * dim));
    }

    @Override
    public List<Hit> search(float[] query, long k, boolean reverse, Restriction restriction, Double threshold) {
        return searchEach(List.of(query), k, reverse, restriction, threshold).get(0);
    }

    /**
     * One pass over the rows for all the queries: the rows are scored in blocks that stay in cache while every
     * query visits them, so a batch costs little more memory traffic than one query.
     */
    @Override
    public synchronized List<List<Hit>> searchEach(List<float[]> queries, long k, boolean reverse,
                                                   Restriction restriction, Double threshold) {
        int n = pks.size();
        if (n == 0 || k <= 0) {
            return queries.stream().map(q -> List.<Hit>of()).toList();
        }
        float[][] asked = queries.toArray(float[][]::new);
        float[] queryNorms = new float[asked.length];
        for (int q = 0; q < asked.length; q++) {
            if (asked[q].length != dim) {
                throw new IllegalArgumentException("query has " + asked[q].length + " dimensions, the index " + dim);
            }
            queryNorms[q] = Metric.norm(asked[q], 0, dim);
        }
        Comparator<Hit> order = metric.order(reverse);
        int limit = (int) Math.min(k, n);
        int chunks = (long) n * asked.length < PARALLEL_ROWS ? 1 : Runtime.getRuntime().availableProcessors();
        int chunkRows = (n + chunks - 1) / chunks;
        List<List<List<Hit>>> partial = IntStream.range(0, chunks).parallel()
                .mapToObj(c -> topOf(c * chunkRows, Math.min(n, (c + 1) * chunkRows), asked, queryNorms, limit,
                        order, reverse, restriction, threshold))
                .toList();
        List<List<Hit>> answers = new ArrayList<>(asked.length);
        for (int q = 0; q < asked.length; q++) {
            List<Hit> merged = new ArrayList<>();
            for (List<List<Hit>> chunk : partial) {
                merged.addAll(chunk.get(q));
            }
            merged.sort(order);
            answers.add(merged.size() > limit ? List.copyOf(merged.subList(0, limit)) : merged);
        }
        return answers;
    }

    /**
     * For each query, the best {@code limit} rows of {@code [from, to)}, each kept in a heap whose head is the
     * worst kept. Rows go by blocks of about {@link #BLOCK_BYTES}, every query scoring a block before the next,
     * four queries at a time.
     */
    private List<List<Hit>> topOf(int from, int to, float[][] queries, float[] queryNorms, int limit,
                                  Comparator<Hit> order, boolean reverse, Restriction restriction, Double threshold) {
        List<PriorityQueue<Hit>> heaps = new ArrayList<>(queries.length);
        for (int q = 0; q < queries.length; q++) {
            heaps.add(new PriorityQueue<>(Math.min(limit, HEAP_CAPACITY) + 1, order.reversed()));
        }
        boolean higherFirst = metric.higherIsCloser() != reverse;
        int blockRows = Math.max(1, BLOCK_BYTES / (Float.BYTES * Math.max(1, dim)));
        boolean[] inScope = new boolean[blockRows];
        float[] scores = new float[ScoreKernel.QUERIES];
        for (int block = from; block < to; block += blockRows) {
            int blockEnd = Math.min(to, block + blockRows);
            for (int i = block; i < blockEnd; i++) {
                inScope[i - block] = restriction == null
                        || restriction.ids().contains(restriction.bySampleId() ? sampleIds.get(i) : pks.get(i));
            }
            for (int q = 0; q < queries.length; q += ScoreKernel.QUERIES) {
                int count = Math.min(ScoreKernel.QUERIES, queries.length - q);
                for (int i = block; i < blockEnd; i++) {
                    if (!inScope[i - block]) {
                        continue;
                    }
                    metric.scores(queries, q, count, queryNorms, data, i * dim, dim, norms[i], scores);
                    for (int j = 0; j < count; j++) {
                        float score = scores[j];
                        if (threshold != null && !metric.closer(score, threshold)) {
                            continue;
                        }
                        PriorityQueue<Hit> heap = heaps.get(q + j);
                        if (heap.size() == limit) {
                            // most rows lose to the worst kept: decide on the score before building a hit
                            Hit worst = heap.peek();
                            int byScore = higherFirst ? Double.compare(worst.score(), score)
                                    : Double.compare(score, worst.score());
                            if (byScore > 0 || byScore == 0 && pks.get(i).compareTo(worst.id()) >= 0) {
                                continue;
                            }
                            heap.poll();
                        }
                        heap.add(new Hit(sampleIds.get(i), pks.get(i), score));
                    }
                }
            }
        }
        List<List<Hit>> tops = new ArrayList<>(queries.length);
        heaps.forEach(heap -> tops.add(new ArrayList<>(heap)));
        return tops;
    }

    @Override
    public synchronized long count() {
        return pks.size();
    }

    @Override
    public synchronized void drop() throws IOException {
        store.deleteIndexRows(dataset, key);
        rowOf.clear();
        pks.clear();
        sampleIds.clear();
        data = new float[0];
        norms = new float[0];
        dim = 0;
    }

    @Override
    public void close() {
    }
}
