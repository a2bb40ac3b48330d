package io.milvusdm.milvus;

import io.milvus.grpc.MutationResult;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvusdm.bench.BenchArgs;
import io.milvusdm.bench.Json;
import io.milvusdm.format.hdf5.Hdf5Source;
import io.milvusdm.format.hdf5.Hdf5SourceSpec;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.RunOptions;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.WriteKind;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server's own ingest limit for the H2M path: the file's batches, cut as a job cuts them (same batch bytes),
 * are encoded with {@link InsertRequestEncoder} into wire bytes before the clock starts; then {@code --workers}
 * threads only send them over the raw Insert RPC, serialized on Milvus Lite as {@link MutationWriter} does, and
 * check each acknowledgement. The collection is prepared by {@link MilvusSink} in overwrite mode, exactly as the
 * job's is; that preparation (drop, create with index) and the flush and count of {@link MilvusSink#complete} are
 * timed apart, so that c can be compared with the job's summary, which counts all three. Drops the collection at the
 * end.
 *
 * <p>It lives in the core's package only to reach the encoder and the raw method descriptors, which the core
 * keeps package-private.
 *
 * <pre>RawInsertBench --uri http://127.0.0.1:19560 --file F.h5 --collection C --workers 2 --batch-bytes 8388608</pre>
 */
public final class RawInsertBench {

    private RawInsertBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = BenchArgs.parse("RawInsertBench", args);
        MilvusTarget target = MilvusTarget.of(a.string("uri"));
        Path file = Path.of(a.string("file"));
        String collection = a.string("collection");
        int workers = (int) a.number("workers", RunOptions.DEFAULT_WORKERS);
        RunOptions options = RunOptions.of(workers, a.number("batch-bytes", RunOptions.DEFAULT_BATCH_BYTES), false);
        MilvusSinkSpec spec = new MilvusSinkSpec(target, collection, null, WriteMode.OVERWRITE, "L2", null, false,
                null);
        try (Hdf5Source source = Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(file), false));
             MilvusSink sink = MilvusSink.open(spec);
             MilvusConnection connection = MilvusConnection.open(target)) {
            long prepareStart = System.nanoTime();
            sink.prepare(source.schema(), false, -1);
            double prepareSeconds = (System.nanoTime() - prepareStart) / 1e9;
            InsertRequestEncoder encoder = new InsertRequestEncoder(connection.dbName(), collection, null,
                    CollectionSpec.KEY_FIELD, CollectionSpec.VECTOR_FIELD);
            long encodeStart = System.nanoTime();
            Encoded encoded = encodeAll(source, options, encoder);
            double encodeSeconds = (System.nanoTime() - encodeStart) / 1e9;

            long sendStart = System.nanoTime();
            sendAll(connection, encoded, workers);
            double sendSeconds = (System.nanoTime() - sendStart) / 1e9;
            long completeStart = System.nanoTime();
            var completion = sink.complete(0, encoded.rows);
            double completeSeconds = (System.nanoTime() - completeStart) / 1e9;

            connection.call("Drop collection '" + collection + "'", client -> {
                client.dropCollection(DropCollectionReq.builder().collectionName(collection).build());
                return null;
            });
            new Json().put("bench", "raw-insert").put("file", file.getFileName()).put("workers", workers)
                    .put("batchBytes", options.batchBytes()).put("batches", encoded.requests.size())
                    .put("rows", encoded.rows).put("wireBytes", encoded.wireBytes)
                    .put("encodeSeconds", encodeSeconds).put("prepareSeconds", prepareSeconds)
                    .put("sendSeconds", sendSeconds)
                    .put("completeSeconds", completeSeconds)
                    .put("sendRowsPerSecond", encoded.rows / sendSeconds)
                    .put("rowsPerSecond", encoded.rows / (sendSeconds + completeSeconds))
                    .put("withPrepareRowsPerSecond", encoded.rows / (prepareSeconds + sendSeconds + completeSeconds))
                    .put("targetRows", completion.targetRows()).put("countMatches", completion.matches())
                    .put("serialized", connection.isLite()).print();
        }
    }

    private record Encoded(List<byte[]> requests, List<Integer> rowCounts, long rows, long wireBytes) {
    }

    private static Encoded encodeAll(Hdf5Source source, RunOptions options, InsertRequestEncoder encoder)
            throws Exception {
        List<byte[]> requests = new ArrayList<>();
        List<Integer> rowCounts = new ArrayList<>();
        long rows = 0;
        long wireBytes = 0;
        for (Split split : source.splits(options.splitBytes())) {
            try (BatchReader reader = source.open(split, options.batchBytes())) {
                VectorBatch batch;
                while ((batch = reader.next()) != null) {
                    byte[] request = encoder.encode(batch, WriteKind.INSERT, true);
                    requests.add(request);
                    rowCounts.add(batch.rowCount());
                    rows += batch.rowCount();
                    wireBytes += request.length;
                }
            }
        }
        return new Encoded(requests, rowCounts, rows, wireBytes);
    }

    /** Workers take requests in order from one queue, as the job's writers take batches; one RPC at a time on lite. */
    private static void sendAll(MilvusConnection connection, Encoded encoded, int workers) throws Exception {
        ConcurrentLinkedQueue<Integer> todo = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < encoded.requests.size(); i++) {
            todo.add(i);
        }
        ReentrantLock lock = connection.isLite() ? new ReentrantLock() : null;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong acknowledged = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Thread thread = new Thread(() -> {
                Integer index;
                while (failure.get() == null && (index = todo.poll()) != null) {
                    try {
                        MutationResult result = send(connection, lock, encoded.requests.get(index));
                        MilvusErrors.check("Insert batch " + index, result.getStatus(), connection.secrets());
                        if (result.getInsertCnt() != encoded.rowCounts.get(index)) {
                            throw new IllegalStateException("batch " + index + ": the server acknowledged "
                                    + result.getInsertCnt() + " of " + encoded.rowCounts.get(index) + " rows");
                        }
                        acknowledged.addAndGet(result.getInsertCnt());
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }
            }, "raw-insert-" + w);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("raw insert failed", failure.get());
        }
    }

    private static MutationResult send(MilvusConnection connection, ReentrantLock lock, byte[] request) {
        if (lock == null) {
            return connection.mutate(MutationMethods.INSERT, request);
        }
        lock.lock();
        try {
            return connection.mutate(MutationMethods.INSERT, request);
        } finally {
            lock.unlock();
        }
    }
}
