package io.milvusdm.milvus.source;

import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvusdm.milvus.MilvusConnection;
import io.milvusdm.milvus.MilvusOperationException;

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

    RangeQueries(MilvusConnection connection, SourceCollection collection) {
        this.connection = connection;
        this.collection = collection;
    }

    /**
     * count(*) of the range, always with a filter: Milvus Lite 3.2.2 answers an empty filter with the whole
     * collection's count, ignoring the partition (milvus_lite/adapter/grpc/servicer.py, Query).
     */
    long count(String partition, KeyRange range) throws IOException {
        String filter = range.filter(collection.keyField());
        Long known = counts.get(partition + "\n" + filter);
        if (known != null) {
            return known;
        }
        String title = "Count rows of " + where(partition, range);
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

    /** count(*) of the whole collection, every partition, with no filter: what a user sees. */
    long countAll() throws IOException {
        String title = "Count rows of collection '" + collection.name() + "'";
        QueryResp response = connection.call(title, client -> client.query(QueryReq.builder()
                .collectionName(collection.name()).outputFields(List.of("count(*)"))
                .consistencyLevel(ConsistencyLevel.STRONG).build()));
        return ((Number) response.getQueryResults().get(0).getEntity().get("count(*)")).longValue();
    }

    /** Some key of the range, or null when it is empty. */
    Object anyKey(String partition, KeyRange range) throws IOException {
        QueryResp response = connection.call("Find a key in " + where(partition, range),
                client -> client.query(query(partition, range.filter(collection.keyField()))
                        .outputFields(List.of(collection.keyField())).limit(1).build()));
        return response.getQueryResults().isEmpty() ? null
                : response.getQueryResults().get(0).getEntity().get(collection.keyField());
    }

    /** The rows of the range, at most {@code limit}: key, vector and scalar fields. */
    List<QueryResp.QueryResult> page(String partition, KeyRange range, long limit) throws IOException {
        return connection.call("Read " + where(partition, range), client -> client.query(
                query(partition, range.filter(collection.keyField())).outputFields(collection.outputFields())
                        .limit(limit).build())).getQueryResults();
    }

    /** count(*) of the range asked again, bypassing what is remembered: has the range changed? */
    long recount(String partition, KeyRange range) throws IOException {
        counts.remove(partition + "\n" + range.filter(collection.keyField()));
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
