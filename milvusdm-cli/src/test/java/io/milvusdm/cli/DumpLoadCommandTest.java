package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusdm.format.npy.NpySource;
import io.milvusdm.format.npy.NpySourceSpec;
import io.milvusdm.testing.TestEnvironment;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code milvusdm dump|load} failures a user meets before any server is reached, and their exit codes. */
class DumpLoadCommandTest {

    @TempDir
    static Path fixtures;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeFixtures() {
        TestEnvironment.runFixtureScript("dump_fixtures.py", fixtures.toString(), "500", "8", "3");
    }

    private Path config(String extra) throws IOException {
        Path file = dir.resolve("migration.yaml");
        Files.writeString(file, """
                dumper:
                  worker: {workMode: npy, limit: 2}
                  format: npy
                source:
                  mode: local
                  local: {npyFile: %s, npyIdsFile: %s}
                target:
                  create: {collection: {name: small}}
                  mode: local
                  local: {outputDir: %s}
                  milvus2x: {endpoint: '127.0.0.1:1'}
                %s""".formatted(fixtures.resolve("vectors.npy"), fixtures.resolve("ids.npy"), dir.resolve("out"), extra));
        return file;
    }

    @Test
    void an_unknown_key_is_a_usage_error_naming_it() throws IOException {
        CliRun run = CliRun.run(Map.of(), "dump", "--config", config("loader: {wroker: {limit: 2}}\n").toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("loader.wroker: unknown key");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void load_without_a_dump_says_to_dump_first() throws IOException {
        CliRun run = CliRun.run(Map.of(), "load", "--config", config("").toString(), "--no-progress");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("no dump in " + dir.resolve("out/migration/small")
                + ": manifest.json is missing (run milvusdm dump first");
    }

    @Test
    void load_of_a_truncated_npy_names_the_file_and_offset_before_touching_milvus() throws IOException {
        Path config = config("");
        CliRun dump = CliRun.run(Map.of(), "dump", "--config", config.toString(), "--no-progress");
        assertThat(dump.exitCode()).as(dump.toString()).isEqualTo(ExitCodes.OK);
        Path file = dir.resolve("out/migration/small/chunk-00000/data.npy");
        long size = Files.size(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size - 40);
        }

        CliRun load = CliRun.run(Map.of(), "load", "--config", config.toString(), "--no-progress");

        assertThat(load.exitCode()).as(load.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(load.err()).contains("file chunk-00000/data.npy of the dump in "
                + dir.resolve("out/migration/small") + " has " + (size - 40) + " bytes, the manifest says " + size
                + ": truncated at offset " + (size - 40));
        assertThat(load.err()).doesNotContain("Cannot connect");
    }

    @Test
    void milvus1x_work_mode_dumps_a_collection_of_a_data_directory_bit_for_bit() throws IOException {
        Milvus1xExpected.write(dir.resolve("m1x"), "unique");
        Path workPath = dir.resolve("m1x/unique");
        Path file = dir.resolve("m1x.yaml");
        Files.writeString(file, """
                dumper:
                  worker: {workMode: milvus1x, limit: 2}
                  format: npy
                meta:
                  mode: sqlite
                  sqliteFile: %s
                source:
                  mode: local
                  local: {tablesDir: %s}
                target:
                  create: {collection: {name: uniq_g}}
                  mode: local
                  local: {outputDir: %s}
                """.formatted(workPath.resolve("db/meta.sqlite"), workPath.resolve("db/tables"), dir.resolve("out1x")));

        CliRun dump = CliRun.run(Map.of(), "dump", "--config", file.toString(), "--no-progress");

        assertThat(dump.exitCode()).as(dump.toString()).isEqualTo(ExitCodes.OK);
        assertThat(dump.out()).contains("milvus 1.x collection 'uniq_g'");
        Path folder = dir.resolve("out1x/migration/uniq_g");
        java.util.List<NpySourceSpec.NpyFiles> chunks = new java.util.ArrayList<>();
        try (var listing = Files.list(folder)) {
            listing.filter(Files::isDirectory).sorted().forEach(chunk -> chunks.add(
                    new NpySourceSpec.NpyFiles(chunk.resolve("data.npy"), chunk.resolve("id.npy"))));
        }
        Milvus1xExpected expected = Milvus1xExpected.load(workPath, "uniq_g", "_default");
        Milvus1xExpected dumped = Milvus1xExpected.read(NpySource.open(new NpySourceSpec(chunks, false)));
        assertThat(dumped.ids()).containsExactly(expected.ids());
        assertThat(dumped.vectors()).containsExactly(expected.vectors());
    }
}
