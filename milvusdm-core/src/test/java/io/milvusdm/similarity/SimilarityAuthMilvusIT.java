package io.milvusdm.similarity;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import io.milvusdm.testing.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Milvus backend on a full Milvus (2.3, authorization on), for what Milvus Lite accepts and ignores:
 * checked credentials, the consistency level and index given to a new collection, and search parameters (a radius
 * makes the server run a range search). Milvus 2.3 raises a too small {@code ef} to k by itself, so ef proves
 * nothing here (MilvusSearchParamsTest checks the ef we send).
 */
class SimilarityAuthMilvusIT {

    @TempDir
    static Path dir;
    static SimilarityFixture fixture;
    static MilvusClientV2 admin;
    static final List<String> collections = new ArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        fixture = SimilarityFixture.write(dir.resolve("fx"), 300, 16);
        admin = new MilvusClientV2(ConnectConfig.builder().uri(TestEnvironment.milvusAuthUri())
                .username(TestEnvironment.AUTH_USER).password(TestEnvironment.AUTH_PASSWORD).build());
    }

    @AfterAll
    static void tearDown() {
        collections.forEach(c -> admin.dropCollection(DropCollectionReq.builder().collectionName(c).build()));
        admin.close();
    }

    static SimilarityOptions.Builder options(String key, Map<String, String> env) {
        String collection = "simauth_" + key + "_" + ProcessHandle.current().pid();
        admin.dropCollection(DropCollectionReq.builder().collectionName(collection).build());
        collections.add(collection);
        return SimilarityOptions.builder(key).backend(BackendKind.MILVUS).store(dir.resolve("store.db"))
                .environment(env).configFile(dir.resolve("none.json")).collectionName(collection);
    }

    static Map<String, String> credentials() {
        return Map.of("MILVUSDM_SIMILARITY_MILVUS_URI", TestEnvironment.milvusAuthUri(),
                "MILVUSDM_SIMILARITY_MILVUS_USER", TestEnvironment.AUTH_USER,
                "MILVUSDM_SIMILARITY_MILVUS_PASSWORD", TestEnvironment.AUTH_PASSWORD);
    }

    static DescribeIndexResp.IndexDesc vectorIndex(String collection) {
        return admin.describeIndex(DescribeIndexReq.builder().collectionName(collection).fieldName("vector").build())
                .getIndexDescriptions().get(0);
    }

    @Test
    void credentials_consistency_index_and_ef_reach_a_full_milvus() throws IOException {
        try (SimilarityIndex index = Similarity.compute(fixture.dataset("auth"), options("auth", credentials())
                .metric(Metric.COSINE).consistencyLevel("Bounded")
                .indexType("HNSW", Map.of("M", 8, "efConstruction", 64)).searchParams(Map.of("ef", 512)).pageSize(64)
                .embeddings(Embeddings.array(fixture.vectors())).build())) {
            String collection = index.config().collectionName();
            assertThat(admin.describeCollection(DescribeCollectionReq.builder().collectionName(collection).build())
                    .getConsistencyLevel()).isEqualTo(ConsistencyLevel.BOUNDED);
            assertThat(vectorIndex(collection).getIndexType()).isEqualTo(IndexParam.IndexType.HNSW);
            assertThat(vectorIndex(collection).getExtraParams()).containsEntry("M", "8")
                    .containsEntry("efConstruction", "64");
            assertThat(index.totalIndexSize()).isEqualTo(300);
            SimilarityFixture.assertRanking(index.sortBySimilarity(Query.vector(fixture.queries()[0]), 10, false, null),
                    fixture.ranking(Metric.COSINE, 0), 10);
            // every row, in pages of 64 joined by range searches
            SimilarityFixture.assertRanking(index.sortBySimilarity(Query.vector(fixture.queries()[0]), null, false,
                    null), fixture.ranking(Metric.COSINE, 0), 300);
        }
        // the same index loaded without credentials: the server refuses
        Map<String, String> uriOnly = Map.of("MILVUSDM_SIMILARITY_MILVUS_URI", TestEnvironment.milvusAuthUri());
        assertThatThrownBy(() -> Similarity.load("auth", "auth", SimilarityOptions.builder("")
                .store(dir.resolve("store.db")).environment(uriOnly).configFile(dir.resolve("none.json")).build()))
                .hasMessageContaining("authentication failed");
    }

    @Test
    void a_radius_turns_the_search_into_a_range_search_on_the_server() throws IOException {
        var ranking = fixture.ranking(Metric.COSINE, 1);
        double radius = (ranking.get("scores").get(19).asDouble() + ranking.get("scores").get(20).asDouble()) / 2;
        try (SimilarityIndex index = Similarity.compute(fixture.dataset("radius"), options("radius", credentials())
                .metric(Metric.COSINE).searchParams(Map.of("radius", radius))
                .embeddings(Embeddings.array(fixture.vectors())).build())) {
            // the default index: exact
            assertThat(vectorIndex(index.config().collectionName()).getIndexType())
                    .isEqualTo(IndexParam.IndexType.FLAT);
            List<Hit> hits = index.sortBySimilarity(Query.vector(fixture.queries()[1]), 100, false, null);
            SimilarityFixture.assertRanking(hits, ranking, 20);
        }
    }
}
