package io.milvusdm.job;

import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.response.DeleteResp;
import io.milvusdm.milvus.MilvusConnection;
import io.milvusdm.milvus.MilvusTarget;
import io.milvusdm.milvus.source.FilterExpressions;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.Source;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a chunk that an interrupted load started clean before it is imported again: deletes the chunk's primary
 * keys from the collection, read from its own files a batch at a time ({@code id in [...]}, at most
 * {@value #KEYS_PER_DELETE} keys a request, VARCHAR keys quoted by {@link FilterExpressions#quote}). Bulk import
 * cannot upsert, so a delete is the only way to take back rows a job may have left.
 */
final class ChunkCleaner {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkCleaner.class);
    static final int KEYS_PER_DELETE = 1000;
    private static final long BATCH_BYTES = 1L << 20;

    private ChunkCleaner() {
    }

    /**
     * @param keyField the collection's primary key, or null when the dump has no keys (then nothing can be
     *     deleted by key: bulk import is atomic per job, so a job that did not complete left no rows)
     * @param chunk the chunk's files as a source; closed here
     * @return rows the server reports deleted
     */
    static long deleteKeys(MilvusTarget server, String collection, String keyField, Source chunk)
            throws IOException {
        try (chunk) {
            if (keyField == null) {
                LOG.warn("The dump has no keys: rows of an unfinished import job into '{}' cannot be deleted by key",
                        collection);
                return 0;
            }
            String field = FilterExpressions.field(keyField);
            long deleted = 0;
            try (MilvusConnection connection = MilvusConnection.open(server)) {
                for (Split split : chunk.splits(Long.MAX_VALUE)) {
                    try (BatchReader reader = chunk.open(split, BATCH_BYTES)) {
                        for (VectorBatch batch = reader.next(); batch != null; batch = reader.next()) {
                            List<String> literals = literals(batch.keys());
                            chunk.recycle(batch);
                            for (int from = 0; from < literals.size(); from += KEYS_PER_DELETE) {
                                String filter = field + " in [" + String.join(",",
                                        literals.subList(from, Math.min(literals.size(), from + KEYS_PER_DELETE)))
                                        + "]";
                                DeleteResp response = connection.call("Delete the keys of an unfinished chunk from"
                                        + " collection '" + collection + "'", client -> client.delete(
                                                DeleteReq.builder().collectionName(collection).filter(filter).build()));
                                deleted += response.getDeleteCnt();
                            }
                        }
                    }
                }
            }
            return deleted;
        }
    }

    private static List<String> literals(PrimaryKeys keys) {
        List<String> literals = new ArrayList<>(keys.size());
        if (keys instanceof PrimaryKeys.Int64Keys ints) {
            for (long value : ints.values()) {
                literals.add(Long.toString(value));
            }
        } else if (keys instanceof PrimaryKeys.VarcharKeys strings) {
            for (String value : strings.values()) {
                literals.add(FilterExpressions.quote(value));
            }
        }
        return literals;
    }
}
