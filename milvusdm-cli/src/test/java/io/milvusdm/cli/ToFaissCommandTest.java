package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusdm.testing.TestEnvironment;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code milvusdm to-faiss}: the files it writes are checked by faiss-cpu itself. */
class ToFaissCommandTest {

    @TempDir
    static Path data;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeData() {
        TestEnvironment.runFixtureScript("faiss_writer_fixtures.py", "data", "--out", data.toString());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"flat, L2, flat", "idmap2, L2, idmap2", "idmap2, IP, idmap2", "ivf, L2, ivf_own"})
    void faiss_reads_the_file_back_and_searches_it_as_its_own(String kind, String metric, String check) {
        Path out = dir.resolve(kind + ".index");
        CliRun run = CliRun.run(Map.of(), "to-faiss", "--npy", data.resolve("vectors.npy").toString(), "--npy-ids",
                data.resolve("ids.npy").toString(), "--out", out.toString(), "--kind", kind, "--metric", metric,
                "--nlist", kind.equals("ivf") ? "16" : "0", "--no-progress", "--batch-bytes", "64KB");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        String verdict = TestEnvironment.runFixtureScript("faiss_writer_fixtures.py", "check", check,
                metric.equals("IP") ? "ip" : "l2", out.toString(), data.toString());
        assertThat(verdict.trim()).isEqualTo("ok");
    }

    @Test
    void append_is_refused_with_the_reason() {
        CliRun run = CliRun.run(Map.of(), "to-faiss", "--npy", data.resolve("vectors.npy").toString(), "--out",
                dir.resolve("x.index").toString(), "--mode", "append");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("cannot be appended to in place");
    }

    @Test
    void nlist_without_ivf_is_a_usage_error() {
        CliRun run = CliRun.run(Map.of(), "to-faiss", "--npy", data.resolve("vectors.npy").toString(), "--out",
                dir.resolve("x.index").toString(), "--kind", "flat", "--nlist", "8");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--nlist and --centroids go with --kind ivf");
    }
}
