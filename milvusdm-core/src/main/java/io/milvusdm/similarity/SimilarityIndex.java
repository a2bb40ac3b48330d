package io.milvusdm.similarity;

import io.milvusdm.similarity.dataset.Dataset;
import io.milvusdm.similarity.embed.EmbeddingModel;
import io.milvusdm.similarity.store.SimilarityStore;
import io.milvusdm.similarity.store.SimilarityStore.IndexRow;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A similarity index over one dataset's samples (or the patches of one field): FiftyOne's
 * {@code SimilarityIndex}, with the same meaning on both backends. Rows are keyed by sample id, or by label id in
 * a patch index. Not thread-safe; close it to release its Milvus connection.
 */
public final class SimilarityIndex implements AutoCloseable {

    /** {@link #addToIndex} flags, FiftyOne's defaults in {@link #DEFAULT}. */
    public record AddOptions(boolean overwrite, boolean allowExisting, boolean warnExisting) {
        /** Overwrite existing rows, silently. */
        public static final AddOptions DEFAULT = new AddOptions(true, true, false);
    }

    private final SimilarityStore store;
    private final Dataset dataset;
    private final VectorBackend backend;
    private final Consumer<String> warnings;
    private final QueryEmbedder queries;
    private String key;
    private IndexConfig config;
    private VectorBackend.Restriction view;

    SimilarityIndex(SimilarityStore store, Dataset dataset, String key, IndexConfig config, VectorBackend backend,
                    EmbeddingModel model, Consumer<String> warnings) {
        this.store = store;
        this.dataset = dataset;
        this.key = key;
        this.config = config;
        this.backend = backend;
        this.warnings = warnings;
        this.queries = new QueryEmbedder(backend, key, config, model, warnings);
    }

    public String key() {
        return key;
    }

    public Dataset dataset() {
        return dataset;
    }

    public IndexConfig config() {
        return config;
    }

    public Metric metric() {
        return backend.metric();
    }

    /** Whether text prompts can be queried: the index was given a model that embeds text. */
    public boolean supportsPrompts() {
        return queries.supportsPrompts();
    }

    public boolean isPatchIndex() {
        return config.isPatchIndex();
    }

    // ---- maintaining ----

    /** Adds (or replaces) sample vectors, FiftyOne's defaults: overwrite existing rows. */
    public void addToIndex(float[][] embeddings, List<String> sampleIds) throws IOException {
        addToIndex(embeddings, sampleIds, null, AddOptions.DEFAULT);
    }

    /**
     * Adds rows keyed by {@code labelIds} in a patch index, else by {@code sampleIds}. The index never holds a key
     * twice: an existing key is replaced ({@code overwrite}) or left as it is (not {@code overwrite}); with
     * {@code allowExisting} false any existing key fails the whole call before anything is written.
     *
     * @throws IllegalArgumentException on mismatched lengths, a key given twice, a wrong dimension, existing keys
     *                                  when not allowed, or label ids for a sample index (and none for a patch index)
     */
    public void addToIndex(float[][] embeddings, List<String> sampleIds, List<String> labelIds, AddOptions options)
            throws IOException {
        if (embeddings.length != sampleIds.size()) {
            throw new IllegalArgumentException(embeddings.length + " embeddings but " + sampleIds.size()
                    + " sample ids");
        }
        List<String> pks = keysFor(sampleIds, labelIds);
        int dim = backend.dimension();
        Set<String> seen = new HashSet<>();
        List<IndexRow> rows = new ArrayList<>(embeddings.length);
        for (int i = 0; i < embeddings.length; i++) {
            float[] vector = embeddings[i];
            int expected = dim != 0 ? dim : embeddings[0].length;
            if (vector == null || vector.length != expected || expected == 0) {
                throw new IllegalArgumentException("embedding " + i + " (id '" + pks.get(i) + "') has "
                        + (vector == null ? "no" : vector.length) + " dimensions, index '" + key + "' expects " + expected);
            }
            if (!seen.add(pks.get(i))) {
                throw new IllegalArgumentException("id '" + pks.get(i) + "' is given twice; an index holds each id once");
            }
            if (pks.get(i).length() > MilvusBackend.MAX_ID_LENGTH) {
                throw new IllegalArgumentException("id at " + i + " is longer than " + MilvusBackend.MAX_ID_LENGTH);
            }
            rows.add(new IndexRow(pks.get(i), sampleIds.get(i), vector.clone()));
        }
        if (options.warnExisting() || !options.allowExisting() || !options.overwrite()) {
            Set<String> existing = backend.existing(pks);
            if (!existing.isEmpty()) {
                if (!options.allowExisting()) {
                    throw new IllegalArgumentException("Found " + existing.size() + " ids (e.g. '" + first(pks, existing)
                            + "') that already exist in index '" + key + "'");
                }
                if (options.overwrite()) {
                    if (options.warnExisting()) {
                        warnings.accept("Overwriting " + existing.size() + " ids that already exist in index '" + key + "'");
                    }
                } else {
                    if (options.warnExisting()) {
                        warnings.accept("Skipping " + existing.size() + " ids that already exist in index '" + key + "'");
                    }
                    rows.removeIf(row -> existing.contains(row.pk()));
                }
            }
        }
        backend.upsert(rows);
        if (config.dimension() == 0 && backend.dimension() != 0) {
            config = config.withDimension(backend.dimension());
            store.updateRecord(dataset.name(), key, config.toJson());
        }
    }

