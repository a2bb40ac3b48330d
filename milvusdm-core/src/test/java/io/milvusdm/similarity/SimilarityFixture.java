package io.milvusdm.similarity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvusdm.format.npy.NpyReader;
import io.milvusdm.similarity.dataset.Dataset;
import io.milvusdm.similarity.dataset.Patch;
import io.milvusdm.similarity.dataset.Sample;
import io.milvusdm.testing.TestEnvironment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data written by {@code scripts/fixtures/similarity_fixtures.py}: vectors and ids (some with quotes and
 * brackets), queries, and numpy's full ranking of every query (and of the mean of queries 0 and 1) per metric.
 */
record SimilarityFixture(List<String> ids, float[][] vectors, float[][] queries, JsonNode expected) {

    static SimilarityFixture write(Path dir, int rows, int dim) throws IOException {
        TestEnvironment.runFixtureScript("similarity_fixtures.py", "--out", dir.toString(), "--rows",
                String.valueOf(rows), "--dim", String.valueOf(dim));
        ObjectMapper json = new ObjectMapper();
        List<String> ids = new ArrayList<>();
        json.readTree(dir.resolve("ids.json").toFile()).forEach(node -> ids.add(node.asText()));
        return new SimilarityFixture(ids, read(dir.resolve("vectors.npy")), read(dir.resolve("queries.npy")),
                json.readTree(dir.resolve("expected.json").toFile()));
    }

    private static float[][] read(Path file) throws IOException {
        try (NpyReader reader = NpyReader.open(file)) {
            int rows = (int) reader.header().rows();
            int dim = (int) reader.header().columns();
            float[] flat = new float[rows * dim];
            reader.readFloats(0, rows, flat, 0);
            float[][] out = new float[rows][];
            for (int i = 0; i < rows; i++) {
                out[i] = java.util.Arrays.copyOfRange(flat, i * dim, (i + 1) * dim);
            }
            return out;
        }
    }

    /** One sample per vector, no patches. */
    Dataset dataset(String name) {
        Dataset.Builder builder = Dataset.builder(name);
        ids.forEach(id -> builder.add(Sample.of(id, null)));
        return builder.build();
    }

    /**
     * One sample per three vectors, each vector a patch of field {@code gt} whose label id is the fixture id; the
     * sample ids are {@code img<n>}.
     */
    Dataset patchDataset(String name) {
        Dataset.Builder builder = Dataset.builder(name);
        for (int s = 0; s * 3 < ids.size(); s++) {
            List<Patch> patches = new ArrayList<>();
            for (int i = s * 3; i < Math.min(ids.size(), s * 3 + 3); i++) {
                patches.add(new Patch(ids.get(i), "label" + (i % 4), new double[] {0.1, 0.1, 0.5, 0.5},
                        Map.of("emb", vectors[i])));
            }
            Map<String, List<Patch>> fields = new LinkedHashMap<>();
            fields.put("gt", patches);
            builder.add(new Sample("img" + s, null, "{}", fields, Map.of()));
        }
        return builder.build();
    }

    /** numpy's ranking of query {@code q} (index 4 = the mean of queries 0 and 1) under the metric. */
    JsonNode ranking(Metric metric, int q) {
        return expected.get(metric.userName()).get(q);
    }

    /**
     * The hits are numpy's first {@code hits.size()} ids, in order, with the same scores (to float precision);
     * neighbours whose numpy scores differ by less than float rounding may trade places.
     */
    static void assertRanking(List<Hit> hits, JsonNode ranking, int expectedSize) {
        assertThat(hits).hasSize(expectedSize);
        JsonNode ids = ranking.get("ids");
        JsonNode scores = ranking.get("scores");
        for (int i = 0; i < hits.size(); i++) {
            double expectedScore = scores.get(i).asDouble();
            double tolerance = 1e-4 * Math.max(1, Math.abs(expectedScore));
            assertThat(hits.get(i).score()).as("score at rank %d", i).isCloseTo(expectedScore,
                    org.assertj.core.data.Offset.offset(tolerance));
            if (!hits.get(i).id().equals(ids.get(i).asText())) {
                boolean nearTie = (i > 0 && Math.abs(scores.get(i - 1).asDouble() - expectedScore) < tolerance)
                        || (i + 1 < ids.size() && Math.abs(scores.get(i + 1).asDouble() - expectedScore) < tolerance);
                assertThat(nearTie).as("rank %d: %s instead of numpy's %s", i, hits.get(i).id(), ids.get(i).asText())
                        .isTrue();
            }
        }
    }

    /** Ids of the numpy ranking, in order. */
    static List<String> ids(JsonNode ranking) {
        List<String> out = new ArrayList<>();
        ranking.get("ids").forEach(node -> out.add(node.asText()));
        return out;
    }
}
