package io.milvusdm.format.langchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.testing.TestEnvironment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * LangChain stores written by LangChain itself (scripts/fixtures/langchain_fixtures.py, run once per test JVM into
 * a temporary folder), and what the reader must make of them.
 */
public final class LangChainFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path root;

    private LangChainFixtures() {
    }

    /** The stores LangChain reads back, over every kind of index the fixtures build. */
    public static final List<String> READABLE = List.of("basic", "inner_product", "small", "protocol2",
            "flat_deleted", "hnsw", "ivf_flat", "idmap_ip", "sq_fp16", "ivf_pq");

    /** The folder of one case (basic, hnsw, ivf_flat, bad_..., see {@link #READABLE}). */
    public static synchronized Path store(String name) {
        if (root == null) {
            try {
                root = Files.createTempDirectory("langchain-fixtures");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            TestEnvironment.runFixtureScript("langchain_fixtures.py", "--out", root.toString(), "--all");
        }
        return root.resolve(name);
    }

    /**
     * What a readable case must give, one row per vector in ascending Faiss id order (the reader's order may
     * differ: an IVF index's rows come list by list).
     *
     * @param lossy whether the index stores lossy codes (the source must be opened with allowLossy)
     */
    public record Expected(List<String> ids, List<String> texts, JsonNode metadata, float[] vectors, int rows,
                           int dimension, String metric, boolean lossy) {

        public static Expected of(Path store) throws IOException {
            Properties properties = new Properties();
            try (var in = Files.newInputStream(store.resolve("expected.properties"))) {
                properties.load(in);
            }
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(store.resolve("expected.vectors.bin")))
                    .order(ByteOrder.LITTLE_ENDIAN);
            float[] vectors = new float[bytes.remaining() / 4];
            bytes.asFloatBuffer().get(vectors);
            return new Expected(strings(store.resolve("expected.ids.json")), strings(store.resolve("expected.texts.json")),
                    JSON.readTree(store.resolve("expected.metadata.json").toFile()), vectors,
                    Integer.parseInt(properties.getProperty("rows")), Integer.parseInt(properties.getProperty("dimension")),
                    properties.getProperty("metric"), Boolean.parseBoolean(properties.getProperty("lossy")));
        }

        private static List<String> strings(Path file) throws IOException {
            List<String> values = new ArrayList<>();
            JSON.readTree(file.toFile()).forEach(node -> values.add(node.asText()));
            return values;
        }
    }

    public static JsonNode json(byte[] utf8) {
        try {
            return JSON.readTree(utf8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every batch of every split, in split order. */
    public static List<VectorBatch> readAll(LangChainStoreSource source, long splitBytes, long batchBytes)
            throws IOException {
        List<VectorBatch> batches = new ArrayList<>();
        for (Split split : source.splits(splitBytes)) {
            try (BatchReader reader = source.open(split, batchBytes)) {
                for (VectorBatch batch = reader.next(); batch != null; batch = reader.next()) {
                    batches.add(batch);
                }
            }
        }
        return batches;
    }
}