    private List<String> keysFor(List<String> sampleIds, List<String> labelIds) {
        if (isPatchIndex()) {
            if (labelIds == null) {
                throw new IllegalArgumentException("index '" + key + "' indexes patches of '" + config.patchesField()
                        + "': give label ids with the sample ids");
            }
            if (labelIds.size() != sampleIds.size()) {
                throw new IllegalArgumentException(labelIds.size() + " label ids but " + sampleIds.size()
                        + " sample ids");
            }
            return labelIds;
        }
        if (labelIds != null) {
            throw new IllegalArgumentException("index '" + key + "' indexes samples: it does not take label ids");
        }
        return sampleIds;
    }

    private static String first(List<String> ordered, Set<String> among) {
        return ordered.stream().filter(among::contains).findFirst().orElse("");
    }

    /**
     * Removes rows: by label id, or by sample id (in a patch index: every patch of those samples).
     *
     * @param allowMissing when false, ids not in the index fail the call before anything is removed
     * @param warnMissing report ids not in the index to the warnings
     */
    public void removeFromIndex(List<String> sampleIds, List<String> labelIds, boolean allowMissing,
                                boolean warnMissing) throws IOException {
        List<String> pks;
        Set<String> missing = new LinkedHashSet<>();
        if (labelIds != null) {
            if (!isPatchIndex()) {
                throw new IllegalArgumentException("index '" + key + "' indexes samples: it does not take label ids");
            }
            pks = labelIds;
        } else if (sampleIds == null) {
            throw new IllegalArgumentException("give sample ids or label ids to remove");
        } else if (isPatchIndex()) {
            List<IndexRow> rows = backend.fetchBySampleIds(sampleIds);
            Set<String> found = new HashSet<>();
            pks = new ArrayList<>();
            for (IndexRow row : rows) {
                found.add(row.sampleId());
                pks.add(row.pk());
            }
            sampleIds.stream().filter(id -> !found.contains(id)).forEach(missing::add);
        } else {
            pks = sampleIds;
        }
        boolean byKeys = labelIds != null || !isPatchIndex();
        if ((!allowMissing || warnMissing) && byKeys) {
            Set<String> existing = backend.existing(pks);
            pks.stream().filter(id -> !existing.contains(id)).forEach(missing::add);
        }
        if (!missing.isEmpty()) {
            if (!allowMissing) {
                throw new IllegalArgumentException("Found " + missing.size() + " ids (e.g. '" + missing.iterator().next()
                        + "') that are not in index '" + key + "'");
            }
            if (warnMissing) {
                warnings.accept("Skipping " + missing.size() + " ids that are not in index '" + key + "'");
            }
        }
        backend.delete(pks);
    }

