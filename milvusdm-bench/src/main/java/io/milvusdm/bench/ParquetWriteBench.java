package io.milvusdm.bench;

import io.milvusdm.format.npy.NpySource;
import io.milvusdm.format.npy.NpySourceSpec;
import io.milvusdm.format.parquet.ParquetBatchWriter;
import io.milvusdm.format.parquet.ParquetLayout;
import io.milvusdm.format.parquet.ParquetWriteOptions;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.RunOptions;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Parquet write throughput: a NumPy vectors file (+ ids) streamed through {@link NpySource} into one Parquet file
 * by {@link ParquetBatchWriter}, in Milvus's bulk-import layout, one thread, best of {@code --repeats} in one
 * process (the first run pays for class loading and JIT). {@code --read-only true} measures the NumPy read alone.
 *
 * <pre>ParquetWriteBench --vectors V.npy --ids I.npy --out F.parquet --codec snappy [--repeats 3] [--read-only false]</pre>
 */
public final class ParquetWriteBench {

    private ParquetWriteBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = BenchArgs.parse("ParquetWriteBench", args);
        Path vectors = Path.of(a.string("vectors"));
        Path ids = Path.of(a.string("ids"));
        Path out = Path.of(a.string("out"));
        String codec = a.optional("codec", "snappy");
        int repeats = (int) a.number("repeats", 3);
        boolean readOnly = Boolean.parseBoolean(a.optional("read-only", "false"));
        ParquetWriteOptions options = ParquetWriteOptions.defaults().withCodec(ParquetWriteOptions.codecNamed(codec));
        double best = Double.MAX_VALUE;
        long rows = 0;
        long inputBytes = 0;
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            try (NpySource source = NpySource.open(NpySourceSpec.of(vectors, ids))) {
                ParquetLayout layout = ParquetLayout.of(source.schema(), "id", "embedding");
                rows = source.schema().totalRows();
                inputBytes = 0;
                ParquetBatchWriter writer = readOnly ? null : ParquetBatchWriter.open(
                        new BufferedOutputStream(Files.newOutputStream(out), 1 << 20), out.toString(), layout, options);
                for (Split split : source.splits(Long.MAX_VALUE)) {
                    try (BatchReader reader = source.open(split, RunOptions.DEFAULT_BATCH_BYTES)) {
                        for (VectorBatch batch = reader.next(); batch != null; batch = reader.next()) {
                            inputBytes += batch.byteSize();
                            if (writer != null) {
                                writer.write(batch);
                            }
                        }
                    }
                }
                if (writer != null) {
                    writer.close();
                }
            }
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        new Json().put("tool", readOnly ? "milvusdm-npy-read" : "milvusdm").put("codec", codec).put("rows", rows)
                .put("seconds", best).put("input_mb_per_s", inputBytes / best / 1e6)
                .put("output_bytes", readOnly ? 0 : Files.size(out)).print();
    }

}
