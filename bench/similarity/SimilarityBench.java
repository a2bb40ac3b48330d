import io.milvusdm.format.npy.NpyReader;
import io.milvusdm.milvus.MilvusConnection;
import io.milvusdm.similarity.BackendKind;
import io.milvusdm.similarity.Embeddings;
import io.milvusdm.similarity.Hit;
import io.milvusdm.similarity.Metric;
import io.milvusdm.similarity.MilvusSettings;
import io.milvusdm.similarity.Query;
import io.milvusdm.similarity.Similarity;
import io.milvusdm.similarity.SimilarityIndex;
import io.milvusdm.similarity.SimilarityOptions;
import io.milvusdm.similarity.dataset.Dataset;
import io.milvusdm.similarity.dataset.Sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The similarity benchmark's Java side: SimilarityBench.java DIR BACKEND URI K WARMUP [SIDE [INDEX]]. Builds an
 * index (cosine) over DIR/vectors.npy with the in-memory or the Milvus backend (build timed apart; INDEX, e.g.
 * {@code HNSW:M=16,efConstruction=200}, replaces the default Milvus index), then runs every query of
 * DIR/queries.npy one at a time through SimilarityIndex.sortBySimilarity and prints one JSON line: throughput,
 * p50/p99 latency, and recall@k against numpy's exact top k (DIR/numpy_topk.json).
 */
public class SimilarityBench {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        BackendKind backend = BackendKind.parse(args[1]);
        String uri = args[2];
        int k = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        // "full": a full Milvus, credentials from MILVUSDM_SIMILARITY_MILVUS_USER/_PASSWORD; reported as milvus-full
        String side = backend.userName() + (args.length > 5 ? "-" + args[5] : "");
        String milvusIndex = args.length > 6 ? args[6] : null;
        float[][] vectors = read(dir.resolve("vectors.npy"));
        float[][] queries = read(dir.resolve("queries.npy"));
        Dataset.Builder builder = Dataset.builder("bench");
        for (int i = 0; i < vectors.length; i++) {
            builder.add(Sample.of("v" + i, null));
        }
        Path store = dir.resolve("store-" + side + ".db");
        Files.deleteIfExists(store);
        SimilarityOptions.Builder options = SimilarityOptions.builder("bench").backend(backend).metric(Metric.COSINE)
                .embeddings(Embeddings.array(vectors)).store(store).environment(System.getenv())
                .configFile(dir.resolve("none.json"));
        String server = "-";
        if (backend == BackendKind.MILVUS) {
            options.milvus(MilvusSettings.uri(uri)).collectionName("similarity_bench");
            if (milvusIndex != null) {
                String[] typeAndParams = milvusIndex.split(":", 2);
                Map<String, Object> params = new LinkedHashMap<>();
                for (String param : typeAndParams.length > 1 ? typeAndParams[1].split(",") : new String[0]) {
                    String[] nameAndValue = param.split("=", 2);
                    params.put(nameAndValue[0], Integer.parseInt(nameAndValue[1]));
                }
                options.indexType(typeAndParams[0], params);
            }
            MilvusSettings settings = MilvusSettings.resolve(MilvusSettings.uri(uri), System.getenv(), null);
            try (MilvusConnection connection = MilvusConnection.open(settings.toTarget())) {
                server = connection.serverVersion();
            }
        }
        long buildStart = System.nanoTime();
        try (SimilarityIndex index = Similarity.compute(builder.build(), options.build())) {
            double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
            for (int i = 0; i < Math.min(warmup, queries.length); i++) {
                index.sortBySimilarity(Query.vector(queries[i]), k, false, null);
            }
            double[] latencies = new double[queries.length];
            List<List<Hit>> results = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < queries.length; i++) {
                long t = System.nanoTime();
                results.add(index.sortBySimilarity(Query.vector(queries[i]), k, false, null));
                latencies[i] = (System.nanoTime() - t) / 1e6;
            }
            double total = (System.nanoTime() - start) / 1e9;
            double recall = recall(dir.resolve("numpy_topk.json"), results, k);
            Arrays.sort(latencies);
            System.out.printf("{\"side\": \"%s\", \"index\": \"%s\", \"server\": \"%s\", \"queries\": %d,"
                            + " \"k\": %d, \"qps\": %.3f, \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"recall\": %.4f, \"build_s\": %.1f}%n", side,
                    milvusIndex == null ? (backend == BackendKind.MILVUS ? "FLAT" : "-") : milvusIndex, server, queries.length,
                    k, queries.length / total, percentile(latencies, 50),
                    percentile(latencies, 99), recall, buildSeconds);
            if (backend == BackendKind.MILVUS) {
                index.cleanup();
            }
        }
    }

    static double percentile(double[] sorted, double p) {
        double rank = p / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    /** The share of numpy's exact top-k ids found, over all queries. */
    static double recall(Path numpyTopk, List<List<Hit>> results, int k) throws Exception {
        String json = Files.readString(numpyTopk).replace("[[", "").replace("]]", "");
        String[] rows = json.split("\\],\\s*\\[");
        long found = 0;
        for (int q = 0; q < results.size(); q++) {
            Set<String> exact = new HashSet<>();
            for (String id : rows[q].split(",")) {
                exact.add("v" + id.trim());
            }
            for (Hit hit : results.get(q)) {
                if (exact.contains(hit.sampleId())) {
                    found++;
                }
            }
        }
        return (double) found / ((long) results.size() * k);
    }

    static float[][] read(Path file) throws Exception {
        try (NpyReader reader = NpyReader.open(file)) {
            int rows = (int) reader.header().rows();
            int dim = (int) reader.header().columns();
            float[][] out = new float[rows][];
            float[] chunk = new float[dim * 1024];
            for (int first = 0; first < rows; first += 1024) {
                int n = Math.min(1024, rows - first);
                reader.readFloats(first, n, chunk, 0);
                for (int i = 0; i < n; i++) {
                    out[first + i] = Arrays.copyOfRange(chunk, i * dim, (i + 1) * dim);
                }
            }
            return out;
        }
    }
}