    /**
     * Vectors by id, in the order asked. In a patch index sample ids give every indexed patch of those samples,
     * grouped by sample in the order asked, in dataset order within a sample. With no ids: every indexed item of
     * the dataset (or of the view), in dataset order.
     */
    public IndexedEmbeddings getEmbeddings(List<String> sampleIds, List<String> labelIds, boolean allowMissing,
                                           boolean warnMissing) throws IOException {
        List<IndexRow> ordered = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        if (labelIds != null) {
            if (!isPatchIndex()) {
                throw new IllegalArgumentException("index '" + key + "' indexes samples: it does not take label ids");
            }
            ordered = inOrder(labelIds, backend.fetch(labelIds), missing);
        } else if (isPatchIndex()) {
            List<String> samples = sampleIds != null ? sampleIds : scopeSampleIds();
            Map<String, List<IndexRow>> bySample = new LinkedHashMap<>();
            for (IndexRow row : backend.fetchBySampleIds(samples)) {
                bySample.computeIfAbsent(row.sampleId(), s -> new ArrayList<>()).add(row);
            }
            Map<String, Integer> patchOrder = patchOrder();
            for (String sample : samples) {
                List<IndexRow> rows = bySample.get(sample);
                if (rows == null) {
                    missing.add(sample);
                    continue;
                }
                rows.sort(Comparator.comparing((IndexRow row) -> patchOrder.getOrDefault(row.pk(), Integer.MAX_VALUE))
                        .thenComparing(IndexRow::pk));
                ordered.addAll(rows);
            }
            if (view != null && !view.bySampleId()) {
                ordered.removeIf(row -> !view.ids().contains(row.pk()));
            }
        } else {
            List<String> ids = sampleIds != null ? sampleIds : scopeSampleIds();
            ordered = inOrder(ids, backend.fetch(ids), sampleIds != null ? missing : new ArrayList<>());
        }
        if (!missing.isEmpty()) {
            if (!allowMissing) {
                throw new IllegalArgumentException("Found " + missing.size() + " ids (e.g. '" + missing.get(0)
                        + "') that are not in index '" + key + "'");
            }
            if (warnMissing) {
                warnings.accept("Skipping " + missing.size() + " ids that are not in index '" + key + "'");
            }
        }
        float[][] vectors = new float[ordered.size()][];
        List<String> samples = new ArrayList<>(ordered.size());
        List<String> labels = isPatchIndex() ? new ArrayList<>(ordered.size()) : null;
        for (int i = 0; i < vectors.length; i++) {
            IndexRow row = ordered.get(i);
            vectors[i] = row.vector();
            samples.add(row.sampleId());
            if (labels != null) {
                labels.add(row.pk());
            }
        }
        return new IndexedEmbeddings(vectors, samples, labels);
    }

    static List<IndexRow> inOrder(List<String> ids, List<IndexRow> rows, List<String> missing) {
        Map<String, IndexRow> byPk = new HashMap<>();
        rows.forEach(row -> byPk.put(row.pk(), row));
        List<IndexRow> ordered = new ArrayList<>(ids.size());
        for (String id : ids) {
            IndexRow row = byPk.get(id);
            if (row == null) {
                missing.add(id);
            } else {
                ordered.add(row);
            }
        }
        return ordered;
    }

    private Map<String, Integer> patchOrder() {
        Map<String, Integer> order = new HashMap<>();
        List<Dataset.SamplePatch> patches = dataset.patches(config.patchesField());
        for (int i = 0; i < patches.size(); i++) {
            order.put(patches.get(i).patch().id(), i);
        }
        return order;
    }

    /** The dataset's sample ids, restricted to the view's samples when a sample view is set. */
    private List<String> scopeSampleIds() {
        List<String> ids = dataset.sampleIds();
        if (view != null && (view.bySampleId() || !isPatchIndex())) {
            return ids.stream().filter(view.ids()::contains).toList();
        }
        return ids;
    }

    // ---- views ----

