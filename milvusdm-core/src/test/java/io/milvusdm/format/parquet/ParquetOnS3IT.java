package io.milvusdm.format.parquet;

import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorType;
import io.milvusdm.storage.S3ObjectStore;
import io.milvusdm.storage.S3StoreOptions;
import io.milvusdm.testing.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parquet through a real S3-compatible server (S3Proxy): a file larger than three upload parts is written with
 * the multipart upload and read back row group by row group with ranged GETs; pyarrow reads the same bytes.
 */
class ParquetOnS3IT {

    @Test
    void writeToABucketAndReadBackBitExact(@TempDir Path dir) throws IOException {
        S3StoreOptions options = S3StoreOptions.of(TestEnvironment.s3Endpoint(), null,
                "it-pq-" + UUID.randomUUID().toString().substring(0, 8), "dump", TestEnvironment.s3AccessKey(),
                TestEnvironment.s3SecretKey(), false, false).withPartBytes(S3StoreOptions.MIN_PART_BYTES);
        int dim = 128;
        int rows = 40_000; // 20 MB of float32: four 5 MiB parts
        Random random = new Random(5);
        long[] ids = new long[rows];
        float[] vectors = new float[rows * dim];
        String[] texts = new String[rows];
        for (int r = 0; r < rows; r++) {
            ids[r] = 10L * r;
            texts[r] = r % 3 == 0 ? null : "t" + r;
        }
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = (float) random.nextGaussian();
        }
        ParquetLayout layout = new ParquetLayout("id", KeyKind.INT64, "vector", VectorType.FLOAT_VECTOR, dim,
                List.of(ScalarField.varchar("text", 16, true)));
        try (S3ObjectStore store = S3ObjectStore.open(options)) {
            store.check(true);
            try (ParquetBatchWriter writer = ParquetBatchWriter.open(store.create("c/part-00000.parquet"),
                    "c/part-00000.parquet", layout, ParquetWriteOptions.defaults()
                            .withCodec(org.apache.parquet.hadoop.metadata.CompressionCodecName.UNCOMPRESSED)
                            .withRowGroupBytes(4 << 20))) {
                for (int start = 0; start < rows; start += 5000) {
                    writer.write(new VectorBatch(new ParquetBatchWriterTest.TestSplit("s", rows), start,
                            new PrimaryKeys.Int64Keys(Arrays.copyOfRange(ids, start, start + 5000)),
                            new FloatVectors(dim, Arrays.copyOfRange(vectors, start * dim, (start + 5000) * dim)),
                            List.of(new ScalarColumn.VarcharColumn("text",
                                    Arrays.copyOfRange(texts, start, start + 5000)))));
                }
            }
            assertThat(store.size("c/part-00000.parquet")).isGreaterThan(3L * S3StoreOptions.MIN_PART_BYTES);

            ParquetSourceSpec spec = new ParquetSourceSpec(List.of("c/part-00000.parquet"), "id", "vector",
                    VectorType.BINARY_VECTOR, List.of(ScalarField.varchar("text", 16, true)));
            try (ParquetSource source = ParquetSource.open(store, spec)) {
                assertThat(source.splits(1 << 20)).hasSizeGreaterThan(4);
                ParquetSourceTest.Rows read = ParquetSourceTest.readAll(source, source.splits(1 << 20), 4 << 20);
                assertThat(read.longKeys()).isEqualTo(ids);
                assertThat(ParquetSourceTest.bits(read.floats())).isEqualTo(ParquetSourceTest.bits(vectors));
                assertThat(read.strings("text")).containsExactly(texts);
            }
            Path local = dir.resolve("copy.parquet");
            try (var in = store.open("c/part-00000.parquet")) {
                java.nio.file.Files.copy(in, local, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            PyarrowDump dump = PyarrowDump.of(local, dir.resolve("dump"));
            assertThat(dump.longs("id")).isEqualTo(ids);
            assertThat(ParquetSourceTest.bits(dump.floats("vector"))).isEqualTo(ParquetSourceTest.bits(vectors));
        }
    }
}
