package io.milvusdm.format.parquet;

import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorType;
import io.milvusdm.storage.AbortableOutputStream;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files the writer makes are read back by pyarrow (the pinned one), value for value, bit for bit. */
class ParquetBatchWriterTest {

    private static final int DIM = 37;

    @TempDir
    Path dir;

    @Test
    void pyarrowReadsFloatVectorsKeysAndNullableStringsBitExact() throws IOException {
        List<ScalarField> fields = List.of(ScalarField.varchar("text", 200, true), ScalarField.json("meta", true));
        ParquetLayout layout = new ParquetLayout("id", KeyKind.INT64, "embedding", VectorType.FLOAT_VECTOR, DIM,
                fields);
        Path file = dir.resolve("f.parquet");
        int rows = 2500;
        long[] ids = new long[rows];
        float[] vectors = new float[rows * DIM];
        String[] texts = new String[rows];
        byte[][] metas = new byte[rows][];
        Random random = new Random(7);
        for (int r = 0; r < rows; r++) {
            ids[r] = 1611731769000715000L + 3L * r;
            for (int d = 0; d < DIM; d++) {
                vectors[r * DIM + d] = (float) random.nextGaussian();
            }
            texts[r] = r % 7 == 3 ? null : "row " + r + " é漢";
            metas[r] = r % 5 == 1 ? null : ("{\"row\": " + r + ", \"t\": [\"a\", \"b\\\"c\"]}").getBytes(StandardCharsets.UTF_8);
        }
        float[] edges = {-0.0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE, Float.MIN_VALUE,
                Float.intBitsToFloat(0x7fc00001)};
        System.arraycopy(edges, 0, vectors, 0, edges.length);

        ParquetWriteOptions options = ParquetWriteOptions.defaults().withRowGroupBytes(96 << 10);
        long before;
        try (ParquetBatchWriter writer = ParquetBatchWriter.open(Files.newOutputStream(file), file.toString(),
                layout, options)) {
            for (int start = 0; start < rows; start += 700) {
                int end = Math.min(rows, start + 700);
                writer.write(new VectorBatch(new TestSplit("s", rows), start,
                        new PrimaryKeys.Int64Keys(Arrays.copyOfRange(ids, start, end)),
                        new FloatVectors(DIM, Arrays.copyOfRange(vectors, start * DIM, end * DIM)),
                        List.of(new ScalarColumn.VarcharColumn("text", Arrays.copyOfRange(texts, start, end)),
                                new ScalarColumn.JsonColumn("meta", Arrays.copyOfRange(metas, start, end)))));
            }
            assertThat(writer.rowsWritten()).isEqualTo(rows);
            before = writer.bytesWritten();
        }
        assertThat(before).as("an estimate of the final size").isBetween(Files.size(file) / 2, Files.size(file) * 2);

        PyarrowDump dump = PyarrowDump.of(file, dir.resolve("dump"));
        assertThat(dump.rows()).isEqualTo(rows);
        assertThat(dump.rowGroups()).as("row groups bounded by 96 KiB").isGreaterThan(3);
        assertThat(dump.codec()).isEqualTo("SNAPPY");
        assertThat(dump.arrowType("id")).isEqualTo("int64");
        assertThat(dump.arrowType("embedding")).isEqualTo("list<element: float not null>");
        assertThat(dump.arrowType("text")).isEqualTo("string");
        assertThat(dump.arrowType("meta")).isEqualTo("string");
        assertThat(dump.longs("id")).isEqualTo(ids);
        assertThat(dump.lengths("embedding")).containsOnly(DIM).hasSize(rows);
        assertThat(bits(dump.floats("embedding"))).isEqualTo(bits(vectors));
        assertThat(dump.strings("text")).containsExactly(texts);
        List<String> metaTexts = new ArrayList<>();
        for (byte[] meta : metas) {
            metaTexts.add(meta == null ? null : new String(meta, StandardCharsets.UTF_8));
        }
        assertThat(dump.strings("meta")).isEqualTo(metaTexts);
    }

    @ParameterizedTest
    @EnumSource(value = CompressionCodecName.class, names = {"UNCOMPRESSED", "ZSTD", "GZIP", "LZ4_RAW"})
    void pyarrowReadsBinaryVectorsWithVarcharKeysUnderEveryCodec(CompressionCodecName codec) throws IOException {
        ParquetLayout layout = new ParquetLayout("pk", KeyKind.VARCHAR, "bits", VectorType.BINARY_VECTOR, 64,
                List.of());
        int rows = 301;
        byte[] bits = new byte[rows * 8];
        new Random(3).nextBytes(bits);
        String[] keys = new String[rows];
        for (int r = 0; r < rows; r++) {
            keys[r] = "key-" + r;
        }
        Path file = dir.resolve(codec + ".parquet");
        try (ParquetBatchWriter writer = ParquetBatchWriter.open(Files.newOutputStream(file), file.toString(),
                layout, ParquetWriteOptions.defaults().withCodec(codec))) {
            writer.write(new VectorBatch(new TestSplit("s", rows), 0, new PrimaryKeys.VarcharKeys(keys),
                    new ByteVectors(VectorType.BINARY_VECTOR, 64, bits)));
        }
        PyarrowDump dump = PyarrowDump.of(file, dir.resolve("dump-" + codec));
        assertThat(dump.codec()).isEqualTo(codec == CompressionCodecName.LZ4_RAW ? "LZ4" : codec.name());
        assertThat(dump.arrowType("bits")).isEqualTo("list<element: uint8 not null>");
        assertThat(dump.strings("pk")).containsExactly(keys);
        assertThat(dump.lengths("bits")).containsOnly(8);
        assertThat(dump.rawBytes("bits")).isEqualTo(bits);
    }

