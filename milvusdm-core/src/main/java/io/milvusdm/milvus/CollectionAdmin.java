package io.milvusdm.milvus;

import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.collection.request.ReleaseCollectionReq;
import io.milvus.v2.service.index.request.CreateIndexReq;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.request.ListIndexesReq;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import io.milvus.v2.service.partition.request.CreatePartitionReq;
import io.milvus.v2.service.partition.request.DropPartitionReq;
import io.milvus.v2.service.partition.request.HasPartitionReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvusdm.milvus.source.FilterExpressions;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.ScalarType;
import io.milvusdm.pipeline.Timestamptz;
import io.milvusdm.pipeline.VectorType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.milvus.grpc.CreateIndexRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The DDL and counting a sink does on one collection, each call titled and retried by the connection. */
final class CollectionAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(CollectionAdmin.class);
    private static final long WAIT_MS = 120_000;
    private static final long POLL_MS = 200;
    /** Keys in one delete by key: a filter of a few tens of KB. */
    static final int KEYS_PER_DELETE = 1000;

    private final MilvusConnection connection;
    private final String collection;
    private final String vectorField;

    CollectionAdmin(MilvusConnection connection, String collection) {
        this(connection, collection, CollectionSpec.VECTOR_FIELD);
    }

    /** @param vectorField the field {@link #createIndex} indexes */
    CollectionAdmin(MilvusConnection connection, String collection, String vectorField) {
        this.connection = connection;
        this.collection = collection;
        this.vectorField = vectorField;
    }

    boolean exists() throws MilvusOperationException {
        return connection.call("Check whether collection '" + collection + "' exists",
                client -> client.hasCollection(HasCollectionReq.builder().collectionName(collection).build()));
    }

    boolean partitionExists(String partition) throws MilvusOperationException {
        return connection.call("Check whether partition '" + partition + "' of collection '" + collection + "' exists",
                client -> client.hasPartition(HasPartitionReq.builder().collectionName(collection)
                        .partitionName(partition).build()));
    }

    /**
     * Creates the collection MilvusDM would: {@code id} primary key and {@code embedding} (or the names the job
     * gives); then the source's scalar fields as it declares them (type, nullability, default value, VARCHAR max
     * length, ARRAY element type and capacity) and its other vector fields (type, dimension, nullability); the
     * dynamic field when the source has one ({@code $meta}), else none.
     */
    void create(CollectionSpec spec) throws MilvusOperationException {
        boolean dynamic = spec.scalarFields().stream().anyMatch(ScalarField::isDynamic);
        CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder()
                .enableDynamicField(dynamic).build();
        AddFieldReq.AddFieldReqBuilder key = AddFieldReq.builder().fieldName(spec.keyField())
                .isPrimaryKey(true).autoID(spec.autoId());
        if (spec.keyKind() == KeyKind.VARCHAR) {
            key.dataType(DataType.VarChar).maxLength(CollectionSpec.VARCHAR_KEY_MAX_LENGTH);
        } else {
            key.dataType(DataType.Int64);
        }
        schema.addField(key.build());
        schema.addField(AddFieldReq.builder().fieldName(spec.vectorField()).dataType(dataType(spec.vectorType()))
                .dimension(spec.dimension()).build());
        for (ScalarField field : spec.scalarFields()) {
            if (!field.isDynamic()) {
                schema.addField(scalarField(field));
            }
        }
        CreateCollectionReq.CreateCollectionReqBuilder request = CreateCollectionReq.builder()
                .collectionName(collection).collectionSchema(schema).enableDynamicField(dynamic)
                .consistencyLevel(ConsistencyLevel.BOUNDED);
        if (spec.shardsNum() != null) {
            request.numShards(spec.shardsNum());
        }
        connection.call("Create collection '" + collection + "' (" + spec.describe() + ")", client -> {
            client.createCollection(request.build());
            return null;
        });
    }

    void drop() throws MilvusOperationException {
        connection.call("Drop collection '" + collection + "'", client -> {
            client.dropCollection(DropCollectionReq.builder().collectionName(collection).build());
            return null;
        });
        // MilvusDM waits here too: a drop that returned may still be visible for a moment on a cluster
        waitUntil("Wait for collection '" + collection + "' to be dropped", () -> !exists());
    }

    void createPartition(String partition) throws MilvusOperationException {
        connection.call("Create partition '" + partition + "' in collection '" + collection + "'", client -> {
            client.createPartition(CreatePartitionReq.builder().collectionName(collection).partitionName(partition).build());
            return null;
        });
    }

    /** Drops a partition; Milvus refuses to drop a loaded one, so the collection is released first. */
    void dropPartition(String partition) throws MilvusOperationException {
        if (isLoaded()) {
            connection.call("Release collection '" + collection + "'", client -> {
                client.releaseCollection(ReleaseCollectionReq.builder().collectionName(collection).build());
                return null;
            });
        }
        connection.call("Drop partition '" + partition + "' of collection '" + collection + "'", client -> {
            client.dropPartition(DropPartitionReq.builder().collectionName(collection).partitionName(partition).build());
            return null;
        });
        waitUntil("Wait for partition '" + partition + "' to be dropped", () -> !partitionExists(partition));
    }

    /**
     * Creates the vector index. {@code sync(false)}: with sync the SDK (since 2.5.6) calls AllocTimestamp, which
     * Milvus Lite 3.x lacks; {@link #awaitIndex} polls instead.
     */
    void createIndex(IndexSpec index, String metric) throws MilvusOperationException {
        createIndex(vectorField, index, metric);
    }

    /** Creates the index of vector field {@code field}, as {@link #createIndex(IndexSpec, String)}. */
    void createIndex(String field, IndexSpec index, String metric) throws MilvusOperationException {
        IndexParam param = IndexParam.builder().fieldName(field)
                .indexType(IndexParam.IndexType.valueOf(index.indexType().toUpperCase(Locale.ROOT)))
                .metricType(IndexParam.MetricType.valueOf(metric))
                .extraParams(Map.copyOf(index.params()))
                .build();
        connection.call("Create index " + index.indexType() + " (metric " + metric + ") on field '" + field
                        + "' of collection '" + collection + "'",
                client -> {
                    client.createIndex(CreateIndexReq.builder().collectionName(collection).indexParams(List.of(param))
                            .sync(false).build());
                    return null;
                });
    }

    /** Waits until every index of the collection has indexed every row, or fails naming the server's reason. */
    void awaitIndex() throws MilvusOperationException {
        String title = "Build the index of collection '" + collection + "'";
        waitUntil(title, () -> {
            List<String> indexes = connection.call("List indexes of collection '" + collection + "'",
                    client -> client.listIndexes(ListIndexesReq.builder().collectionName(collection).build()));
            if (indexes.isEmpty()) {
                return true;
            }
            for (DescribeIndexResp.IndexDesc desc : connection.call("Describe the indexes of collection '" + collection + "'",
                    client -> client.describeIndex(DescribeIndexReq.builder().collectionName(collection).build()))
                    .getIndexDescriptions()) {
                String state = String.valueOf(desc.getIndexState());
                if (state.equals("Failed")) {
                    throw new MilvusOperationException(title, MilvusOperationException.Kind.SERVER,
                            "the server says: " + desc.getIndexFailedReason());
                }
                if (!state.equals("Finished") || desc.getPendingIndexRows() > 0) {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * Creates the collection as {@code template} describes it, in the connection's database, then every index the
     * template has. The indexes come before any row: Milvus loads no collection without an index on each vector
     * field, counting needs it loaded, and on an empty collection the build costs nothing; the server then indexes
     * segments as they fill, and {@link #awaitIndex} waits for the last ones.
     */
    void createFromTemplate(CollectionTemplate template) throws MilvusOperationException {
        String db = connection.dbName();
        connection.rpc("Create collection '" + collection + "' (" + template.describeFields() + ")",
                stub -> stub.createCollection(template.createRequest(db, collection)), status -> status);
        for (CreateIndexRequest request : template.indexRequests(db, collection)) {
            connection.rpc("Create index '" + request.getIndexName() + "' on field '" + request.getFieldName()
                    + "' of collection '" + collection + "'", stub -> stub.createIndex(request), status -> status);
        }
    }

    boolean isLoaded() throws MilvusOperationException {
        return connection.call("Get the load state of collection '" + collection + "'",
                client -> client.getLoadState(GetLoadStateReq.builder().collectionName(collection).build()));
    }

    void load() throws MilvusOperationException {
        connection.call("Load collection '" + collection + "'", client -> {
            client.loadCollection(LoadCollectionReq.builder().collectionName(collection).timeout(WAIT_MS).build());
            return null;
        });
    }

    void flush() throws MilvusOperationException {
        connection.call("Flush collection '" + collection + "'", client -> {
            client.flush(FlushReq.builder().collectionNames(List.of(collection)).build());
            return null;
        });
    }

    /**
     * Deletes every row of the collection, or of one partition, with a filter every key passes
     * ({@link FilterExpressions#int64Range}, {@link FilterExpressions#varcharRange}).
     *
     * <p>Milvus Lite 3.2.2 deletes the matching rows of every partition whatever partition a delete names (seen in
     * MigrateResumeAfterKillIT: a delete in {@code p1} emptied {@code _default} too), while its queries do keep to
     * theirs. On Lite a partition's rows are therefore deleted by key: its keys are queried, then deleted
     * {@value #KEYS_PER_DELETE} at a time. Lite has no cap on a query's rows, so one query returns them all.
     */
    void deleteAll(String partition, String key, KeyKind keyKind) throws MilvusOperationException {
        String title = "Delete every row of " + (partition == null ? "" : "partition '" + partition + "' of ")
                + "collection '" + collection + "'";
        String everything = keyKind == KeyKind.VARCHAR ? FilterExpressions.varcharRange(key, "", null)
                : FilterExpressions.int64Range(key, Long.MIN_VALUE, Long.MAX_VALUE);
        if (partition == null || !connection.isLite()) {
            DeleteReq.DeleteReqBuilder request = DeleteReq.builder().collectionName(collection).filter(everything);
            if (partition != null) {
                request.partitionName(partition);
            }
            connection.call(title, client -> client.delete(request.build()));
            return;
        }
        long rows = count(partition, key, keyKind);
        QueryResp keys = connection.call(title + ": read its keys", client -> client.query(QueryReq.builder()
                .collectionName(collection).partitionNames(List.of(partition)).filter(everything)
                .outputFields(List.of(key)).limit(rows + 1).consistencyLevel(ConsistencyLevel.STRONG).build()));
        List<String> literals = keys.getQueryResults().stream().map(row -> row.getEntity().get(key))
                .map(value -> value instanceof String text ? FilterExpressions.quote(text) : String.valueOf(value))
                .toList();
        for (int from = 0; from < literals.size(); from += KEYS_PER_DELETE) {
            String filter = FilterExpressions.field(key) + " in ["
                    + String.join(",", literals.subList(from, Math.min(literals.size(), from + KEYS_PER_DELETE))) + "]";
            connection.call(title, client -> client.delete(DeleteReq.builder().collectionName(collection)
                    .filter(filter).build()));
        }
    }

    /**
     * The rows the collection (or one partition) holds now: {@code count(*)} with Strong consistency.
     *
     * <p>Milvus Lite 3.2.2 answers a {@code count(*)} with an empty filter from the whole collection's row count and
     * ignores the partition names (milvus_lite/adapter/grpc/servicer.py, Query); a filter that every key passes
     * makes it count the partition.
     */
    long count(String partition, String key, KeyKind keyKind) throws MilvusOperationException {
        String title = "Count rows of " + (partition == null ? "" : "partition '" + partition + "' of ")
                + "collection '" + collection + "'";
        QueryReq.QueryReqBuilder query = QueryReq.builder().collectionName(collection)
                .outputFields(List.of("count(*)")).consistencyLevel(ConsistencyLevel.STRONG);
        if (partition != null) {
            query.partitionNames(List.of(partition));
            if (connection.isLite()) {
                query.filter(keyKind == KeyKind.VARCHAR ? key + " >= \"\"" : key + " >= 0 or " + key + " < 0");
            }
        }
        QueryResp response = connection.call(title, client -> client.query(query.build()));
        Object value = response.getQueryResults().get(0).getEntity().get("count(*)");
        if (!(value instanceof Number number)) {
            throw new MilvusOperationException(title, MilvusOperationException.Kind.CLIENT,
                    "the server answered " + response.getQueryResults() + " instead of a count");
        }
        return number.longValue();
    }

    /** Polls {@code done} until it holds or {@link #WAIT_MS} passed. */
    private void waitUntil(String title, Check done) throws MilvusOperationException {
        long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
        while (!done.holds()) {
            if (System.nanoTime() > deadline) {
                throw new MilvusOperationException(title, MilvusOperationException.Kind.TRANSIENT,
                        "not done after " + WAIT_MS / 1000 + " s");
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MilvusOperationException(title, MilvusOperationException.Kind.CLIENT, "interrupted");
            }
        }
        LOG.debug("{}: done", title);
    }

    private static AddFieldReq scalarField(ScalarField field) {
        if (field.isTypedVector()) {
            AddFieldReq.AddFieldReqBuilder<?> vector = AddFieldReq.builder().fieldName(field.name())
                    .dataType(ScalarTypes.sdkVector(field.vector().type()));
            if (field.nullable()) {
                vector.isNullable(true);
            }
            if (!field.vector().type().isSparse()) {
                vector.dimension(field.vector().dimension());
            }
            return vector.build();
        }
        AddFieldReq.AddFieldReqBuilder<?> builder = AddFieldReq.builder().fieldName(field.name())
                .isNullable(field.nullable()).dataType(sdkType(field.type()));
        if (field.type() == ScalarType.VARCHAR) {
            builder.maxLength(field.maxLength());
        } else if (field.type() == ScalarType.ARRAY) {
            builder.elementType(sdkType(field.elementType())).maxCapacity(field.maxCapacity());
            if (field.elementType() == ScalarType.VARCHAR) {
                builder.maxLength(field.maxLength());
            }
        }
        if (field.defaultValue() != null) {
            builder.defaultValue(sdkDefault(field));
        }
        return builder.build();
    }

    private static DataType sdkType(ScalarType type) {
        DataType sdk = ScalarTypes.sdk(type);
        if (sdk == null) {
            throw new IllegalArgumentException(type + " fields are created from a collection template only"
                    + " (Milvus to Milvus)");
        }
        return sdk;
    }

    /** The default value as the Java type the SDK converts for the field's type (ParamUtils.objectToValueField). */
    private static Object sdkDefault(ScalarField field) {
        Object value = field.defaultValue();
        return switch (field.type()) {
            case INT8, INT16 -> (short) (long) (Long) value;
            case INT32 -> (int) (long) (Long) value;
            case FLOAT -> (float) (double) (Double) value;
            case TIMESTAMPTZ -> Timestamptz.isoUtc((Long) value);
            case JSON -> com.google.gson.JsonParser.parseString((String) value);
            default -> value;
        };
    }

    private static DataType dataType(VectorType type) {
        return switch (type) {
            case FLOAT_VECTOR -> DataType.FloatVector;
            case BINARY_VECTOR -> DataType.BinaryVector;
            case FLOAT16_VECTOR -> DataType.Float16Vector;
            case BFLOAT16_VECTOR -> DataType.BFloat16Vector;
            case NONE -> throw new IllegalArgumentException("a collection without vectors is created from a "
                    + "collection template only (Milvus to Milvus)");
        };
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws MilvusOperationException;
    }
}
