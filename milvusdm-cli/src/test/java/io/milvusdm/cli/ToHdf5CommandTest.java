package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jhdf.HdfFile;
import io.milvusdm.format.hdf5.Hdf5Source;
import io.milvusdm.format.hdf5.Hdf5SourceSpec;
import io.milvusdm.format.npy.NpySource;
import io.milvusdm.format.npy.NpySourceSpec;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.Source;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code milvusdm to-hdf5} from NumPy and Faiss files: the rows, in order, and the side H2M job. */
class ToHdf5CommandTest {

    @TempDir
    static Path data;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeData() {
        TestEnvironment.runFixtureScript("faiss_writer_fixtures.py", "data", "--out", data.toString());
    }

    @Test
    void npy_rows_arrive_in_order_with_their_ids_and_an_h2m_job_beside_the_file() throws IOException {
        Path out = dir.resolve("out.h5");
        CliRun run = CliRun.run(Map.of(), "to-hdf5", "--npy", data.resolve("vectors.npy").toString(), "--npy-ids",
                data.resolve("ids.npy").toString(), "--out", out.toString(), "--no-progress", "--batch-bytes", "4KB");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(rowsOf(Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(out), false))))
                .isEqualTo(rowsOf(NpySource.open(NpySourceSpec.of(data.resolve("vectors.npy"),
                        data.resolve("ids.npy")))));
        String yaml = Files.readString(dir.resolve("out.h5.yaml"));
        assertThat(yaml).contains("H2M:\n", "    - '" + out.toAbsolutePath() + "'\n", "  dest_host: '127.0.0.1'\n",
                "  dest_port: 19530\n", "  mode: skip\n", "  dest_collection_name: 'vectors'\n",
                "  dest_partition_name: ''\n", "    metric_type: L2\n").doesNotContain("None", "auto_id");
        assertThat(run.out()).contains("H2M job: " + dir.resolve("out.h5.yaml").toAbsolutePath());
    }

    @Test
    void a_faiss_index_keeps_its_ids_and_its_metric() throws IOException {
        Path out = dir.resolve("ip.h5");
        CliRun run = CliRun.run(Map.of(), "to-hdf5", "--faiss", data.resolve("faiss_idmap2_ip.index").toString(),
                "--out", out.toString(), "--no-progress", "--dest-port", "19591", "--dest-collection", "docs");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(rowsOf(Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(out), false))))
                .isEqualTo(rowsOf(NpySource.open(NpySourceSpec.of(data.resolve("vectors.npy"),
                        data.resolve("ids.npy")))));
        try (HdfFile file = new HdfFile(out)) {
            assertThat(file.getAttribute("metric").getData()).isEqualTo("IP");
            assertThat(file.getAttribute("vector_type").getData()).isEqualTo("FLOAT_VECTOR");
        }
        assertThat(Files.readString(dir.resolve("ip.h5.yaml"))).contains("  dest_port: 19591\n",
                "  dest_collection_name: 'docs'\n", "    metric_type: IP\n");
    }

    @Test
    void skip_leaves_an_existing_file_and_writes_no_job() throws IOException {
        Path out = dir.resolve("kept.h5");
        Files.writeString(out, "kept");
        CliRun run = CliRun.run(Map.of(), "to-hdf5", "--npy", data.resolve("vectors.npy").toString(), "--out",
                out.toString(), "--mode", "skip", "--no-progress");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(out)).isEqualTo("kept");
        assertThat(dir.resolve("kept.h5.yaml")).doesNotExist();
    }

    @Test
    void options_of_another_input_are_usage_errors() {
        CliRun lossy = CliRun.run(Map.of(), "to-hdf5", "--npy", data.resolve("vectors.npy").toString(), "--out",
                dir.resolve("x.h5").toString(), "--allow-lossy");
        assertThat(lossy.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(lossy.err()).contains("--allow-lossy goes with --faiss");
        CliRun append = CliRun.run(Map.of(), "to-hdf5", "--npy", data.resolve("vectors.npy").toString(), "--out",
                dir.resolve("x.h5").toString(), "--mode", "append");
        assertThat(append.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(append.err()).contains("--mode: expected overwrite or skip, found 'append'");
    }

    /** Every row of a source in its order, as "id: raw float bits". */
    private static List<String> rowsOf(Source source) throws IOException {
        List<String> rows = new ArrayList<>();
        try (source) {
            int d = source.schema().dimension();
            for (Split split : source.splits(1 << 20)) {
                try (BatchReader reader = source.open(split, 1 << 16)) {
                    for (VectorBatch b = reader.next(); b != null; b = reader.next()) {
                        long[] ids = ((PrimaryKeys.Int64Keys) b.keys()).values();
                        float[] values = ((FloatVectors) b.vectors()).values();
                        for (int r = 0; r < b.rowCount(); r++) {
                            StringBuilder row = new StringBuilder().append(ids[r]).append(':');
                            for (int j = 0; j < d; j++) {
                                row.append(' ').append(Integer.toHexString(Float.floatToRawIntBits(values[r * d + j])));
                            }
                            rows.add(row.toString());
                        }
                    }
                }
            }
        }
        return rows;
    }
}