    @Test
    void rowGroupsOfLargeRowsEndAtTheirSizeNotAThousandRowsLater() throws IOException {
        // rows of ~64 KB of text: a check every 1024 rows (or at the batch's end) made one 6 MB group of 100 rows
        List<ScalarField> fields = List.of(ScalarField.varchar("text", 65_535, false));
        ParquetLayout layout = new ParquetLayout("id", KeyKind.INT64, "embedding", VectorType.FLOAT_VECTOR, DIM,
                fields);
        int rows = 100;
        long[] ids = new long[rows];
        String[] texts = new String[rows];
        Random random = new Random(11);
        for (int r = 0; r < rows; r++) {
            ids[r] = r;
            StringBuilder text = new StringBuilder();
            while (text.length() < 64_000) {
                text.append(Long.toString(random.nextLong(), 36));
            }
            texts[r] = text.toString();
        }
        long groupBytes = 1 << 20;
        Path file = dir.resolve("large-rows.parquet");
        try (ParquetBatchWriter writer = ParquetBatchWriter.open(Files.newOutputStream(file), file.toString(),
                layout, ParquetWriteOptions.defaults().withCodec(CompressionCodecName.UNCOMPRESSED)
                        .withRowGroupBytes(groupBytes))) {
            writer.write(new VectorBatch(new TestSplit("s", rows), 0, new PrimaryKeys.Int64Keys(ids),
                    new FloatVectors(DIM, new float[rows * DIM]),
                    List.of(new ScalarColumn.VarcharColumn("text", texts))));
        }
        try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(
                new org.apache.parquet.io.LocalInputFile(file))) {
            List<org.apache.parquet.hadoop.metadata.BlockMetaData> groups = reader.getFooter().getBlocks();
            assertThat(groups).hasSizeGreaterThanOrEqualTo(6);
            long rowBytes = 64_100 + DIM * 4 + 8;
            assertThat(groups).allSatisfy(group -> assertThat(group.getTotalByteSize())
                    .as("a group ends within a row or two of its size").isLessThanOrEqualTo(groupBytes + 2 * rowBytes));
            assertThat(groups.stream().mapToLong(org.apache.parquet.hadoop.metadata.BlockMetaData::getRowCount).sum())
                    .isEqualTo(rows);
        }
        assertThat(PyarrowDump.of(file, dir.resolve("large-dump")).strings("text")).containsExactly(texts);
    }

    @Test
    void aFileWithoutRowsIsStillAParquetFile() throws IOException {
        ParquetLayout layout = new ParquetLayout("id", KeyKind.INT64, "v", VectorType.FLOAT_VECTOR, 4, List.of());
        Path file = dir.resolve("empty.parquet");
        ParquetBatchWriter.open(Files.newOutputStream(file), file.toString(), layout, ParquetWriteOptions.defaults())
                .close();
        PyarrowDump dump = PyarrowDump.of(file, dir.resolve("dump-empty"));
        assertThat(dump.rows()).isZero();
        assertThat(dump.rowGroups()).isZero();
    }

    @Test
    void autoIdFilesHaveNoKeyColumn() throws IOException {
        ParquetLayout layout = new ParquetLayout("id", KeyKind.NONE, "v", VectorType.FLOAT_VECTOR, 2, List.of());
        assertThat(layout.columnNames()).containsExactly("v");
        assertThat(layout.messageType().toString()).doesNotContain("id");
    }

    @Test
    void aBatchThatDoesNotMatchTheLayoutIsRefusedNamingTheFile() throws IOException {
        ParquetLayout layout = new ParquetLayout("id", KeyKind.INT64, "v", VectorType.FLOAT_VECTOR, 4, List.of(
                ScalarField.varchar("text", 10, false)));
        try (ParquetBatchWriter writer = ParquetBatchWriter.open(new ByteArrayOutputStream(), "s3://b/x.parquet",
                layout, ParquetWriteOptions.defaults())) {
            assertThatThrownBy(() -> writer.write(new VectorBatch(new TestSplit("s", 1), 0,
                    new PrimaryKeys.Int64Keys(new long[] {1}), new FloatVectors(2, new float[2]),
                    List.of(new ScalarColumn.VarcharColumn("text", new String[] {"a"})))))
                    .hasMessage("batch of split s has FLOAT_VECTOR dim 2, s3://b/x.parquet holds FLOAT_VECTOR dim 4");
            assertThatThrownBy(() -> writer.write(new VectorBatch(new TestSplit("s", 1), 0,
                    new PrimaryKeys.Int64Keys(new long[] {1}), new FloatVectors(4, new float[4]),
                    List.of(new ScalarColumn.VarcharColumn("text", new String[] {null})))))
                    .hasMessage("column 'text' of split s has 1 null values, but the field is not nullable");
        }
    }

    @Test
    void abortThrowsTheObjectAwayInsteadOfFinishingIt() throws IOException {
        RecordingStream out = new RecordingStream();
        ParquetLayout layout = new ParquetLayout("id", KeyKind.INT64, "v", VectorType.FLOAT_VECTOR, 2, List.of());
        ParquetBatchWriter writer = ParquetBatchWriter.open(out, "x", layout, ParquetWriteOptions.defaults());
        writer.write(new VectorBatch(new TestSplit("s", 1), 0, new PrimaryKeys.Int64Keys(new long[] {1}),
                new FloatVectors(2, new float[2])));
        writer.abort();
        writer.close();
        assertThat(out.aborted).isTrue();
        assertThat(out.closed).isFalse();
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    private static final class RecordingStream extends AbortableOutputStream {
        boolean aborted;
        boolean closed;

        @Override
        public void write(int b) {
        }

        @Override
        public void abort() {
            aborted = true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    record TestSplit(String id, long rowCount) implements Split {
    }
}
