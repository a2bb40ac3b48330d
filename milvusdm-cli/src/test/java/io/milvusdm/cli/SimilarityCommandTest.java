package io.milvusdm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvusdm.testing.TestEnvironment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code milvusdm similarity ...} on the in-memory backend, over the example manifest. */
class SimilarityCommandTest {

    static final String MANIFEST = TestEnvironment.projectRoot().resolve("examples/similarity/pets.jsonl").toString();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Map<String, String> env;

    @BeforeEach
    void store() {
        env = Map.of("MILVUSDM_SIMILARITY_DB", dir.resolve("s.db").toString(),
                "MILVUSDM_SIMILARITY_CONFIG", dir.resolve("none.json").toString());
    }

    CliRun ok(String... args) {
        CliRun run = CliRun.run(env, args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run;
    }

    JsonNode json(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--json");
        return JSON.readTree(ok(all.toArray(String[]::new)).out());
    }

    @Test
    void create_then_query_by_id_vector_and_view() throws IOException {
        assertThat(ok("similarity", "create", "--manifest", MANIFEST, "--key", "emb", "--embeddings-field", "emb").out())
                .contains("Created index 'emb' on dataset 'pets': 6 samples, inmemory, metric cosine");
        JsonNode byId = json("similarity", "query", "--dataset", "pets", "--key", "emb", "--id", "cat1", "-k", "2");
        assertThat(byId.findValuesAsText("sample_id")).containsExactly("cat1", "cat2");
        Path query = dir.resolve("q.json");
        Files.writeString(query, "[0.1, 0.9, 0.1, 0.0]");
        JsonNode byVector = json("similarity", "query", "--dataset", "pets", "--key", "emb", "--vector", query.toString());
        assertThat(byVector).hasSize(6);
        assertThat(byVector.get(0).get("sample_id").asText()).isEqualTo("cat1");
        assertThat(byVector.get(0).get("score").asDouble()).isGreaterThan(byVector.get(1).get("score").asDouble());
        String example = TestEnvironment.projectRoot().resolve("examples/similarity/query-dog.json").toString();
        assertThat(json("similarity", "query", "--dataset", "pets", "--key", "emb", "--vector", example, "-k", "2")
                .findValuesAsText("sample_id")).containsExactly("dog1", "dog2");
        JsonNode viewed = json("similarity", "query", "--dataset", "pets", "--key", "emb", "--id", "cat1",
                "--view", "dog1", "--view", "fish1");
        assertThat(viewed.findValuesAsText("sample_id")).containsExactlyInAnyOrder("dog1", "fish1");
        JsonNode reversed = json("similarity", "query", "--dataset", "pets", "--key", "emb", "--id", "cat1", "-k", "1",
                "--reverse");
        assertThat(reversed.findValuesAsText("sample_id")).doesNotContain("cat1", "cat2").hasSize(1);
    }

    @Test
    void add_remove_get_and_records() throws IOException {
        ok("similarity", "create", "--manifest", MANIFEST, "--key", "emb", "--embeddings-field", "emb");
        Path vectors = dir.resolve("new.json");
        Files.writeString(vectors, "[[1, 0, 0, 0], [0, 1, 0, 0]]");
        Path ids = dir.resolve("ids.txt");
        Files.writeString(ids, "extra1\ndog1\n");
        assertThat(json("similarity", "add", "--dataset", "pets", "--key", "emb", "--vectors", vectors.toString(),
                "--sample-ids", ids.toString()).get("size").asInt()).isEqualTo(7);
        CliRun refused = CliRun.run(env, "similarity", "add", "--dataset", "pets", "--key", "emb", "--vectors",
                vectors.toString(), "--sample-ids", ids.toString(), "--no-allow-existing");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("Found 2 ids (e.g. 'extra1') that already exist in index 'emb'");

        JsonNode got = json("similarity", "get", "--dataset", "pets", "--key", "emb", "--sample-id", "dog1",
                "--sample-id", "extra1");
        assertThat(got.findValuesAsText("sample_id")).containsExactly("dog1", "extra1");
        assertThat(got.get(0).get("vector").toString()).isEqualTo("[0.0,1.0,0.0,0.0]");

        CliRun warned = ok("similarity", "remove", "--dataset", "pets", "--key", "emb", "--sample-id", "extra1",
                "--sample-id", "ghost", "--warn-missing");
        assertThat(warned.out()).contains("now holds 6 items");
        assertThat(warned.err()).contains("warning: Skipping 1 ids that are not in index 'emb'");

        ok("similarity", "rename", "--dataset", "pets", "--key", "emb", "--new-key", "emb2");
        JsonNode list = json("similarity", "list");
        assertThat(list.findValuesAsText("key")).containsExactly("emb2");
        assertThat(json("similarity", "info", "--dataset", "pets", "--key", "emb2").get("config").get("metric")
                .asText()).isEqualTo("cosine");
        ok("similarity", "delete", "--dataset", "pets", "--key", "emb2");
        assertThat(json("similarity", "list")).isEmpty();
    }

    @Test
    void patch_index_duplicates_unique_and_npy_output() throws IOException {
        ok("similarity", "create", "--manifest", MANIFEST, "--key", "boxes", "--patches-field", "ground_truth",
                "--embeddings-field", "emb", "--metric", "euclidean");
        JsonNode hits = json("similarity", "query", "--dataset", "pets", "--key", "boxes", "--id", "cat1-box1", "-k", "2");
        assertThat(hits.findValuesAsText("label_id")).containsExactly("cat1-box1", "cat2-box1");
        assertThat(hits.findValuesAsText("sample_id")).containsExactly("cat1", "cat2");
        Path out = dir.resolve("boxes.npy");
        assertThat(ok("similarity", "get", "--dataset", "pets", "--key", "boxes", "--sample-id", "bird1",
                "--out", out.toString()).out()).contains("Wrote 2 vectors");
        assertThat(Files.size(out)).isEqualTo(128 + 2 * 4 * 4);
        JsonNode dups = json("similarity", "duplicates", "--dataset", "pets", "--key", "boxes", "--threshold", "0.001");
        assertThat(dups.get("duplicateIds").size()).isGreaterThan(0);
        assertThat(json("similarity", "unique", "--dataset", "pets", "--key", "boxes", "--count", "3")).hasSize(3);
    }

    @Test
    void bad_usage_exits_2_and_names_the_problem() {
        CliRun missing = CliRun.run(env, "similarity", "query", "--dataset", "pets", "--key", "nope", "--id", "x");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("Dataset 'pets' has no index 'nope'");
        CliRun noQuery = CliRun.run(env, "similarity", "query", "--dataset", "pets", "--key", "k");
        assertThat(noQuery.exitCode()).isEqualTo(2);
        ok("similarity", "create", "--manifest", MANIFEST, "--key", "emb", "--embeddings-field", "emb");
        CliRun prompt = CliRun.run(env, "similarity", "query", "--dataset", "pets", "--key", "emb", "--text", "a dog");
        assertThat(prompt.exitCode()).isEqualTo(2);
        assertThat(prompt.err()).contains("has no model to embed text prompts");
        CliRun taken = CliRun.run(env, "similarity", "create", "--dataset", "pets", "--key", "emb",
                "--embeddings-field", "emb");
        assertThat(taken.exitCode()).isEqualTo(2);
        assertThat(taken.err()).contains("Index key 'emb' already exists on dataset 'pets'");
    }

    @Test
    void text_prompts_with_the_bundled_model() throws IOException {
        ok("similarity", "create", "--manifest", MANIFEST, "--key", "text", "--model", "minilm");
        JsonNode hits = json("similarity", "query", "--dataset", "pets", "--key", "text", "--text",
                "a dog at the seaside", "-k", "2");
        assertThat(hits.findValuesAsText("sample_id")).containsExactly("dog1", "dog2");
        CliRun unknown = CliRun.run(env, "similarity", "query", "--dataset", "pets", "--key", "text", "--text", "x",
                "--model", "nosuchmodel");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown embedding model 'nosuchmodel'");
    }

    @Test
    void every_subcommand_has_help() {
        for (String sub : List.of("create", "query", "add", "remove", "get", "list", "info", "rename", "delete",
                "cleanup", "duplicates", "unique")) {
            CliRun help = ok("similarity", sub, "--help");
            assertThat(help.out()).as(sub).contains("Usage: milvusdm similarity " + sub).contains("Example");
        }
    }
}
