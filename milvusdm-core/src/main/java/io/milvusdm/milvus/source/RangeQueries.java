package io.milvusdm.milvus.source;

import io.milvus.grpc.FieldData;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.QueryRequest;
import io.milvus.grpc.QueryResults;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvusdm.milvus.MilvusConnection;
import io.milvusdm.milvus.MilvusOperationException;

import java.util.Objects;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The three queries a source sends, all limited to one partition and one key range, all with Strong consistency:
 * count(*), one key, and a page of rows. Counts are remembered, so that cutting splits again (another split size)
 * asks the server only about new ranges. Thread-safe.
 */
final class RangeQueries {

    private final MilvusConnection connection;
    private final SourceCollection collection;
    private final Map<String, Long> counts = new ConcurrentHashMap<>();

    /** The user's filter, a Milvus boolean expression, or null: every query keeps only the rows it selects. */
    private final String rowFilter;

    RangeQueries(MilvusConnection connection, SourceCollection collection, String rowFilter) {
        this.connection = connection;
        this.collection = collection;
        this.rowFilter = rowFilter == null || rowFilter.isBlank() ? null : rowFilter;
    }

    /** The range's filter, and the user's: {@code (range) and (filter)}. */
    private String filter(KeyRange range) {
        String keys = range.filter(collection.keyField());
        return rowFilter == null ? keys : "(" + keys + ") and (" + rowFilter + ")";
    }

    /**
     * count(*) of the range, always with a filter: Milvus Lite 3.2.2 answers an empty filter with the whole
     * collection's count, ignoring the partition (milvus_lite/adapter/grpc/servicer.py, Query).
     */
    long count(String partition, KeyRange range) throws IOException {
        String filter = filter(range);
        Long known = counts.get(partition + "\n" + filter);
        if (known != null) {
            return known;
        }
        String title = "Count rows of " + where(partition, range);
        if (connection.isLite()) {
            long keys = countKeys(title, partition, filter);
            counts.put(partition + "\n" + filter, keys);
            return keys;
        }
        QueryResp response = connection.call(title, client -> client.query(query(partition, filter)
                .outputFields(List.of("count(*)")).build()));
        Object value = response.getQueryResults().isEmpty() ? null
                : response.getQueryResults().get(0).getEntity().get("count(*)");
        if (!(value instanceof Number number)) {
            throw new MilvusOperationException(title, MilvusOperationException.Kind.CLIENT,
                    "the server answered without a count");
        }
        counts.put(partition + "\n" + filter, number.longValue());
        return number.longValue();
    }

    /**
     * The rows of a range counted by their keys. Milvus Lite 3.2.2 answers a filtered count(*) by materializing
     * every matching row with all its fields (vectors included) and taking the length; returning the keys only
     * costs it about half as much. Lite has no cap on a query's limit.
     */
    private long countKeys(String title, String partition, String filter) throws IOException {
        FieldData keys = keyColumn(title, partition, filter);
        return keys.getScalars().hasLongData() ? keys.getScalars().getLongData().getDataCount()
                : keys.getScalars().getStringData().getDataCount();
    }

    /**
     * The first {@code limit} keys of the range in key order, on Milvus Lite only: an iterator query, which Lite
     * answers sorted by primary key (pymilvus's {@code query_iterator} depends on it), materializing only the rows
     * it returns. So a partition's keys can be read a chunk at a time, each chunk starting at the last key of the
     * chunk before, and no answer holds more than {@code limit} keys. Decoded by {@code decoder}; an answer over
     * {@code inboundBytes} fails ({@link io.milvusdm.milvus.MilvusOperationException#isMessageTooLarge()}).
     */
    KeyChunkDecoder.Chunk keysInOrder(String partition, KeyRange range, long limit, KeyChunkDecoder decoder,
                                      int inboundBytes) throws IOException {
        QueryRequest request = keyQuery(partition, filter(range), limit, true);
        return connection.rpc("Read the first " + limit + " keys of " + where(partition, range), decoder.method(),
                request, KeyChunkDecoder.Chunk::status, inboundBytes);
    }

    private FieldData keyColumn(String title, String partition, String filter) throws IOException {
        QueryRequest request = keyQuery(partition, filter, Integer.MAX_VALUE, false);
        List<FieldData> fields = connection.rpc(title, stub -> stub.query(request), QueryResults::getStatus)
                .getFieldsDataList();
        return fields.stream().filter(f -> f.getFieldName().equals(collection.keyField())).findFirst()
                .orElse(FieldData.getDefaultInstance());
    }

