package io.milvusdm.bench;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.response.InsertResp;
import io.milvusdm.format.hdf5.Hdf5Source;
import io.milvusdm.format.hdf5.Hdf5SourceSpec;
import io.milvusdm.milvus.MilvusSink;
import io.milvusdm.milvus.MilvusSinkSpec;
import io.milvusdm.milvus.MilvusTarget;
import io.milvusdm.milvus.WriteMode;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a user of the Java SDK's row API pays: {@code MilvusClientV2.insert} with {@code List<JsonObject>} rows
 * (Gson), one thread, {@code --batch-rows} rows a call. The first {@code --rows} rows of the file are read before
 * the clock starts; building the rows is inside it, as it is for the user. The collection is created by
 * {@link MilvusSink} exactly as a job creates it, and dropped at the end.
 *
 * <pre>RowApiBench --uri http://127.0.0.1:19560 --file F.h5 --collection C --rows 200000 --batch-rows 10000</pre>
 */
public final class RowApiBench {

    private RowApiBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = BenchArgs.parse("RowApiBench", args);
        String uri = a.string("uri");
        Path file = Path.of(a.string("file"));
        String collection = a.string("collection");
        int rows = (int) a.number("rows", 200_000);
        int batchRows = (int) a.number("batch-rows", 10_000);

        int dim;
        float[] vectors;
        long[] keys;
        try (Hdf5Source source = Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(file), false));
             MilvusSink sink = MilvusSink.open(new MilvusSinkSpec(MilvusTarget.of(uri), collection, null,
                     WriteMode.OVERWRITE, "L2", null, false, null))) {
            dim = source.schema().dimension();
            rows = (int) Math.min(rows, source.schema().totalRows());
            vectors = new float[rows * dim];
            keys = new long[rows];
            readFirstRows(source, rows, dim, vectors, keys);
            sink.prepare(source.schema(), false, -1);
        }

        MilvusClientV2 client = new MilvusClientV2(ConnectConfig.builder().uri(uri).build());
        try {
            Gson gson = new Gson();
            long inserted = 0;
            long start = System.nanoTime();
            for (int first = 0; first < rows; first += batchRows) {
                int n = Math.min(batchRows, rows - first);
                List<JsonObject> data = new ArrayList<>(n);
                for (int r = first; r < first + n; r++) {
                    JsonObject row = new JsonObject();
                    row.addProperty("id", keys[r]);
                    row.add("embedding", gson.toJsonTree(Arrays.copyOfRange(vectors, r * dim, (r + 1) * dim)));
                    data.add(row);
                }
                InsertResp resp = client.insert(InsertReq.builder().collectionName(collection).data(data).build());
                inserted += resp.getInsertCnt();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (inserted != rows) {
                throw new IllegalStateException("the server acknowledged " + inserted + " of " + rows + " rows");
            }
            client.dropCollection(DropCollectionReq.builder().collectionName(collection).build());
            new Json().put("bench", "row-api").put("file", file.getFileName()).put("rows", rows)
                    .put("batchRows", batchRows).put("seconds", seconds).put("rowsPerSecond", rows / seconds).print();
        } finally {
            client.close();
        }
    }

    private static void readFirstRows(Hdf5Source source, int rows, int dim, float[] vectors, long[] keys)
            throws Exception {
        int done = 0;
        for (Split split : source.splits(Long.MAX_VALUE / 2)) {
            try (BatchReader reader = source.open(split, 8L << 20)) {
                VectorBatch batch;
                while (done < rows && (batch = reader.next()) != null) {
                    int n = Math.min(batch.rowCount(), rows - done);
                    float[] values = ((FloatVectors) batch.vectors()).values();
                    System.arraycopy(values, 0, vectors, done * dim, n * dim);
                    System.arraycopy(((PrimaryKeys.Int64Keys) batch.keys()).values(), 0, keys, done, n);
                    done += n;
                }
            }
            if (done == rows) {
                return;
            }
        }
    }
}
