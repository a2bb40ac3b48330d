package io.milvusdm.milvus;

import io.milvus.grpc.MutationResult;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.WriteKind;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends batches to one collection (or partition) on the data path: encode, send, check the acknowledgement.
 * Thread-safe. Encoding runs in the caller's thread; when {@code serialize} is set only one request is on the
 * wire at a time (Milvus Lite 3.x keeps one writer per collection and allocates sequence numbers without a lock,
 * milvus_lite/engine/collection.py Collection.insert).
 */
final class MutationWriter {

    private final MilvusConnection connection;
    private final InsertRequestEncoder encoder;
    private final String target;
    private final boolean sendKeys;
    private final boolean forceUpsert;
    private final ReentrantLock lock;

    /**
     * @param sendKeys whether batches carry the keys (false for auto-id)
     * @param forceUpsert write every batch as an upsert (the upsert mode)
     * @param serialize one request at a time
     * @param job the target's fields: key, vector and the scalar fields every batch's columns fill, in order
     */
    MutationWriter(MilvusConnection connection, String collection, String partition, boolean sendKeys,
                   boolean forceUpsert, boolean serialize, CollectionSpec job) {
        this.connection = connection;
        this.encoder = new InsertRequestEncoder(connection.dbName(), collection, partition, job.keyField(),
                job.vectorField(), job.scalarFields());
        this.target = "collection '" + collection + "'" + (partition == null ? "" : " partition '" + partition + "'");
        this.sendKeys = sendKeys;
        this.forceUpsert = forceUpsert;
        this.lock = serialize ? new ReentrantLock() : null;
    }

    /**
     * Writes one batch; when this returns, the server acknowledged every row.
     *
     * <p>A retry after a lost answer (unavailable, deadline exceeded) may repeat a write the server already
     * applied. With the job's own keys the retry is therefore sent as an upsert, which makes it idempotent; with
     * auto-id nothing can, and a repeated batch shows in the final count. For the same reason an auto-id target
     * takes every batch, {@link WriteKind#UPSERT} ones included, as an insert.
     */
    void write(VectorBatch batch, WriteKind kind) throws MilvusOperationException {
        int rows = batch.rowCount();
        if (rows == 0) {
            return;
        }
        // without keys an upsert cannot replace anything (and Milvus refuses one on an auto-id collection)
        WriteKind first = !sendKeys ? WriteKind.INSERT : forceUpsert ? WriteKind.UPSERT : kind;
        String title = (first == WriteKind.UPSERT ? "Upsert into " : "Insert into ") + target + " (split "
                + batch.split().id() + ", rows " + batch.firstRow() + ".." + (batch.firstRow() + rows - 1) + ")";
        byte[] firstRequest = encoder.encode(batch, first, sendKeys);
        connection.retry(title, attempt -> {
            WriteKind thisKind = attempt > 1 && sendKeys ? WriteKind.UPSERT : first;
            byte[] request = thisKind == first ? firstRequest : encoder.encode(batch, thisKind, sendKeys);
            MutationResult result = send(thisKind, request);
            check(title, result, rows, thisKind);
            return null;
        });
    }

    private MutationResult send(WriteKind kind, byte[] request) {
        var method = kind == WriteKind.UPSERT ? MutationMethods.UPSERT : MutationMethods.INSERT;
        if (lock == null) {
            return connection.mutate(method, request);
        }
        lock.lock();
        try {
            return connection.mutate(method, request);
        } finally {
            lock.unlock();
        }
    }

    private void check(String title, MutationResult result, int rows, WriteKind kind) throws MilvusOperationException {
        MilvusErrors.check(title, result.getStatus(), connection.secrets());
        if (result.getErrIndexCount() > 0) {
            throw new MilvusOperationException(title, MilvusOperationException.Kind.SERVER, "the server rejected "
                    + result.getErrIndexCount() + " of " + rows + " rows (first at batch row " + result.getErrIndex(0) + ")");
        }
        long acknowledged = kind == WriteKind.UPSERT ? result.getUpsertCnt() : result.getInsertCnt();
        if (acknowledged != rows) {
            throw new MilvusOperationException(title, MilvusOperationException.Kind.SERVER,
                    "the server acknowledged " + acknowledged + " of " + rows + " rows");
        }
    }
}
