package io.milvusdm.cli;

import io.milvusdm.testing.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code milvusdm similarity} with the Milvus backend, the server found through the environment. */
class SimilarityCommandIT {

    @TempDir
    Path dir;

    @Test
    void create_query_cleanup_on_milvus_as_in_memory_ranks() throws Exception {
        String manifest = TestEnvironment.projectRoot().resolve("examples/similarity/pets.jsonl").toString();
        String collection = "sim_cli_" + ProcessHandle.current().pid();
        Map<String, String> env = Map.of("MILVUSDM_SIMILARITY_DB", dir.resolve("s.db").toString(),
                "MILVUSDM_SIMILARITY_CONFIG", dir.resolve("none.json").toString(),
                "MILVUSDM_SIMILARITY_MILVUS_URI", TestEnvironment.milvusUri(),
                "MILVUSDM_SIMILARITY_MILVUS_PASSWORD", "cli-secret-93");
        CliRun created = CliRun.run(env, "similarity", "create", "--manifest", manifest, "--key", "m", "--backend",
                "milvus", "--collection-name", collection, "--embeddings-field", "emb", "--metric", "cosine",
                "--index-type", "HNSW", "--index-param", "M=16", "--index-param", "efConstruction=200",
                "--search-param", "ef=32");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.out()).contains("6 samples, milvus, metric cosine, collection " + collection);
        CliRun info = CliRun.run(env, "similarity", "info", "--dataset", "pets", "--key", "m");
        assertThat(info.out().replaceAll("\\s", "")).contains("\"indexType\":\"HNSW\"")
                .contains("\"M\":16").contains("\"efConstruction\":200").contains("\"searchParams\":{\"ef\":32}");
        CliRun local = CliRun.run(env, "similarity", "create", "--dataset", "pets", "--key", "l",
                "--embeddings-field", "emb", "--metric", "cosine");
        assertThat(local.exitCode()).as(local.toString()).isZero();

        CliRun onMilvus = CliRun.run(env, "similarity", "query", "--dataset", "pets", "--key", "m", "--id", "bird1");
        CliRun inMemory = CliRun.run(env, "similarity", "query", "--dataset", "pets", "--key", "l", "--id", "bird1");
        assertThat(onMilvus.exitCode()).as(onMilvus.toString()).isZero();
        assertThat(ranking(onMilvus.out())).isEqualTo(ranking(inMemory.out())).hasSize(6);

        assertThat(new String(Files.readAllBytes(dir.resolve("s.db")), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("cli-secret-93");
        CliRun cleanup = CliRun.run(env, "similarity", "cleanup", "--dataset", "pets", "--key", "m");
        assertThat(cleanup.exitCode()).as(cleanup.toString()).isZero();
        assertThat(cleanup.out()).contains("collection " + collection);
        CliRun afterCleanup = CliRun.run(env, "similarity", "query", "--dataset", "pets", "--key", "m", "--id", "bird1");
        assertThat(afterCleanup.exitCode()).isEqualTo(2);
    }

    /** The sample ids column of the text output. */
    private static java.util.List<String> ranking(String out) {
        return out.lines().map(String::trim).filter(l -> !l.isEmpty()).map(l -> l.split("\\s+")[1]).toList();
    }
}
