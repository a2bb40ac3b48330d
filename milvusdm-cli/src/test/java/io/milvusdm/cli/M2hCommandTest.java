package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusdm.format.hdf5.Hdf5Source;
import io.milvusdm.format.hdf5.Hdf5SourceSpec;
import io.milvusdm.job.H2mJob;
import io.milvusdm.job.MilvusDmJobFile;
import io.milvusdm.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code milvusdm --yaml M2H.yaml} on a Milvus 1.x fixture directory: one HDF5 file and H2M job per partition. */
class M2hCommandTest {

    @TempDir
    static Path fixtures;

    @TempDir
    Path dir;

    private static Path milvus;

    @BeforeAll
    static void writeFixtures() {
        Milvus1xExpected.write(fixtures, "valid");
        milvus = fixtures.resolve("valid");
    }

    /** The valid case's segments share ids, as Milvus 1.x allowed; these jobs write every row, as MilvusDM did. */
    private Path job(String sourceCollection, String extra) throws IOException {
        return job(milvus, sourceCollection, "  duplicate_ids: keep_all\n" + extra);
    }

    private Path job(Path source, String sourceCollection, String extra) throws IOException {
        Path file = dir.resolve("M2H.yaml");
        Files.writeString(file, """
                M2H:
                  milvus_version: 1.1.0
                  source_milvus_path: %s
                  mysql_parameter:
                  source_collection: %s
                  data_dir: out
                %s""".formatted(source, sourceCollection, extra));
        return file;
    }

