package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusdm.milvus.MilvusItSupport;
import io.milvusdm.testing.TestEnvironment;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The H2M round trip: a Milvus Lite collection through {@code milvusdm to-hdf5}, then the side H2M job it wrote,
 * run unchanged but for the target port, into another collection: every id and vector arrives bit-exact, from
 * contiguous datasets and from chunked, shuffled and gzip-compressed ones.
 */
class ToHdf5FromMilvusIT {

    private static final int ROWS = 2_003;
    private static final int DIM = 24;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "--compression {0}")
    @ValueSource(strings = {"none", "gzip:6"})
    void the_side_h2m_job_moves_every_row_into_another_collection_bit_exact(String compression) throws IOException {
        try (MilvusItSupport milvus = new MilvusItSupport()) {
            String source = milvus.freshCollection("to_hdf5_src");
            String target = milvus.freshCollection("to_hdf5_dst");
            Map<Long, int[]> inserted = milvus.createFloatCollection(source, ROWS, DIM, 20261124);
            Path out = dir.resolve("export.h5");
            URI uri = URI.create(TestEnvironment.milvusUri());

            CliRun export = CliRun.run(Map.of(), "to-hdf5", "--milvus-uri", uri.toString(), "--collection", source,
                    "--out", out.toString(), "--dest-host", uri.getHost(), "--dest-port", "" + uri.getPort(),
                    "--dest-collection", target, "--no-progress", "--batch-bytes", "16KB",
                    "--compression", compression);

            assertThat(export.exitCode()).as(export.toString()).isEqualTo(ExitCodes.OK);
            assertThat(export.out()).contains("rows in target: 2,003 (expected 2,003)");
            Path yaml = dir.resolve("export.h5.yaml");
            assertThat(Files.readString(yaml)).contains("  dest_partition_name: ''\n", "  mode: skip\n",
                    "    dimension: 24\n", "    metric_type: L2\n").doesNotContain("None");

            CliRun load = CliRun.run(Map.of(), "--yaml", yaml.toString(), "--no-progress");

            assertThat(load.exitCode()).as(load.toString()).isEqualTo(ExitCodes.OK);
            long[] ids = inserted.keySet().stream().mapToLong(Long::longValue).toArray();
            Map<Object, int[]> loaded = milvus.readRawBitsByIds(target, null, ids);
            assertThat(loaded).hasSize(ROWS);
            inserted.forEach((id, bits) -> assertThat(loaded.get(id)).as("id %d", id).containsExactly(bits));
            milvus.drop(source);
            milvus.drop(target);
        }
    }
}
