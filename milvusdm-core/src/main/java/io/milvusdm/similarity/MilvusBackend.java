package io.milvusdm.similarity;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.collection.response.DescribeCollectionResp;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.request.data.BaseVector;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvus.v2.service.vector.response.SearchResp;
import io.milvusdm.milvus.MilvusConnection;
import io.milvusdm.similarity.store.SimilarityStore.IndexRow;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An index in a Milvus collection with FiftyOne's schema ({@code pk} VARCHAR primary key holding the sample id,
 * or the label id in a patch index; {@code vector} FLOAT_VECTOR; {@code sample_id} VARCHAR), so collections are
 * interchangeable with FiftyOne's (the index type is not part of that: ours defaults to an exact FLAT, see
 * {@link SimilarityOptions.Builder#indexType}). Unlike FiftyOne it writes with upsert (no duplicate keys), never
 * flushes per call (Milvus rate-limits flush), reads existence and counts with Strong consistency, sends the
 * search parameters where the server reads them (on HNSW with ef >= k, {@value #DEFAULT_EF} unless given), and
 * pages past the topK limit with range searches.
 */
final class MilvusBackend implements VectorBackend {

    static final String PK = "pk";
    static final String VECTOR = "vector";
    static final String SAMPLE_ID = "sample_id";
    static final int MAX_ID_LENGTH = 64_000;
    /** Upsert requests stay well below the servers' 64 MB message limit. */
    private static final int UPSERT_BYTES = 8 << 20;
    /** HNSW search breadth when the search parameters give none (raised to the hits asked for). */
    static final int DEFAULT_EF = 128;
    /** Queries a search request carries at most: well under the server's nq cap (16384) and message size. */
    static final int MAX_NQ = 64;
    /** The first page a query of a batch asks for; few ask more (a range search of near-duplicates finds few). */
    static final int BATCH_PAGE = 512;

    private final MilvusConnection connection;
    private final String collection;
    private final String consistencyLevel;
    /** The index of a new collection; an existing collection's own index replaces it in {@link #attach}. */
    private String indexType;
    private Map<String, Object> indexParams;
    private final Map<String, Object> searchParams;
    private final int pageSize;
    private Metric metric;
    private int dim;
    private boolean exists;

    private MilvusBackend(MilvusConnection connection, String collection, Metric metric, String consistencyLevel,
                          String indexType, Map<String, Object> indexParams, Map<String, Object> searchParams,
                          int pageSize) {
        this.connection = connection;
        this.collection = collection;
        this.metric = metric;
        this.consistencyLevel = consistencyLevel;
        this.indexType = indexType;
        this.indexParams = indexParams;
        this.searchParams = searchParams;
        this.pageSize = pageSize;
    }

    /**
     * The collection's backend; an existing collection is loaded and its dimension and index metric read (they win
     * over {@code metric}), a missing one is created on the first upsert.
     */
    static MilvusBackend open(MilvusConnection connection, String collection, Metric metric, String consistencyLevel,
                              String indexType, Map<String, Object> indexParams, Map<String, Object> searchParams,
                              int pageSize) throws IOException {
        MilvusBackend backend = new MilvusBackend(connection, collection, metric, consistencyLevel, indexType,
                indexParams, searchParams, pageSize);
        backend.attach();
        return backend;
    }

    static boolean collectionExists(MilvusConnection connection, String collection) throws IOException {
        return connection.call("Check collection '" + collection + "'",
                c -> c.hasCollection(HasCollectionReq.builder().collectionName(collection).build()));
    }

    private void attach() throws IOException {
        exists = collectionExists(connection, collection);
        if (!exists) {
            return;
        }
        DescribeCollectionResp description = connection.call("Describe collection '" + collection + "'",
                c -> c.describeCollection(DescribeCollectionReq.builder().collectionName(collection).build()));
        var schema = description.getCollectionSchema();
        for (String field : List.of(PK, VECTOR, SAMPLE_ID)) {
            if (schema.getField(field) == null) {
                throw new IllegalArgumentException("Collection '" + collection + "' has no field '" + field
                        + "': a similarity collection has fields pk (VARCHAR key), vector (FLOAT_VECTOR) and"
                        + " sample_id (VARCHAR); found " + description.getFieldNames());
            }
        }
        if (schema.getField(VECTOR).getDataType() != DataType.FloatVector) {
            throw new IllegalArgumentException("Collection '" + collection + "': field 'vector' is "
                    + schema.getField(VECTOR).getDataType() + ", expected FloatVector");
        }
        dim = schema.getField(VECTOR).getDimension();
        DescribeIndexResp indexes = connection.call("Describe the index of collection '" + collection + "'",
                c -> c.describeIndex(DescribeIndexReq.builder().collectionName(collection).fieldName(VECTOR).build()));
        if (!indexes.getIndexDescriptions().isEmpty()) {
            var index = indexes.getIndexDescriptions().get(0);
            metric = Metric.parse(index.getMetricType().name());
            indexType = index.getIndexType() == null ? null : index.getIndexType().name();
            indexParams = buildParams(index.getExtraParams());
        }
        connection.call("Load collection '" + collection + "'",
                c -> {
                    c.loadCollection(LoadCollectionReq.builder().collectionName(collection).build());
                    return null;
                });
    }

    String collection() {
        return collection;
    }

    /** The index type of the collection (of a new one: the one it will get), null for none. */
    String indexType() {
        return indexType;
    }

    Map<String, Object> indexParams() {
        return indexParams;
    }

    /**
     * An index description's build parameters ({@code M}, {@code nlist}, ...), numbers as numbers. Milvus 2.3
     * lists them; Milvus Lite 3.2.2 describes none, so an attached Lite collection records no parameters.
     */
    static Map<String, Object> buildParams(Map<String, String> described) {
        Map<String, Object> params = new LinkedHashMap<>();
        if (described != null) {
            described.forEach((name, value) -> {
                if (!name.equals("metric_type") && !name.equals("index_type") && !name.equals("params")) {
                    params.put(name, number(value));
                }
            });
        }
        return params;
    }

    private static Object number(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException notLong) {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException notDouble) {
                return value;
            }
        }
    }

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public Metric metric() {
        return metric;
    }

    private void create(int dimension) throws IOException {
        CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().build();
        schema.addField(AddFieldReq.builder().fieldName(PK).dataType(DataType.VarChar).maxLength(MAX_ID_LENGTH)
                .isPrimaryKey(true).autoID(false).build());
        schema.addField(AddFieldReq.builder().fieldName(VECTOR).dataType(DataType.FloatVector).dimension(dimension)
                .build());
        schema.addField(AddFieldReq.builder().fieldName(SAMPLE_ID).dataType(DataType.VarChar)
                .maxLength(MAX_ID_LENGTH).build());
        IndexParam index = IndexParam.builder().fieldName(VECTOR)
                .indexType(IndexParam.IndexType.valueOf(indexType.toUpperCase(Locale.ROOT)))
                .metricType(IndexParam.MetricType.valueOf(metric.milvusName()))
                .extraParams(new HashMap<>(indexParams)).build();
        // with index params the SDK creates the index without waiting (no AllocTimestamp, which Lite lacks) and loads
        connection.call("Create collection '" + collection + "'", c -> {
            c.createCollection(CreateCollectionReq.builder().collectionName(collection).collectionSchema(schema)
                    .enableDynamicField(false).indexParams(List.of(index))
                    .consistencyLevel(consistency(consistencyLevel)).build());
            return null;
        });
        dim = dimension;
        exists = true;
    }

    static ConsistencyLevel consistency(String level) {
        for (ConsistencyLevel value : ConsistencyLevel.values()) {
            if (value.getName().equalsIgnoreCase(level) || value.name().equalsIgnoreCase(level)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown consistency level '" + level
                + "': expected Strong, Session, Bounded or Eventually");
    }

    @Override
    public Set<String> existing(Collection<String> pks) throws IOException {
        Set<String> found = new HashSet<>();
        if (!exists) {
            return found;
        }
        for (String filter : IdFilters.in(PK, pks)) {
            for (QueryResp.QueryResult row : query(filter, List.of(PK), "Look up ids")) {
                found.add((String) row.getEntity().get(PK));
            }
        }
        return found;
    }

    @Override
    public void upsert(List<IndexRow> rows) throws IOException {
        if (rows.isEmpty()) {
            return;
        }
        if (!exists) {
            create(rows.get(0).vector().length);
        }
        int rowBytes = dim * 12 + 64;
        int perRequest = Math.max(1, UPSERT_BYTES / rowBytes);
        int done = 0;
        for (List<IndexRow> batch : IdFilters.batches(rows, perRequest)) {
            List<JsonObject> data = new ArrayList<>(batch.size());
            for (IndexRow row : batch) {
                JsonObject json = new JsonObject();
                json.addProperty(PK, row.pk());
                JsonArray vector = new JsonArray(row.vector().length);
                for (float v : row.vector()) {
                    vector.add(v);
                }
                json.add(VECTOR, vector);
                json.addProperty(SAMPLE_ID, row.sampleId());
                data.add(json);
            }
            String title = "Upsert rows " + done + ".." + (done + batch.size()) + " into collection '" + collection + "'";
            connection.call(title, c -> c.upsert(UpsertReq.builder().collectionName(collection).data(data).build()));
            done += batch.size();
        }
    }

    @Override
    public void delete(Collection<String> pks) throws IOException {
        if (!exists || pks.isEmpty()) {
            return;
        }
        // by our own escaped filter: SDK 2.6.22's DeleteReq.ids failed on ids holding quotes (SimilarityMilvusIT)
        for (String filter : IdFilters.in(PK, pks)) {
            connection.call("Delete ids from collection '" + collection + "'",
                    c -> c.delete(DeleteReq.builder().collectionName(collection).filter(filter).build()));
        }
    }

    @Override
    public List<IndexRow> fetch(Collection<String> pks) throws IOException {
        return fetchWhere(PK, pks);
    }

    @Override
    public List<IndexRow> fetchBySampleIds(Collection<String> sampleIds) throws IOException {
        return fetchWhere(SAMPLE_ID, sampleIds);
    }

    private List<IndexRow> fetchWhere(String field, Collection<String> ids) throws IOException {
        List<IndexRow> rows = new ArrayList<>();
        if (!exists) {
            return rows;
        }
        for (String filter : IdFilters.in(field, ids)) {
            for (QueryResp.QueryResult result : query(filter, List.of(PK, SAMPLE_ID, VECTOR), "Read vectors")) {
                Map<String, Object> entity = result.getEntity();
                @SuppressWarnings("unchecked")
                List<Float> values = (List<Float>) entity.get(VECTOR);
                float[] vector = new float[values.size()];
                for (int i = 0; i < vector.length; i++) {
                    vector[i] = values.get(i);
                }
                rows.add(new IndexRow((String) entity.get(PK), (String) entity.get(SAMPLE_ID), vector));
            }
        }
        return rows;
    }

    private List<QueryResp.QueryResult> query(String filter, List<String> fields, String what) throws IOException {
        return connection.call(what + " in collection '" + collection + "'",
                c -> c.query(QueryReq.builder().collectionName(collection).filter(filter).outputFields(fields)
                        .consistencyLevel(ConsistencyLevel.STRONG).build()).getQueryResults());
    }

    @Override
    public List<Hit> search(float[] query, long k, boolean reverse, Restriction restriction, Double threshold)
            throws IOException {
        return searchEach(List.of(query), k, reverse, restriction, threshold).get(0);
    }

    /**
     * The queries go together, {@link #MAX_NQ} a request, each asking for a first page of at most
     * {@link #BATCH_PAGE} hits so that an answer stays small; a query whose first page comes back full is then paged
     * on its own ({@link #searchPages}).
     */
    @Override
    public List<List<Hit>> searchEach(List<float[]> queries, long k, boolean reverse, Restriction restriction,
                                      Double threshold) throws IOException {
        if (!exists || k <= 0) {
            return queries.stream().map(q -> List.<Hit>of()).toList();
        }
        List<float[]> asked = new ArrayList<>(queries.size());
        for (float[] query : queries) {
            if (query.length != dim) {
                throw new IllegalArgumentException("query has " + query.length + " dimensions, collection '"
                        + collection + "' " + dim);
            }
            asked.add(reverse ? negated(query) : query);
        }
        List<String> filters = restriction == null ? java.util.Collections.singletonList(null)
                : IdFilters.in(restriction.bySampleId() ? SAMPLE_ID : PK, restriction.ids());
        List<List<Hit>> merged = new ArrayList<>(asked.size());
        asked.forEach(q -> merged.add(new ArrayList<>()));
        int limit = (int) Math.min(asked.size() == 1 ? pageSize : Math.min(pageSize, BATCH_PAGE), k);
        Map<String, Object> params = new LinkedHashMap<>(searchParams);
        if (threshold != null) {
            params.put("radius", threshold);
        }
        for (String filter : filters) {
            for (int from = 0; from < asked.size(); from += MAX_NQ) {
                List<float[]> batch = asked.subList(from, Math.min(asked.size(), from + MAX_NQ));
                List<List<SearchResp.SearchResult>> pages = searchOnce(batch, limit, filter,
                        withEf(params, indexType, limit));
                for (int q = 0; q < batch.size(); q++) {
                    List<SearchResp.SearchResult> page = q < pages.size() ? pages.get(q) : List.of();
                    merged.get(from + q).addAll(page.size() == limit && limit < k
                            ? searchPages(batch.get(q), k, filter, threshold) : hits(page));
                }
            }
        }
        List<List<Hit>> answers = new ArrayList<>(merged.size());
        for (List<Hit> hits : merged) {
            if (reverse) {
                hits.replaceAll(h -> new Hit(h.sampleId(), h.labelId(), -h.score()));
            }
            hits.sort(metric.order(reverse));
            answers.add(hits.size() > k ? List.copyOf(hits.subList(0, (int) k)) : hits);
        }
        return answers;
    }

    /**
     * The query to send for farthest first: s(-q, x) = -s(q, x) for IP and COSINE, so the nearest to -q are the
     * farthest from q.
     */
    private float[] negated(float[] query) {
        if (!metric.higherIsCloser()) {
            throw new UnsupportedOperationException("Milvus cannot rank least similar first with metric "
                    + metric.userName() + " (collection '" + collection + "'); cosine and dotproduct can");
        }
        float[] negated = new float[query.length];
        for (int i = 0; i < query.length; i++) {
            negated[i] = -query[i];
        }
        return negated;
    }

    private static List<Hit> hits(List<SearchResp.SearchResult> page) {
        List<Hit> hits = new ArrayList<>(page.size());
        for (SearchResp.SearchResult result : page) {
            hits.add(new Hit((String) result.getEntity().get(SAMPLE_ID), (String) result.getId(), result.getScore()));
        }
        return hits;
    }

    /**
     * Up to {@code k} hits best first. Past the server's topK limit the next page is a range search from the last
     * score seen (inclusive; rows already returned at that score are skipped), so k is bounded by the collection
     * only. Milvus range bounds: COSINE/IP {@code radius < score <= range_filter}, L2
     * {@code range_filter <= distance < radius}.
     */
    private List<Hit> searchPages(float[] query, long k, String filter, Double threshold) throws IOException {
        List<Hit> hits = new ArrayList<>();
        Set<String> atBoundary = new HashSet<>();
        Float boundary = null;
        while (hits.size() < k) {
            int limit = (int) Math.min(pageSize, k - hits.size() + atBoundary.size());
            if (atBoundary.size() >= pageSize) {
                throw new IOException("Search in collection '" + collection + "': more than " + pageSize
                        + " rows score exactly " + boundary + "; cannot page past them");
            }
            Map<String, Object> params = new LinkedHashMap<>(searchParams);
            if (threshold != null) {
                params.put("radius", threshold);
            }
            if (boundary != null) {
                params.put("range_filter", (double) boundary);
                params.putIfAbsent("radius", metric.higherIsCloser() ? -Double.MAX_VALUE : Double.MAX_VALUE);
            }
            List<List<SearchResp.SearchResult>> answered = searchOnce(List.of(query), limit, filter,
                    withEf(params, indexType, limit));
            List<SearchResp.SearchResult> page = answered.isEmpty() ? List.of() : answered.get(0);
            int fresh = 0;
            for (SearchResp.SearchResult result : page) {
                String pk = (String) result.getId();
                if (boundary != null && atBoundary.contains(pk)) {
                    continue;
                }
                String sampleId = (String) result.getEntity().get(SAMPLE_ID);
                hits.add(new Hit(sampleId, pk, result.getScore()));
                fresh++;
            }
            if (page.size() < limit || fresh == 0 || hits.size() >= k) {
                break;
            }
            float last = page.get(page.size() - 1).getScore();
            if (boundary == null || last != boundary) {
                atBoundary.clear();
            }
            for (SearchResp.SearchResult result : page) {
                if (result.getScore() == last) {
                    atBoundary.add((String) result.getId());
                }
            }
            boundary = last;
        }
        return hits.size() > k ? hits.subList(0, (int) k) : hits;
    }

    /**
     * The parameters of one search asking for {@code limit} hits: on an HNSW index {@code ef} = max(limit, the
     * given ef, else {@link #DEFAULT_EF}), since HNSW needs ef >= limit (newer servers refuse less, 2.3 raises
     * it to limit) and Milvus 2.3's own default recalled no more than ef 16 on the benchmark's data. Other index
     * types get the parameters as given.
     */
    static Map<String, Object> withEf(Map<String, Object> params, String indexType, int limit) {
        if (indexType == null || !indexType.equalsIgnoreCase("HNSW")) {
            return params;
        }
        Object given = params.get("ef");
        long ef;
        if (given == null) {
            ef = DEFAULT_EF;
        } else if (given instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            ef = n.longValue();
        } else {
            throw new IllegalArgumentException("search parameter ef must be a whole number, found '" + given + "'");
        }
        Map<String, Object> sent = new LinkedHashMap<>(params);
        sent.put("ef", Math.max(limit, ef));
        return sent;
    }

    /** One search request: a page of hits for each query, in the queries' order. */
    private List<List<SearchResp.SearchResult>> searchOnce(List<float[]> queries, int limit, String filter,
                                                           Map<String, Object> params) throws IOException {
        List<BaseVector> data = new ArrayList<>(queries.size());
        queries.forEach(q -> data.add(new FloatVec(q)));
        SearchReq.SearchReqBuilder request = SearchReq.builder().collectionName(collection)
                .data(data).annsField(VECTOR).limit(limit)
                .outputFields(List.of(SAMPLE_ID)).searchParams(params);
        if (filter != null) {
            request.filter(filter);
        }
        SearchResp response = connection.call("Search collection '" + collection + "'", c -> c.search(request.build()));
        return response.getSearchResults();
    }

    @Override
    public long count() throws IOException {
        if (!exists) {
            return 0;
        }
        List<QueryResp.QueryResult> rows = connection.call("Count rows of collection '" + collection + "'",
                c -> c.query(QueryReq.builder().collectionName(collection).outputFields(List.of("count(*)"))
                        .consistencyLevel(ConsistencyLevel.STRONG).build()).getQueryResults());
        return ((Number) rows.get(0).getEntity().get("count(*)")).longValue();
    }

    @Override
    public void drop() throws IOException {
        connection.call("Drop collection '" + collection + "'", c -> {
            c.dropCollection(DropCollectionReq.builder().collectionName(collection).build());
            return null;
        });
        exists = false;
        dim = 0;
    }

    @Override
    public void close() {
        connection.close();
    }
}