    private void assertFile(String collection, String tag) throws IOException {
        Path h5 = dir.resolve("out").resolve(collection).resolve(tag + ".h5");
        Milvus1xExpected actual = Milvus1xExpected.read(Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(h5), false)));
        assertThat(actual).as(h5.toString()).isEqualTo(Milvus1xExpected.load(milvus, collection, tag));
    }

    @Test
    void writes_every_partition_of_every_collection_named_with_an_h2m_job_beside_each() throws Exception {
        CliRun run = CliRun.run(Map.of(), "--yaml", job("{coll_f: [], coll_b: null, coll_t: []}", "").toString(),
                "--no-progress", "--batch-bytes", "4KB");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        for (String[] unit : new String[][] {{"coll_f", "_default"}, {"coll_f", "p1"}, {"coll_f", "p2"},
                {"coll_b", "_default"}, {"coll_t", "_default"}}) {
            assertFile(unit[0], unit[1]);
            assertThat(run.out()).contains("M2H " + unit[0] + "/" + unit[1] + " done");
        }
        try (Stream<Path> files = Files.walk(dir.resolve("out"))) {
            assertThat(files.filter(Files::isRegularFile).map(p -> dir.resolve("out").relativize(p).toString()))
                    .containsExactlyInAnyOrder("coll_f/_default.h5", "coll_f/_default.h5.yaml", "coll_f/p1.h5",
                            "coll_f/p1.h5.yaml", "coll_f/p2.h5", "coll_f/p2.h5.yaml", "coll_b/_default.h5",
                            "coll_b/_default.h5.yaml", "coll_t/_default.h5", "coll_t/_default.h5.yaml");
        }
        assertThat(run.out()).contains("M2H total: 5 units, 5 done, 0 skipped, 0 with a count mismatch;"
                + " 1,744 rows read, 1,744 written");
    }

    @Test
    void the_side_h2m_jobs_read_back_as_h2m_jobs_into_the_source_names() throws Exception {
        CliRun run = CliRun.run(Map.of(), "--yaml", job("{coll_f: [p1, _default], coll_b: []}", "").toString(),
                "--no-progress");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out().indexOf("M2H coll_f/_default done")).isLessThan(run.out().indexOf("M2H coll_f/p1 done"));
        assertThat(dir.resolve("out/coll_f/p2.h5")).doesNotExist();

        List<String> warnings = new ArrayList<>();
        H2mJob p1 = MilvusDmJobFile.readH2m(dir.resolve("out/coll_f/p1.h5.yaml"), Map.of(), warnings::add);
        assertThat(p1.source().files()).containsExactly(dir.resolve("out/coll_f/p1.h5"));
        assertThat(p1.target().collection()).isEqualTo("coll_f");
        assertThat(p1.target().partition()).isEqualTo("p1");
        assertThat(p1.target().dimension()).isEqualTo(19);
        assertThat(p1.target().metricType()).isEqualTo("L2");

        H2mJob defaultPartition = MilvusDmJobFile.readH2m(dir.resolve("out/coll_f/_default.h5.yaml"), Map.of(),
                warnings::add);
        assertThat(defaultPartition.target().partition()).isNull();

        H2mJob binary = MilvusDmJobFile.readH2m(dir.resolve("out/coll_b/_default.h5.yaml"), Map.of(), warnings::add);
        assertThat(binary.target().collection()).isEqualTo("coll_b");
        assertThat(binary.target().dimension()).isEqualTo(64);
        assertThat(binary.target().metricType()).isEqualTo("HAMMING");
        assertThat(warnings).isEmpty();
    }

    @Test
    void mode_skip_keeps_existing_files_and_names_the_skipped_units() throws Exception {
        Path file = job("{coll_f: [p1, p2]}", "  mode: skip\n");
        Files.createDirectories(dir.resolve("out/coll_f"));
        Files.writeString(dir.resolve("out/coll_f/p1.h5"), "kept");

        CliRun run = CliRun.run(Map.of(), "--yaml", file.toString(), "--no-progress");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(dir.resolve("out/coll_f/p1.h5"))).isEqualTo("kept");
        assertFile("coll_f", "p2");
        assertThat(run.out()).contains("M2H coll_f/p1 skipped", "M2H coll_f/p2 done",
                "2 units, 1 done, 1 skipped", "skipped units: coll_f/p1");
    }

    @Test
    void json_prints_one_object_per_unit_and_the_totals() throws Exception {
        CliRun run = CliRun.run(Map.of(), "--yaml", job("{coll_f: [p2]}", "").toString(), "--no-progress",
                "--json");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out().lines()).hasSize(2);
        assertThat(run.out().lines().toList().get(1)).contains("\"totals\":true", "\"done\":[\"coll_f/p2\"]",
                "\"rowsWritten\":33");
    }

    @Test
    void compression_gzip_writes_chunked_files_that_h5py_and_our_reader_read_back() throws Exception {
        CliRun run = CliRun.run(Map.of(), "--yaml", job("{coll_f: [p1], coll_b: []}", "  compression: gzip:6\n")
                .toString(), "--no-progress");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertFile("coll_f", "p1");
        assertFile("coll_b", "_default");
        String dump = TestEnvironment.runFixtureScript("hdf5_dump_written.py",
                dir.resolve("out/coll_f/p1.h5").toString());
        assertThat(dump).contains("\"compression\": \"gzip\", \"compression_opts\": 6, \"shuffle\": true");
    }

    @Test
    void repeated_ids_stop_the_job_with_exit_2_before_any_file_is_written() throws Exception {
        CliRun run = CliRun.run(Map.of(), "--yaml", job(milvus, "{coll_t: [], coll_f: []}", "").toString(),
                "--no-progress");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("collection 'coll_f' (partitions _default, p1, p2): ", "ids occur more than once",
                "nothing was written", "duplicate_ids");
        // coll_t, named first, has no repeats: the pre-scan of every collection runs before any unit is written.
        assertThat(dir.resolve("out/coll_t/_default.h5")).doesNotExist();
    }

    @Test
    void an_unknown_partition_fails_naming_it() throws Exception {
        CliRun run = CliRun.run(Map.of(), "--yaml", job("{coll_f: [nope]}", "").toString(), "--no-progress");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("no partition 'nope' in collection 'coll_f'");
    }
}
