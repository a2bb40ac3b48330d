package io.milvusdm.similarity;

import com.fasterxml.jackson.databind.JsonNode;
import io.milvusdm.similarity.dataset.Dataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory backend ranks as numpy's brute force does, in all three metrics. */
class InMemoryRankingTest {

    @TempDir
    static Path dir;
    static SimilarityFixture fixture;

    @BeforeAll
    static void writeFixture() throws IOException {
        fixture = SimilarityFixture.write(dir.resolve("fx"), 300, 16);
    }

    private static SimilarityIndex index(Metric metric, String key) throws IOException {
        return Similarity.compute(fixture.dataset("ranking"), SimilarityOptions.builder(key).metric(metric)
                .embeddings(Embeddings.array(fixture.vectors())).store(dir.resolve("store.db")).build());
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void ranks_each_query_as_numpy_does(Metric metric) throws IOException {
        try (SimilarityIndex index = index(metric, "rank_" + metric.name().toLowerCase())) {
            for (int q = 0; q < fixture.queries().length; q++) {
                List<Hit> top = index.sortBySimilarity(Query.vector(fixture.queries()[q]), 10, false, null);
                SimilarityFixture.assertRanking(top, fixture.ranking(metric, q), 10);
                List<Hit> all = index.sortBySimilarity(Query.vector(fixture.queries()[q]), null, false, null);
                SimilarityFixture.assertRanking(all, fixture.ranking(metric, q), 300);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void combines_several_vectors_or_ids_into_their_mean(Metric metric) throws IOException {
        try (SimilarityIndex index = index(metric, "mean_" + metric.name().toLowerCase())) {
            JsonNode expected = fixture.ranking(metric, 4);
            List<Hit> byVectors = index.sortBySimilarity(
                    Query.vectors(List.of(fixture.queries()[0], fixture.queries()[1])), 20, false, null);
            SimilarityFixture.assertRanking(byVectors, expected, 20);

            // by ids: the mean of two indexed vectors, checked against a one-vector query of that mean
            String a = fixture.ids().get(0);
            String b = fixture.ids().get(28);
            float[] mean = new float[16];
            for (int i = 0; i < 16; i++) {
                mean[i] = (fixture.vectors()[0][i] + fixture.vectors()[28][i]) / 2;
            }
            assertThat(index.sortBySimilarity(Query.ids(List.of(a, b)), 15, false, null))
                    .isEqualTo(index.sortBySimilarity(Query.vector(mean), 15, false, null));
        }
    }

    @Test
    void reverse_ranks_the_least_similar_first() throws IOException {
        try (SimilarityIndex index = index(Metric.EUCLIDEAN, "reverse")) {
            List<Hit> farthest = index.sortBySimilarity(Query.vector(fixture.queries()[2]), 5, true, null);
            List<String> numpy = SimilarityFixture.ids(fixture.ranking(Metric.EUCLIDEAN, 2));
            List<String> reversed = new ArrayList<>(numpy);
            Collections.reverse(reversed);
            assertThat(farthest).extracting(Hit::id).isEqualTo(reversed.subList(0, 5));
        }
    }

    @Test
    void a_view_restricts_results_to_its_samples() throws IOException {
        try (SimilarityIndex index = index(Metric.COSINE, "view")) {
            Set<String> view = fixture.ids().stream().filter(id -> id.hashCode() % 3 == 0).collect(Collectors.toSet());
            index.useView(view);
            List<Hit> hits = index.sortBySimilarity(Query.vector(fixture.queries()[0]), 10, false, null);
            List<String> expected = SimilarityFixture.ids(fixture.ranking(Metric.COSINE, 0)).stream()
                    .filter(view::contains).limit(10).toList();
            assertThat(hits).extracting(Hit::id).isEqualTo(expected);
            index.clearView();
            assertThat(index.sortBySimilarity(Query.vector(fixture.queries()[0]), 10, false, null))
                    .extracting(Hit::id).isEqualTo(SimilarityFixture.ids(fixture.ranking(Metric.COSINE, 0)).subList(0, 10));
        }
    }

    @Test
    void a_patch_index_ranks_patches_and_reports_their_samples() throws IOException {
        Dataset patches = fixture.patchDataset("patches");
        try (SimilarityIndex index = Similarity.compute(patches, SimilarityOptions.builder("gt_index")
                .metric(Metric.DOTPRODUCT).patchesField("gt").embeddings(Embeddings.field("emb"))
                .store(dir.resolve("store.db")).build())) {
            assertThat(index.totalIndexSize()).isEqualTo(300);
            List<Hit> hits = index.sortBySimilarity(Query.vector(fixture.queries()[1]), 12, false, null);
            SimilarityFixture.assertRanking(hits, fixture.ranking(Metric.DOTPRODUCT, 1), 12);
            for (Hit hit : hits) {
                int row = fixture.ids().indexOf(hit.labelId());
                assertThat(hit.sampleId()).isEqualTo("img" + row / 3);
            }
            // a sample view keeps the patches of those samples only
            index.useView(List.of("img0", "img1"));
            assertThat(index.sortBySimilarity(Query.vector(fixture.queries()[1]), null, false, null))
                    .extracting(Hit::sampleId).containsOnly("img0", "img1").hasSize(6);
        }
    }
}
