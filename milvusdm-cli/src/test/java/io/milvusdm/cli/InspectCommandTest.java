package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvusdm.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code milvusdm inspect} on index files faiss-cpu writes at test time. */
class InspectCommandTest {

    @TempDir
    static Path fixtures;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeFixtures() {
        TestEnvironment.runFixtureScript("faiss_fixtures.py", "--out", fixtures.toString(), "idmap_ivf", "sq8",
                "hnsw_no_storage", "flat_l2", "dec_ivf_pq_ondisk");
    }

    @Test
    void shows_the_index_tree_that_vectors_are_exact_and_that_ids_come_from_the_id_map() {
        CliRun run = CliRun.run(Map.of(), "inspect", fixtures.resolve("idmap_ivf.index").toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("IxMp  IndexIDMap", "└─ IwFl  IndexIVFFlat", "nlist=7", "code=float32",
                "lists=ilar/", "vectors: exact", "ids: from the id map");
    }

    @Test
    void says_that_a_coded_index_is_decoded_and_needs_allow_lossy() {
        CliRun run = CliRun.run(Map.of(), "inspect", fixtures.resolve("sq8.index").toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("IxSQ", "vectors: decoded from SQ", "allow_lossy: true",
                "ids: none stored");
    }

    @Test
    void a_langchain_store_folder_shows_its_index_faiss() {
        TestEnvironment.runFixtureScript("langchain_fixtures.py", "--out", dir.toString(), "ivf_flat");
        CliRun run = CliRun.run(Map.of(), "inspect", dir.resolve("ivf_flat").toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("ivf_flat/index.faiss", "IwFl  IndexIVFFlat", "nlist=7", "vectors: exact",
                "ids: stored in the inverted lists");
    }

    @Test
    void an_ivf_pq_with_on_disk_lists_shows_them_and_a_truncated_data_file_exits_1_naming_it() throws IOException {
        CliRun run = CliRun.run(Map.of(), "inspect", fixtures.resolve("dec_ivf_pq_ondisk.index").toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("IwPQ  IndexIVFPQ", "lists=ilod", "vectors: decoded from PQ 6x6",
                "ids: stored in the inverted lists");

        Path index = Files.copy(fixtures.resolve("dec_ivf_pq_ondisk.index"), dir.resolve("cut.index"));
        byte[] data = Files.readAllBytes(fixtures.resolve("dec_ivf_pq_ondisk.ivfdata"));
        Files.write(dir.resolve("dec_ivf_pq_ondisk.ivfdata"), Arrays.copyOf(data, data.length - 100));
        CliRun cut = CliRun.run(Map.of(), "inspect", index.toString());

        assertThat(cut.exitCode()).as(cut.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(cut.err()).contains("data file is " + (data.length - 100) + " bytes, expected " + data.length,
                "truncated?", dir.resolve("dec_ivf_pq_ondisk.ivfdata").toString());
    }

    @Test
    void says_why_vectors_cannot_be_recovered() {
        CliRun run = CliRun.run(Map.of(), "inspect", fixtures.resolve("hnsw_no_storage.index").toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("vectors: not recoverable:", "graph only");
    }

    @Test
    void json_gives_the_same_facts_as_one_object() throws IOException {
        CliRun run = CliRun.run(Map.of(), "inspect", "--json", fixtures.resolve("idmap_ivf.index").toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.at("/index/fourcc").asText()).isEqualTo("IxMp");
        assertThat(json.at("/index/children/0/fourcc").asText()).isEqualTo("IwFl");
        assertThat(json.at("/index/children/0/nlist").asLong()).isEqualTo(7);
        assertThat(json.at("/index/ntotal").asLong()).isEqualTo(1003);
        assertThat(json.at("/vectors/recovery").asText()).isEqualTo("exact");
        assertThat(json.at("/ids").asText()).isEqualTo("id_map");
    }

    @Test
    void a_truncated_file_exits_1_naming_the_file_and_the_offset() throws IOException {
        byte[] whole = Files.readAllBytes(fixtures.resolve("flat_l2.index"));
        Path cut = dir.resolve("cut.index");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));

        CliRun run = CliRun.run(Map.of(), "inspect", cut.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("file=" + cut, "offset=0x").doesNotContain("\tat ");
    }

    @Test
    void a_file_that_is_not_faiss_exits_1() throws IOException {
        Path text = dir.resolve("notes.index");
        Files.writeString(text, "hello, this is not an index");

        CliRun run = CliRun.run(Map.of(), "inspect", text.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains(text.toString());
    }
}
