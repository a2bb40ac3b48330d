package io.milvusdm.format.hdf5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milvusdm.format.hdf5.write.Hdf5Sink;
import io.milvusdm.format.hdf5.write.Hdf5WriteSpec;
import io.milvusdm.pipeline.JobRunner;
import io.milvusdm.pipeline.JobSummary;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.Ledger;
import io.milvusdm.pipeline.ProgressListener;
import io.milvusdm.pipeline.RunOptions;
import io.milvusdm.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * HDF5 files written by {@link Hdf5Sink} from h5py-written fixtures: h5py reads them bit-exact against what the
 * fixture script expects, and our own {@link Hdf5Source} reads them back.
 */
class Hdf5SinkTest {

    /** Splits of 4 KiB and batches of 1 KiB: a 1003-row file becomes dozens of splits, delivered by two threads. */
    private static final RunOptions SMALL = new RunOptions(2, 1024, 4096, false);

    @TempDir
    static Path fixtures;
    @TempDir
    Path out;

    @BeforeAll
    static void writeFixtures() {
        Hdf5Fixtures.write(fixtures, "float32_ids", "float64_ids", "uint8_ids", "float32_noids", "zero_rows");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"float32_ids, false", "float64_ids, false", "uint8_ids, false", "float32_noids, true",
        "zero_rows, false"})
    void h5py_reads_every_row_bit_exact_and_so_does_our_reader(String stem, boolean autoId) throws IOException {
        Path file = out.resolve(stem + ".out.h5");
        Path input = fixtures.resolve(stem).resolve(stem + ".h5");

        JobSummary summary = run(input, autoId, new Hdf5WriteSpec(file, Hdf5WriteSpec.Mode.OVERWRITE));

        assertThat(summary.status()).isEqualTo(JobSummary.Status.DONE);
        String check = TestEnvironment.runFixtureScript("hdf5_check_written.py", file.toString(),
                fixtures.resolve(stem).resolve(stem).toString());
        assertThat(check.strip()).isEqualTo("ok");
        Hdf5Fixtures.Expected expected = Hdf5Fixtures.Expected.load(fixtures.resolve(stem), stem);
        try (Hdf5Source back = Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(file), autoId))) {
            assertThat(back.schema().totalRows()).isEqualTo(expected.rows());
            assertThat(back.schema().keyKind()).isEqualTo(autoId ? KeyKind.NONE : KeyKind.INT64);
            if (expected.rows() > 0) {
                Hdf5ReadAll all = Hdf5ReadAll.read(back, 1 << 20, 1 << 16);
                all.assertEveryRowReadOnce();
                all.assertVectors(0, expected);
                if (!autoId) {
                    all.assertKeys(0, expected.ids());
                }
            }
        }
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left).as("no staging or temporary file is left").containsExactly(file);
        }
    }

    @Test
    void skip_leaves_an_existing_file_untouched_and_overwrite_replaces_it() throws IOException {
        Path file = out.resolve("existing.h5");
        Files.writeString(file, "not yet HDF5");
        Path input = fixtures.resolve("float32_ids/float32_ids.h5");

        JobSummary skipped = run(input, false, new Hdf5WriteSpec(file, Hdf5WriteSpec.Mode.SKIP));
        assertThat(skipped.status()).isEqualTo(JobSummary.Status.SKIPPED);
        assertThat(Files.readString(file)).isEqualTo("not yet HDF5");

        JobSummary replaced = run(input, false, new Hdf5WriteSpec(file, Hdf5WriteSpec.Mode.OVERWRITE));
        assertThat(replaced.status()).isEqualTo(JobSummary.Status.DONE);
        assertThat(TestEnvironment.runFixtureScript("hdf5_check_written.py", file.toString(),
                fixtures.resolve("float32_ids/float32_ids").toString()).strip()).isEqualTo("ok");
    }

    @Test
    void a_resumed_run_is_refused_naming_the_file() throws IOException {
        Path file = out.resolve("resume.h5");
        try (Hdf5Source source = Hdf5Source.open(Hdf5SourceSpec.milvusdm(
                List.of(fixtures.resolve("float32_ids/float32_ids.h5")), false));
             Hdf5Sink sink = new Hdf5Sink(Hdf5WriteSpec.overwrite(file), source, SMALL)) {
            assertThatThrownBy(() -> sink.prepare(source.schema(), true, 0)).isInstanceOf(IOException.class)
                    .hasMessage("an HDF5 file (" + file + ") is written in one run and cannot be resumed; run the job"
                            + " again without resume");
        }
    }

    private JobSummary run(Path input, boolean autoId, Hdf5WriteSpec spec) throws IOException {
        Path ledgerFile = out.resolveSibling(out.getFileName() + ".ledger");
        try (Hdf5Source source = Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(input), autoId));
             Hdf5Sink sink = new Hdf5Sink(spec, source, SMALL);
             Ledger ledger = Ledger.open(ledgerFile, spec.path().toString(), false)) {
            return new JobRunner(source, sink, ledger, SMALL, ProgressListener.NONE).run();
        } finally {
            Files.deleteIfExists(ledgerFile);
        }
    }
}