    /** Restricts queries, duplicates and unique to these samples (all their patches, in a patch index). */
    public void useView(Collection<String> sampleIds) {
        view = new VectorBackend.Restriction(isPatchIndex(), new HashSet<>(sampleIds));
    }

    /** Restricts queries of a patch index to these patches. */
    public void useLabelView(Collection<String> labelIds) {
        if (!isPatchIndex()) {
            throw new IllegalArgumentException("index '" + key + "' indexes samples: it has no label ids");
        }
        view = new VectorBackend.Restriction(false, new HashSet<>(labelIds));
    }

    public void clearView() {
        view = null;
    }

    // ---- querying ----

    /**
     * The {@code k} items closest to the query (all, when {@code k} is null), closest first, or farthest first when
     * {@code reverse}; ties by id. With a view, only items of the view. With {@code distField}, each hit's score is
     * also written to its sample's metadata (its patch's attributes in a patch index) in the store.
     */
    public List<Hit> sortBySimilarity(Query query, Integer k, boolean reverse, String distField) throws IOException {
        if (k != null && k < 1) {
            throw new IllegalArgumentException("k must be at least 1, found " + k);
        }
        if (distField != null) {
            SimilarityStore.checkField(distField);
        }
        float[] vector = queries.vector(query);
        List<Hit> hits = backend.search(vector, k == null ? Long.MAX_VALUE : k, reverse, view, null);
        List<Hit> out = hits.stream().map(this::asHit).toList();
        if (distField != null) {
            Map<String, Double> scores = new LinkedHashMap<>();
            out.forEach(hit -> scores.put(hit.id(), hit.score()));
            store.writeField(dataset.name(), isPatchIndex(), distField, scores);
        }
        return out;
    }

    private Hit asHit(Hit backendHit) {
        return isPatchIndex() ? backendHit : new Hit(backendHit.sampleId(), null, backendHit.score());
    }

    // ---- housekeeping ----

    /** Rows indexed now, counted exactly: deleted rows do not count (Milvus: count(*), not num_entities). */
    public long totalIndexSize() throws IOException {
        return backend.count();
    }

    /** Drops the index's vectors (the Milvus collection); the index record stays until deleted. */
    public void cleanup() throws IOException {
        backend.drop();
    }

    // ---- beyond the seed ----

    /**
     * Near-duplicates: in dataset order, each item not yet claimed is kept and claims the unclaimed items strictly
     * closer than {@code threshold} (similarity above it for cosine/dotproduct, squared distance below it for
     * euclidean). Within the view when one is set.
     */
    public Duplicates findDuplicates(double threshold) throws IOException {
        return NeighborScan.duplicates(backend, scopeIds(), this::rowsInOrder, view, threshold, this::asHit);
    }

    /**
     * The {@code count} most unique items: those whose nearest other item is farthest (lowest similarity for
     * cosine/dotproduct, largest squared distance for euclidean), most unique first, ties by id. Each hit's score
     * is its nearest neighbour's score; an item alone in the index scores NaN and comes first.
     */
    public List<Hit> findUnique(int count) throws IOException {
        return NeighborScan.unique(backend, scopeIds(), this::rowsInOrder, view, count, this::asHit);
    }

    /** The items of the dataset (or of the view), in dataset order: label ids in a patch index, else sample ids. */
    private List<String> scopeIds() {
        if (!isPatchIndex()) {
            return scopeSampleIds();
        }
        return dataset.patches(config.patchesField()).stream()
                .filter(sp -> view == null || view.ids().contains(view.bySampleId() ? sp.sample().id() : sp.patch().id()))
                .map(sp -> sp.patch().id()).toList();
    }

    /** The indexed rows of {@code ids}, in their order; ids not indexed are left out. */
    private List<IndexRow> rowsInOrder(List<String> ids) throws IOException {
        List<IndexRow> rows = new ArrayList<>(ids.size());
        for (List<String> batch : IdFilters.batches(ids, IdFilters.MAX_IDS)) {
            rows.addAll(inOrder(batch, backend.fetch(batch), new ArrayList<>()));
        }
        return rows;
    }

    @Override
    public void close() {
        backend.close();
        queries.close();
    }
}
