package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusdm.format.faiss.FaissSource;
import io.milvusdm.milvus.MilvusItSupport;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code milvusdm to-faiss --milvus-uri}: a Milvus Lite collection into a Faiss file, every id and vector kept. */
class ToFaissFromMilvusIT {

    private static final int ROWS = 3_001;
    private static final int DIM = 16;

    @TempDir
    Path dir;

    @Test
    void a_collection_becomes_an_id_mapped_faiss_index_with_every_vector_bit_exact() throws IOException {
        try (MilvusItSupport milvus = new MilvusItSupport()) {
            String collection = milvus.freshCollection("to_faiss");
            Map<Long, int[]> inserted = milvus.createFloatCollection(collection, ROWS, DIM, 20261124);
            Path out = dir.resolve("from_milvus.index");

            CliRun run = CliRun.run(Map.of(), "to-faiss", "--milvus-uri", TestEnvironment.milvusUri(),
                    "--collection", collection, "--out", out.toString(), "--kind", "idmap2", "--no-progress");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
            assertThat(run.out()).contains("rows in target: 3,001 (expected 3,001)");
            Map<Long, float[]> written = readFaiss(out);
            assertThat(written.keySet()).isEqualTo(inserted.keySet());
            inserted.forEach((id, bits) -> assertThat(bits(written.get(id))).as("id %d", id)
                    .containsExactly(bits));
            milvus.drop(collection);
        }
    }

    private static Map<Long, float[]> readFaiss(Path index) throws IOException {
        Map<Long, float[]> rows = new HashMap<>();
        try (FaissSource source = FaissSource.open(index)) {
            for (Split split : source.splits(1 << 20)) {
                try (BatchReader reader = source.open(split, 1 << 16)) {
                    for (VectorBatch b = reader.next(); b != null; b = reader.next()) {
                        long[] ids = ((PrimaryKeys.Int64Keys) b.keys()).values();
                        float[] values = ((FloatVectors) b.vectors()).values();
                        for (int r = 0; r < ids.length; r++) {
                            rows.put(ids[r], java.util.Arrays.copyOfRange(values, r * DIM, (r + 1) * DIM));
                        }
                    }
                }
            }
        }
        return rows;
    }

    private static int[] bits(float[] vector) {
        int[] bits = new int[vector.length];
        for (int i = 0; i < vector.length; i++) {
            bits[i] = Float.floatToRawIntBits(vector[i]);
        }
        return bits;
    }
}
