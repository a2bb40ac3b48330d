package io.milvusdm.milvus.source;

import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.partition.request.HasPartitionReq;
import io.milvus.v2.service.partition.request.ListPartitionsReq;
import io.milvusdm.milvus.CollectionTemplate;
import io.milvusdm.milvus.MilvusConnection;
import io.milvusdm.milvus.source.MilvusSplit.Page;
import io.milvusdm.pipeline.ArrayPool;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.Source;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorType;

import io.milvus.grpc.FieldSchema;
import java.util.stream.Collectors;
import java.util.Set;
import java.util.Optional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rows of a Milvus collection: primary keys (INT64 or VARCHAR, auto-id keys included), one dense vector
 * field, and the other fields {@link MilvusCollectionSourceSpec#fields()} selects: the VARCHAR and JSON fields, every
 * scalar field typed ({@link FieldDataDecoder}), or every field in Milvus's wire form. For a Milvus target a
 * collection without a dense vector field (sparse or INT8 vectors only, or text with a BM25 function) is read as
 * batches without vectors of their own ({@link io.milvusdm.pipeline.NoVectors}), every vector field among the columns.
 *
 * <h2>How rows are read</h2>
 * Never by paging through results in the order the server returns them: Milvus Lite 3.x returns query rows in
 * storage order, not sorted, so a {@code pk > last} cursor can skip rows. Instead each partition's keys are cut
 * into ranges by count(*) and bisection ({@link RangeBisection}) until each range holds at most
 * {@link #PAGE_ROWS} rows; one query per range then returns the whole range, in any order. Splits are runs of
 * adjacent ranges of one partition, and read in parallel.
 *
 * <h2>Counts</h2>
 * The pre-scan counts each partition; read whole, their counts must add up to the collection's count(*). Each
 * range's count is kept in its split, and a query that returns another count fails naming the range: the rows
 * changed while they were read. On a full Milvus, rows inserted twice with one key are counted twice by count(*)
 * but returned once by a query; such a range fails too, naming how many rows share a key
 * ({@link #duplicateKeyRows()}): the copy would be short by them, so nothing is emitted for it. Rows with one key
 * that a query does return (all of them) are emitted, and counted in {@link #duplicateKeyRows()} as well.
 *
 * <p>On Milvus Lite, where a range query or a filtered count(*) costs a pass over the whole collection, the keys
 * of each partition are read once instead, in chunks, sorted on disk and cut into pages exactly
 * ({@link LiteKeyScan}, {@link SortedKeys}); the keys also count the partition. The sorted keys stay on disk for
 * the source's life, so that cutting splits again asks the server nothing, and each page is read by naming its
 * keys ({@code key in [...]}), which Lite answers by looking them up, reading no other row. A page read so
 * returns the rows of the keys the pre-scan found: one deleted since fails the page (its count is short); one
 * inserted since, in a page's range, is not read.
 *
 * <h2>Memory</h2>
 * Bounded by {@link SourceMemory}, not by the collection: the keys in memory while they are read and sorted,
 * and the pages the readers hold, decoded ({@link PageMemory}), whatever the number of readers.
 *
 * <p>Thread-safe: {@link #open} may be called from several threads; they share one connection.
 */
public final class MilvusCollectionSource implements Source {

    /** Rows one range query returns at most: half of Milvus's offset + limit cap of 16384. */
    public static final int PAGE_ROWS = 8192;
    /** Milvus Lite: the keys one page query names at most (Lite has no cap; this bounds the filter's text). */
    public static final int LITE_PAGE_ROWS = 65_536;
    /**
     * The bytes a value whose size the schema does not fix (VARCHAR, JSON, ...) is assumed to take when splits are
     * cut (batches count real bytes).
     */
    static final int NOMINAL_SCALAR_BYTES = 64;
    /**
     * The bytes a row of a collection without a dense vector field is assumed to take at least when splits are
     * cut. With a dense vector the vector dominates a row; without one nothing in the schema bounds it (text,
     * JSON, sparse vectors), and a BM25 collection's text is whole documents, far over the nominal 64 bytes. A page
     * of such rows is at most 4,096 rows (16 MiB), whose answer reaches 256 MiB only if rows average 64 KiB; a page
     * whose rows are larger still is read in parts ({@link MilvusSplitReader}).
     */
    static final long MIN_ROW_BYTES_WITHOUT_VECTORS = 4096;

    private final MilvusConnection connection;
    private final SourceCollection collection;
    private final List<String> partitions;
    private final Map<String, Long> partitionRows;
    private final SourceSchema schema;
    private final RangeQueries queries;
    private final ArrayPool pool = new ArrayPool(16);
    private final AtomicLong duplicateRows = new AtomicLong();
    private final CollectionTemplate template;
    private final SourceMemory memory;
    private final PageMemory pageMemory;
    /** Milvus Lite only: each partition's sorted keys, read once by the pre-scan. */
    private final LiteKeys liteKeys;

    private MilvusCollectionSource(MilvusConnection connection, SourceCollection collection,
                                   Map<String, Long> partitionRows, LiteKeys liteKeys, RangeQueries queries,
                                   CollectionTemplate template, SourceMemory memory) {
        this.template = template;
        this.liteKeys = liteKeys;
        this.memory = memory;
        this.pageMemory = new PageMemory(memory.pagesInFlightBytes());
        this.connection = connection;
        this.collection = collection;
        this.partitions = List.copyOf(partitionRows.keySet());
        this.partitionRows = Map.copyOf(partitionRows);
        this.queries = queries;
        long total = partitionRows.values().stream().mapToLong(Long::longValue).sum();
        this.schema = new SourceSchema(collection.vectorType(), collection.dimension(), collection.keyKind(),
                collection.metric(), total, collection.scalarFields());
    }

    /**
     * Connects, describes the collection, loads it if needed and counts its rows (the pre-scan). Reads no row.
     *
     * @throws MilvusSourceException for an unknown collection (naming the ones there), partition or vector field,
     *     an unsupported vector type, or partition counts that do not add up to the collection's
     * @throws io.milvusdm.milvus.MilvusOperationException when the server cannot be reached or fails
     */
    public static MilvusCollectionSource open(MilvusCollectionSourceSpec spec) throws IOException {
        return open(spec, MilvusConnection.open(spec.server()), SourceMemory.defaults());
    }

    /** {@link #open(MilvusCollectionSourceSpec)} over {@code connection}, which the source closes. */
    static MilvusCollectionSource open(MilvusCollectionSourceSpec spec, MilvusConnection connection)
            throws IOException {
        return open(spec, connection, SourceMemory.defaults());
    }

    /** {@link #open(MilvusCollectionSourceSpec)} within other memory bounds. */
    static MilvusCollectionSource open(MilvusCollectionSourceSpec spec, SourceMemory memory) throws IOException {
        return open(spec, MilvusConnection.open(spec.server()), memory);
    }

    /**
     * {@link #open(MilvusCollectionSourceSpec)} over {@code connection}, which the source closes, within
     * {@code memory}.
     */
    static MilvusCollectionSource open(MilvusCollectionSourceSpec spec, MilvusConnection connection,
                                       SourceMemory memory) throws IOException {
        LiteKeys liteKeys = null;
        try {
            CollectionTemplate template = null;
            Set<String> functionOutputs = Set.of();
            if (spec.allFields()) {
                SourceCollection.requireExists(connection, spec.collection());
                template = CollectionTemplate.read(connection, spec.collection());
                functionOutputs = template.schema().getFieldsList().stream()
                        .filter(FieldSchema::getIsFunctionOutput).map(FieldSchema::getName).collect(Collectors.toSet());
            }
            SourceCollection collection = SourceCollection.describe(connection, spec.collection(), spec.vectorField(),
                    spec.fields(), functionOutputs);
            if (spec.fields() == MilvusCollectionSourceSpec.Fields.SCALARS) {
                collection = collection.withTimestamptzDefaults(CollectionTemplate.read(connection, spec.collection()));
            }
            List<String> partitions = partitions(connection, spec);
            load(connection, spec.collection());
            RangeQueries queries = new RangeQueries(connection, collection, spec.filter());
            Map<String, Long> rows = new LinkedHashMap<>();
            KeyRange whole = space(collection.keyKind()).whole();
            if (connection.isLite()) {
                liteKeys = LiteKeys.create(memory.keyDirectory(), collection.name());
            }
            for (String partition : partitions) {
                if (liteKeys != null) {
                    rows.put(partition, liteKeys.read(queries, collection, partition, memory).rows());
                } else {
                    rows.put(partition, queries.count(partition, whole));
                }
            }
            if (spec.partitions() == null) {
                reconcile(spec.collection(), rows, queries.countAll());
            }
            return new MilvusCollectionSource(connection, collection, rows, liteKeys, queries, template, memory);
        } catch (IOException | RuntimeException e) {
            try (connection; LiteKeys unused = liteKeys) {
                throw e;
            }
        }
    }

    private static List<String> partitions(MilvusConnection connection, MilvusCollectionSourceSpec spec)
            throws IOException {
        String name = spec.collection();
        List<String> existing = connection.call("List partitions of collection '" + name + "'",
                client -> client.listPartitions(ListPartitionsReq.builder().collectionName(name).build()));
        if (spec.partitions() == null) {
            return existing;
        }
        for (String partition : spec.partitions()) {
            boolean has = connection.call("Check whether partition '" + partition + "' of collection '" + name
                    + "' exists", client -> client.hasPartition(HasPartitionReq.builder().collectionName(name)
                    .partitionName(partition).build()));
            if (!has) {
                throw new MilvusSourceException("Collection '" + name + "' has no partition '" + partition
                        + "'; its partitions: " + String.join(", ", existing));
            }
        }
        return spec.partitions();
    }

    /** Queries need a loaded collection; one that is not loaded is loaded (and left loaded). */
    private static void load(MilvusConnection connection, String name) throws IOException {
        boolean loaded = connection.call("Get the load state of collection '" + name + "'",
                client -> client.getLoadState(GetLoadStateReq.builder().collectionName(name).build()));
        if (!loaded) {
            connection.call("Load collection '" + name + "'", client -> {
                client.loadCollection(LoadCollectionReq.builder().collectionName(name).build());
                return null;
            });
        }
    }

    private static void reconcile(String name, Map<String, Long> rows, long total) throws MilvusSourceException {
        long sum = rows.values().stream().mapToLong(Long::longValue).sum();
        if (sum != total) {
            throw new MilvusSourceException("Collection '" + name + "': its partitions hold " + sum + " rows "
                    + rows + ", but count(*) of the collection says " + total + "; were rows written meanwhile?");
        }
    }

    static KeySpace space(KeyKind kind) {
        return kind == KeyKind.VARCHAR ? new VarcharSpace() : new Int64Space();
    }

    /**
     * The collection as its server describes it (schema, indexes, consistency level, partition key), to create
     * the target from; present when the spec reads all fields.
     */
    public Optional<CollectionTemplate> template() {
        return Optional.ofNullable(template);
    }

    @Override
    public SourceSchema schema() {
        return schema;
    }

    /** The partitions read and the rows count(*) found in each, in the server's order. */
    public Map<String, Long> partitionRows() {
        Map<String, Long> ordered = new LinkedHashMap<>();
        partitions.forEach(p -> ordered.put(p, partitionRows.get(p)));
        return ordered;
    }

    /** The primary key field's name. */
    public String keyField() {
        return collection.keyField();
    }

    /** The name of the vector field read. */
    public String vectorField() {
        return collection.vectorField();
    }

    /** The fields not read, as "name (Type)": types milvusdm does not carry yet, and extra vector fields. */
    public List<String> skippedFields() {
        return collection.skippedFields();
    }

    /** The key and vector fields read, for messages: "id (INT64), embedding (FLOAT_VECTOR dim 24)". */
    public String describeFields() {
        StringBuilder text = new StringBuilder(collection.keyField() + " (" + collection.keyKind() + ")");
        if (collection.vectorField() != null) {
            text.append(", ").append(collection.vectorField()).append(" (").append(collection.vectorType())
                    .append(" dim ").append(collection.dimension()).append(')');
        }
        for (ScalarField field : collection.scalarFields()) {
            text.append(", ").append(field.describe());
        }
        return text.toString();
    }

    /** Rows found so far whose key another row of the same range has (see the class comment). */
    public long duplicateKeyRows() {
        return duplicateRows.get();
    }

    /**
     * Each partition's keys cut into ranges of at most {@link #PAGE_ROWS} rows ({@link #LITE_PAGE_ROWS} on Milvus
     * Lite), {@link SourceMemory#pageBytes} and {@code maxSplitBytes}, then
     * grouped into splits of at most about {@code maxSplitBytes}. Counting may take a few queries per range; counts
     * are remembered, so another split size costs little.
     *
     * @throws UncheckedIOException wrapping the server's failure, or rows that changed while counting
     */
    @Override
    public List<Split> splits(long maxSplitBytes) {
        if (maxSplitBytes <= 0) {
            throw new IllegalArgumentException("maxSplitBytes must be positive, got " + maxSplitBytes);
        }
        long rowBytes = nominalRowBytes();
        long splitRows = Math.max(1, maxSplitBytes / rowBytes);
        // Milvus caps offset + limit at 16,384; Milvus Lite reads a page by naming its keys
        long rowCap = connection.isLite() ? LITE_PAGE_ROWS : PAGE_ROWS;
        long pageRows = Math.min(Math.min(rowCap, Math.max(1, memory.pageBytes() / rowBytes)), splitRows);
        List<Split> splits = new ArrayList<>();
        try {
            for (String partition : partitions) {
                splits.addAll(group(partition, pages(partition, pageRows), splitRows));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        return splits;
    }

    private List<Page> pages(String partition, long pageRows) throws IOException {
        KeySpace space = space(collection.keyKind());
        if (liteKeys != null) {
            // the keys the pre-scan counted; each page's query is checked against its count when it is read
            return liteKeys.get(partition).cut(pageRows);
        }
        return RangeBisection.cut(space, space.whole(), partitionRows.get(partition), pageRows,
                range -> queries.count(partition, range), range -> queries.anyKey(partition, range),
                "Collection '" + collection.name() + "' partition '" + partition + "'");
    }

    private List<MilvusSplit> group(String partition, List<Page> pages, long splitRows) {
        List<MilvusSplit> splits = new ArrayList<>();
        List<Page> current = new ArrayList<>();
        long rows = 0;
        for (Page page : pages) {
            if (!current.isEmpty() && rows + page.count() > splitRows) {
                splits.add(new MilvusSplit(collection.name(), partition, current));
                current = new ArrayList<>();
                rows = 0;
            }
            current.add(page);
            rows += page.count();
        }
        if (!current.isEmpty()) {
            splits.add(new MilvusSplit(collection.name(), partition, current));
        }
        return splits;
    }

    /**
     * Vector, key and the schema's estimate for the other fields ({@link FieldWidths}), at least
     * {@link #MIN_ROW_BYTES_WITHOUT_VECTORS} without a dense vector: split sizes must not depend on which rows were
     * sampled.
     */
    private long nominalRowBytes() {
        long key = collection.keyKind() == KeyKind.INT64 ? 8 : NOMINAL_SCALAR_BYTES;
        long row = collection.vectorType().bytesPerRow(collection.dimension()) + key + collection.scalarRowBytes();
        return collection.vectorType() == VectorType.NONE ? Math.max(row, MIN_ROW_BYTES_WITHOUT_VECTORS) : row;
    }

    @Override
    public BatchReader open(Split split, long maxBatchBytes) {
        if (maxBatchBytes <= 0) {
            throw new IllegalArgumentException("maxBatchBytes must be positive, got " + maxBatchBytes);
        }
        if (!(split instanceof MilvusSplit milvus) || !milvus.collection().equals(collection.name())
                || !partitions.contains(milvus.partition())) {
            throw new IllegalArgumentException("split " + split.id() + " does not belong to this source");
        }
        return new MilvusSplitReader(milvus, queries, new BatchAssembler(collection, pool), maxBatchBytes, duplicateRows,
                pageMemory, nominalRowBytes(), liteKeys == null ? null : liteKeys.get(milvus.partition()), this::halve);
    }

    /**
     * A page whose answer turned out too large for one message, cut into pages of at most half its rows: the pages
     * were cut from the schema's estimate of a row, and the rows are larger. On Milvus Lite by the keys the pre-scan
     * holds, elsewhere by counting ({@link RangeBisection}, a few count queries).
     */
    private List<Page> halve(String partition, Page page) throws IOException {
        if (liteKeys != null) {
            return liteKeys.get(partition).cut(page, (page.count() + 1) / 2);
        }
        KeySpace space = space(collection.keyKind());
        return RangeBisection.cut(space, page.range(), page.count(), (page.count() + 1) / 2,
                range -> queries.count(partition, range), range -> queries.anyKey(partition, range),
                "Collection '" + collection.name() + "' partition '" + partition + "'");
    }

    @Override
    public void recycle(VectorBatch batch) {
        pool.recycle(batch);
    }

    /** Closes the connection and deletes the sorted keys (Milvus Lite). */
    @Override
    public void close() {
        try (connection; LiteKeys keys = liteKeys) {
            // both closed, the keys' files deleted
        } catch (IOException e) {
            throw new UncheckedIOException("deleting the sorted keys of collection '" + collection.name() + "': "
                    + e.getMessage(), e);
        }
    }
}
