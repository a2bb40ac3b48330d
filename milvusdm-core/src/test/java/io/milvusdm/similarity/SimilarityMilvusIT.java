package io.milvusdm.similarity;

import io.milvusdm.milvus.MilvusItSupport;
import io.milvusdm.similarity.dataset.Dataset;
import io.milvusdm.testing.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Milvus backend on a real server (Milvus Lite from scripts/test) against the in-memory backend and numpy:
 * same rankings in every metric, for samples and patches, with views over ids that hold quotes and brackets, and
 * k past the page size (paged by range search).
 */
class SimilarityMilvusIT {

    @TempDir
    static Path dir;
    static SimilarityFixture fixture;
    static MilvusItSupport milvus;
    static final List<String> collections = new ArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        fixture = SimilarityFixture.write(dir.resolve("fx"), 300, 16);
        milvus = new MilvusItSupport();
    }

    @AfterAll
    static void tearDown() {
        collections.forEach(milvus::drop);
        milvus.close();
    }

    static SimilarityOptions.Builder milvusOptions(String key) {
        String collection = milvus.freshCollection("sim_" + key);
        collections.add(collection);
        // the default FLAT index is exact, so the comparison with exact search is fair; a page of 64 makes k=300 page
        return SimilarityOptions.builder(key).backend(BackendKind.MILVUS).store(dir.resolve("store.db"))
                .milvus(MilvusSettings.uri(TestEnvironment.milvusUri())).environment(Map.of())
                .configFile(dir.resolve("none.json")).collectionName(collection).pageSize(64);
    }

    static SimilarityIndex inMemory(Dataset dataset, String key, Metric metric, Embeddings embeddings)
            throws IOException {
        return Similarity.compute(dataset, SimilarityOptions.builder(key).metric(metric).embeddings(embeddings)
                .store(dir.resolve("store.db")).build());
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void milvus_and_in_memory_rank_alike_and_as_numpy(Metric metric) throws IOException {
        String m = metric.name().toLowerCase();
        Dataset dataset = fixture.dataset("same_" + m);
        Embeddings vectors = Embeddings.array(fixture.vectors());
        try (SimilarityIndex server = Similarity.compute(dataset, milvusOptions("srv_" + m).metric(metric)
                .embeddings(vectors).build());
             SimilarityIndex local = inMemory(dataset, "mem_" + m, metric, vectors)) {
            assertThat(server.totalIndexSize()).isEqualTo(300);
            for (int q = 0; q < fixture.queries().length; q++) {
                Query query = Query.vector(fixture.queries()[q]);
                List<Hit> top = server.sortBySimilarity(query, 10, false, null);
                SimilarityFixture.assertRanking(top, fixture.ranking(metric, q), 10);
                assertThat(top).extracting(Hit::id)
                        .isEqualTo(local.sortBySimilarity(query, 10, false, null).stream().map(Hit::id).toList());
                // all 300 rows through pages of 64
                SimilarityFixture.assertRanking(server.sortBySimilarity(query, null, false, null),
                        fixture.ranking(metric, q), 300);
            }
            Query mean = Query.vectors(List.of(fixture.queries()[0], fixture.queries()[1]));
            SimilarityFixture.assertRanking(server.sortBySimilarity(mean, 25, false, null), fixture.ranking(metric, 4), 25);

            String odd = fixture.ids().get(28);
            assertThat(odd).contains("\"]");
            assertThat(server.sortBySimilarity(Query.ids(List.of(odd, fixture.ids().get(0))), 30, false, null))
                    .isEqualTo(rounded(local.sortBySimilarity(Query.ids(List.of(odd, fixture.ids().get(0))), 30,
                            false, null), server.sortBySimilarity(Query.ids(List.of(odd, fixture.ids().get(0))), 30,
                            false, null)));
            if (metric.higherIsCloser()) {
                assertThat(server.sortBySimilarity(query0(), 7, true, null)).extracting(Hit::id)
                        .isEqualTo(local.sortBySimilarity(query0(), 7, true, null).stream().map(Hit::id).toList());
            } else {
                assertThatThrownBy(() -> server.sortBySimilarity(query0(), 7, true, null))
                        .hasMessageContaining("cannot rank least similar first with metric euclidean");
            }
        }
    }

    private static Query query0() {
        return Query.vector(fixture.queries()[0]);
    }

    /** The local hits with the server's float scores, where the ids agree (scores differ in the last bits). */
    private static List<Hit> rounded(List<Hit> local, List<Hit> server) {
        List<Hit> out = new ArrayList<>();
        for (int i = 0; i < local.size(); i++) {
            Hit l = local.get(i);
            boolean close = i < server.size() && server.get(i).id().equals(l.id())
                    && Math.abs(server.get(i).score() - l.score()) < 1e-4 * Math.max(1, Math.abs(l.score()));
            out.add(close ? server.get(i) : l);
        }
        return out;
    }

    @Test
    void a_view_of_odd_ids_is_sent_in_batched_escaped_filters() throws IOException {
        Dataset dataset = fixture.dataset("view");
        Set<String> view = new java.util.HashSet<>(fixture.ids().stream().filter(id -> !id.startsWith("s")).toList());
        fixture.ids().stream().filter(id -> id.hashCode() % 5 == 0).forEach(view::add);
        try (SimilarityIndex server = Similarity.compute(dataset, milvusOptions("view").metric(Metric.COSINE)
                .embeddings(Embeddings.array(fixture.vectors())).build())) {
            server.useView(view);
            List<Hit> hits = server.sortBySimilarity(query0(), 20, false, null);
            List<String> expected = SimilarityFixture.ids(fixture.ranking(Metric.COSINE, 0)).stream()
                    .filter(view::contains).limit(20).toList();
            assertThat(hits).extracting(Hit::id).isEqualTo(expected);
            List<String> odd = fixture.ids().stream().filter(id -> !id.startsWith("s")).toList();
            assertThat(server.getEmbeddings(odd, null, false, false).sampleIds()).isEqualTo(odd);
            server.removeFromIndex(odd, null, false, false);
            assertThat(server.totalIndexSize()).isEqualTo(300 - odd.size());
            assertThat(server.sortBySimilarity(query0(), null, false, null)).extracting(Hit::id).doesNotContainAnyElementsOf(odd);
        }
    }

    @Test
    void a_patch_index_ranks_alike_and_reads_patches_by_sample() throws IOException {
        Dataset dataset = fixture.patchDataset("patch_it");
        try (SimilarityIndex server = Similarity.compute(dataset, milvusOptions("patches").metric(Metric.EUCLIDEAN)
                .patchesField("gt").embeddings(Embeddings.field("emb")).build());
             SimilarityIndex local = Similarity.compute(dataset, SimilarityOptions.builder("patches_mem")
                     .metric(Metric.EUCLIDEAN).patchesField("gt").embeddings(Embeddings.field("emb"))
                     .store(dir.resolve("store.db")).build())) {
            List<Hit> hits = server.sortBySimilarity(Query.vector(fixture.queries()[3]), 15, false, null);
            SimilarityFixture.assertRanking(hits, fixture.ranking(Metric.EUCLIDEAN, 3), 15);
            assertThat(hits).extracting(Hit::sampleId).isEqualTo(local.sortBySimilarity(
                    Query.vector(fixture.queries()[3]), 15, false, null).stream().map(Hit::sampleId).toList());
            IndexedEmbeddings bySample = server.getEmbeddings(List.of("img9", "img2"), null, false, false);
            assertThat(bySample.labelIds()).isEqualTo(local.getEmbeddings(List.of("img9", "img2"), null, false, false)
                    .labelIds()).hasSize(6);
            server.useView(List.of("img1", "img4"));
            assertThat(server.sortBySimilarity(query0(), null, false, null)).extracting(Hit::sampleId)
                    .containsOnly("img1", "img4").hasSize(6);
            server.clearView();
            server.removeFromIndex(List.of("img0"), null, false, false);
            assertThat(server.totalIndexSize()).isEqualTo(297);
        }
    }

    @Test
    void add_upserts_and_the_size_is_exact() throws IOException {
        Dataset dataset = fixture.dataset("upsert");
        try (SimilarityIndex server = Similarity.compute(dataset, milvusOptions("upsert")
                .embeddings(Embeddings.array(fixture.vectors())).build())) {
            float[][] again = {fixture.queries()[0], fixture.queries()[1]};
            List<String> ids = List.of(fixture.ids().get(0), fixture.ids().get(1));
            server.addToIndex(again, ids);
            assertThat(server.totalIndexSize()).isEqualTo(300);
            assertThat(server.getEmbeddings(ids, null, false, false).vectors()).isDeepEqualTo(again);

            server.addToIndex(new float[][] {fixture.vectors()[0], fixture.queries()[2]}, List.of(ids.get(0), "fresh"),
                    null, new SimilarityIndex.AddOptions(false, true, false));
            assertThat(server.getEmbeddings(List.of(ids.get(0), "fresh"), null, false, false).vectors())
                    .isDeepEqualTo(new float[][] {fixture.queries()[0], fixture.queries()[2]});
            assertThat(server.totalIndexSize()).isEqualTo(301);
            assertThatThrownBy(() -> server.addToIndex(again, ids, null, new SimilarityIndex.AddOptions(true, false, false)))
                    .hasMessageContaining("that already exist in index 'upsert'");
            server.removeFromIndex(List.of("fresh", ids.get(1)), null, false, false);
            assertThat(server.totalIndexSize()).isEqualTo(299);
            assertThatThrownBy(() -> server.removeFromIndex(List.of("fresh"), null, false, false))
                    .hasMessageContaining("'fresh'");
        }
    }

    @Test
    void an_hnsw_index_is_searched_with_the_default_ef() throws IOException {
        // ef = max(page, 128) on 300 rows: near-exhaustive, so the top 10 is numpy's; a page of 200 sends ef=200
        try (SimilarityIndex server = Similarity.compute(fixture.dataset("hnsw"), milvusOptions("hnsw")
                .metric(Metric.EUCLIDEAN).indexType("HNSW", Map.of("M", 8, "efConstruction", 64)).pageSize(200)
                .embeddings(Embeddings.array(fixture.vectors())).build())) {
            assertThat(server.config().indexType()).isEqualTo("HNSW");
            SimilarityFixture.assertRanking(server.sortBySimilarity(Query.vector(fixture.queries()[2]), 10, false,
                    null), fixture.ranking(Metric.EUCLIDEAN, 2), 10);
            assertThat(server.sortBySimilarity(Query.vector(fixture.queries()[2]), 250, false, null)).hasSize(250);
        }
    }

    @Test
    void search_parameters_reach_the_server() throws IOException {
        Dataset dataset = fixture.dataset("params");
        var ranking = fixture.ranking(Metric.EUCLIDEAN, 1);
        double radius = (ranking.get("scores").get(39).asDouble() + ranking.get("scores").get(40).asDouble()) / 2;
        try (SimilarityIndex server = Similarity.compute(dataset, milvusOptions("params").metric(Metric.EUCLIDEAN)
                .searchParams(Map.of("radius", radius)).embeddings(Embeddings.array(fixture.vectors())).build())) {
            // a range search: only rows closer than the radius come back, however many were asked for
            List<Hit> hits = server.sortBySimilarity(Query.vector(fixture.queries()[1]), 100, false, null);
            SimilarityFixture.assertRanking(hits, ranking, 40);
        }
    }

    @Test
    void an_existing_collection_is_used_without_recomputing_and_cleanup_drops_it() throws IOException {
        Dataset dataset = fixture.dataset("existing");
        String collection;
        List<Hit> before;
        try (SimilarityIndex first = Similarity.compute(dataset, milvusOptions("first").metric(Metric.COSINE)
                .indexType("HNSW", Map.of("M", 8, "efConstruction", 64)).searchParams(Map.of("ef", 300))
                .embeddings(Embeddings.array(fixture.vectors())).build())) {  // ef = rows: HNSW visits every row
            collection = first.config().collectionName();
            before = first.sortBySimilarity(query0(), 10, false, null);
        }
        List<String> warnings = new ArrayList<>();
        SimilarityOptions attach = SimilarityOptions.builder("second").backend(BackendKind.MILVUS).warnings(warnings::add)
                .store(dir.resolve("store.db")).milvus(MilvusSettings.uri(TestEnvironment.milvusUri()))
                .environment(Map.of()).configFile(dir.resolve("none.json")).collectionName(collection)
                .metric(Metric.DOTPRODUCT).searchParams(Map.of("ef", 300)).embeddings(Embeddings.none()).build();
        try (SimilarityIndex second = Similarity.compute(dataset, attach)) {
            assertThat(second.metric()).isEqualTo(Metric.COSINE);
            assertThat(warnings).containsExactly("Collection uses metric cosine, not dotproduct: the collection's index decides");
            assertThat(second.config().dimension()).isEqualTo(16);
            // the record names the collection's own index (as FiftyOne's HNSW), not the default FLAT; Lite does
            // not describe the build parameters (MilvusSearchParamsTest reads Milvus 2.3's)
            assertThat(second.config().indexType()).isEqualTo("HNSW");
            assertThat(second.totalIndexSize()).isEqualTo(300);
            assertThat(second.sortBySimilarity(query0(), 10, false, null)).isEqualTo(before);
            second.cleanup();
        }
        assertThat(milvus.exists(collection)).isFalse();
    }

    @Test
    void credentials_never_reach_the_store_and_are_given_again_on_load() throws IOException {
        Path store = dir.resolve("creds.db");
        String password = "pw-7f3a9c";
        String token = "tok-51d2e8";
        String collection = milvus.freshCollection("sim_creds");
        collections.add(collection);
        // Milvus Lite ignores credentials, so they can be passed through to the server and must still not be stored
        MilvusSettings withSecrets = MilvusSettings.uri(TestEnvironment.milvusUri()).withCredentials("alice", password)
                .withToken(token);
        try (SimilarityIndex index = Similarity.compute(fixture.dataset("creds"), SimilarityOptions.builder("creds")
                .backend(BackendKind.MILVUS).store(store).milvus(withSecrets).environment(Map.of())
                .configFile(dir.resolve("none.json")).collectionName(collection)
                .embeddings(Embeddings.array(fixture.vectors())).build())) {
            assertThat(index.totalIndexSize()).isEqualTo(300);
        }
        String bytes = new String(Files.readAllBytes(store), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(bytes).contains(collection).doesNotContain(password).doesNotContain(token).doesNotContain("alice");

        // load: settings from the environment this time
        Map<String, String> env = new HashMap<>();
        env.put("MILVUSDM_SIMILARITY_MILVUS_URI", TestEnvironment.milvusUri());
        try (SimilarityIndex loaded = Similarity.load("creds", "creds", SimilarityOptions.builder("").store(store)
                .environment(env).configFile(dir.resolve("none.json")).build())) {
            assertThat(loaded.totalIndexSize()).isEqualTo(300);
        }
    }

    @Test
    void call_options_win_over_the_environment_which_wins_over_the_config_file() throws IOException {
        Path config = dir.resolve("similarity.json");
        Files.writeString(config, "{\"milvus\": {\"uri\": \"" + TestEnvironment.milvusUri() + "\"}}");
        Map<String, String> badEnv = Map.of("MILVUSDM_SIMILARITY_MILVUS_URI", "http://127.0.0.1:1");
        Dataset dataset = fixture.dataset("layers");
        try (SimilarityIndex index = Similarity.compute(dataset, milvusOptions("layers").environment(badEnv)
                .embeddings(Embeddings.array(fixture.vectors())).build())) {
            assertThat(index.totalIndexSize()).isEqualTo(300);
        }
        SimilarityOptions.Builder fromEnv = SimilarityOptions.builder("").store(dir.resolve("store.db"))
                .environment(badEnv).configFile(config);
        assertThatThrownBy(() -> Similarity.load("layers", "layers", fromEnv.build()))
                .hasMessageContaining("Cannot connect to Milvus at http://127.0.0.1:1");
        try (SimilarityIndex fromFile = Similarity.load("layers", "layers", SimilarityOptions.builder("")
                .store(dir.resolve("store.db")).environment(Map.of()).configFile(config).build())) {
            assertThat(fromFile.totalIndexSize()).isEqualTo(300);
        }
    }

    @Test
    void duplicates_and_unique_agree_with_the_in_memory_backend() throws IOException {
        Dataset dataset = fixture.dataset("dups");
        float[][] vectors = fixture.vectors().clone();
        for (int i = 0; i < 30; i++) {
            vectors[i * 10 + 1] = vectors[i * 10].clone();
            vectors[i * 10 + 1][0] += 0.01f;
        }
        Embeddings embeddings = Embeddings.array(vectors);
        try (SimilarityIndex server = Similarity.compute(dataset, milvusOptions("dups").metric(Metric.COSINE)
                .embeddings(embeddings).build());
             SimilarityIndex local = inMemory(dataset, "dups_mem", Metric.COSINE, embeddings)) {
            Duplicates onServer = server.findDuplicates(0.999);
            Duplicates inMemory = local.findDuplicates(0.999);
            assertThat(onServer.duplicateIds()).hasSize(30).isEqualTo(inMemory.duplicateIds());
            assertThat(onServer.uniqueIds()).isEqualTo(inMemory.uniqueIds());
            assertThat(onServer.neighbors().keySet()).isEqualTo(inMemory.neighbors().keySet());
            List<String> uniqueOnServer = server.findUnique(12).stream().map(Hit::id).toList();
            assertThat(uniqueOnServer).isEqualTo(local.findUnique(12).stream().map(Hit::id).toList());
            assertThat(uniqueOnServer).doesNotContainAnyElementsOf(
                    onServer.duplicateIds().stream().collect(Collectors.toSet()));
        }
    }
}