    /** A query for the keys of {@code partition} that {@code filter} selects, at most {@code limit}. */
    private QueryRequest keyQuery(String partition, String filter, long limit, boolean keyOrder) {
        QueryRequest.Builder request = QueryRequest.newBuilder().setCollectionName(collection.name())
                .setDbName(Objects.requireNonNullElse(connection.dbName(), ""))
                .addPartitionNames(partition).setExpr(filter).addOutputFields(collection.keyField())
                .addQueryParams(KeyValuePair.newBuilder().setKey("limit").setValue(Long.toString(limit)))
                .setConsistencyLevel(io.milvus.grpc.ConsistencyLevel.Strong);
        if (keyOrder) {
            request.addQueryParams(KeyValuePair.newBuilder().setKey("iterator").setValue("True"));
        }
        return request.build();
    }

    /** count(*) of the whole collection, every partition, with no filter: what a user sees. */
    long countAll() throws IOException {
        String title = "Count rows of collection '" + collection.name() + "'";
        QueryReq.QueryReqBuilder query = QueryReq.builder().collectionName(collection.name())
                .outputFields(List.of("count(*)")).consistencyLevel(ConsistencyLevel.STRONG);
        if (rowFilter != null) {
            query.filter(rowFilter);
        }
        QueryResp response = connection.call(title, client -> client.query(query.build()));
        return ((Number) response.getQueryResults().get(0).getEntity().get("count(*)")).longValue();
    }

    /** Some key of the range, or null when it is empty. */
    Object anyKey(String partition, KeyRange range) throws IOException {
        QueryResp response = connection.call("Find a key in " + where(partition, range),
                client -> client.query(query(partition, filter(range))
                        .outputFields(List.of(collection.keyField())).limit(1).build()));
        return response.getQueryResults().isEmpty() ? null
                : response.getQueryResults().get(0).getEntity().get(collection.keyField());
    }

    /**
     * The rows of the range, at most {@code limit}, column-wise as the server sends them: key, vector and the
     * other fields read, float vectors decoded into arrays from {@code floats} ({@link QueryPageDecoder}). Sent
     * through a gRPC method of our own: the SDK would turn the columns into a map per row.
     */
    QueryPage page(String partition, KeyRange range, long limit, QueryPageDecoder.FloatArrays floats) throws IOException {
        return page("Read " + where(partition, range), partition, filter(range), limit, floats);
    }

    /**
     * Milvus Lite: the rows of a page by its keys ({@code keysFilter}, a {@code key in [...]} filter that Lite
     * answers by looking the keys up, reading no other row); the user's filter chose the keys already, and is
     * not added, so that the form stays the one Lite looks up.
     */
    QueryPage pageByKeys(String partition, KeyRange range, long count, String keysFilter, QueryPageDecoder.FloatArrays floats)
            throws IOException {
        return page("Read the " + count + " keys of " + where(partition, range), partition, keysFilter, count + 1,
                floats);
    }

    private QueryPage page(String title, String partition, String expression, long limit, QueryPageDecoder.FloatArrays floats)
            throws IOException {
        QueryRequest request = QueryRequest.newBuilder().setCollectionName(collection.name())
                .setDbName(Objects.requireNonNullElse(connection.dbName(), ""))
                .addPartitionNames(partition).setExpr(expression)
                .addAllOutputFields(collection.outputFields())
                .addQueryParams(KeyValuePair.newBuilder().setKey("limit").setValue(Long.toString(limit)))
                .setConsistencyLevel(io.milvus.grpc.ConsistencyLevel.Strong).build();
        return connection.rpc(title, new QueryPageDecoder(floats).method(), request, QueryPage::status);
    }

    /** count(*) of the range asked again, bypassing what is remembered: has the range changed? */
    long recount(String partition, KeyRange range) throws IOException {
        counts.remove(partition + "\n" + filter(range));
        return count(partition, range);
    }

    private QueryReq.QueryReqBuilder query(String partition, String filter) {
        return QueryReq.builder().collectionName(collection.name()).partitionNames(List.of(partition)).filter(filter)
                .consistencyLevel(ConsistencyLevel.STRONG);
    }

    String keyField() {
        return collection.keyField();
    }

    String where(String partition, KeyRange range) {
        return "collection '" + collection.name() + "' partition '" + partition + "' keys " + range.describe();
    }
}
