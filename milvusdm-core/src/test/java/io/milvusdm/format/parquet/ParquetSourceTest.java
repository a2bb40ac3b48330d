package io.milvusdm.format.parquet;

import io.milvusdm.format.FormatException;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorType;
import io.milvusdm.storage.FolderStore;
import io.milvusdm.storage.ObjectStore;
import io.milvusdm.testing.TestEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files pyarrow and pandas write (scripts/fixtures/parquet_fixtures.py) are read value for value, bit for bit. */
class ParquetSourceTest {

    @TempDir
    static Path fixtures;

    private static ObjectStore store;

    @BeforeAll
    static void writeFixtures() {
        TestEnvironment.runFixtureScript("parquet_fixtures.py", "--out", fixtures.toString(), "--all");
        store = new FolderStore(fixtures);
    }

    @Test
    void listOfFloatVectorsInt64KeysAndNullableStringsAcrossRowGroups() throws IOException {
        ParquetSourceSpec spec = new ParquetSourceSpec(List.of("float_int64.parquet"), "id", "embedding",
                VectorType.BINARY_VECTOR, List.of(ScalarField.varchar("text", 200, true), ScalarField.json("meta", true)));
        PyarrowDump expected = PyarrowDump.read(fixtures.resolve("float_int64"));
        try (ParquetSource source = ParquetSource.open(store, spec)) {
            assertThat(source.schema().vectorType()).isEqualTo(VectorType.FLOAT_VECTOR);
            assertThat(source.schema().dimension()).isEqualTo(37);
            assertThat(source.schema().keyKind()).isEqualTo(KeyKind.INT64);
            assertThat(source.schema().totalRows()).isEqualTo(1003);
            List<Split> splits = source.splits(1 << 20);
            assertThat(splits).hasSize(expected.rowGroups());
            assertThat(splits.get(1).id()).isEqualTo("parquet:0:float_int64.parquet:rg1");
            Rows rows = readAll(source, splits, 1 << 20);
            assertThat(rows.longKeys()).isEqualTo(expected.longs("id"));
            assertThat(bits(rows.floats())).isEqualTo(bits(expected.floats("embedding")));
            assertThat(rows.strings("text")).isEqualTo(expected.strings("text"));
            assertThat(rows.strings("meta")).isEqualTo(expected.strings("meta"));
            assertThat(rows.firstRows()).startsWith(0L, 300L, 600L, 900L);
        }
    }

    @Test
    void varcharKeysAndFixedSizeListsAndTheWayBulkWriterWrites() throws IOException {
        PyarrowDump fixed = PyarrowDump.read(fixtures.resolve("fixed_varchar"));
        try (ParquetSource source = ParquetSource.open(store, ParquetSourceSpec.of(List.of("fixed_varchar.parquet"),
                "pk", "vec"))) {
            assertThat(source.schema().keyKind()).isEqualTo(KeyKind.VARCHAR);
            assertThat(source.schema().dimension()).isEqualTo(8);
            Rows rows = readAll(source, source.splits(1 << 20), 1 << 20);
            assertThat(rows.stringKeys()).isEqualTo(fixed.strings("pk"));
            assertThat(bits(rows.floats())).isEqualTo(bits(fixed.floats("vec")));
        }
        PyarrowDump pandas = PyarrowDump.read(fixtures.resolve("bulkwriter"));
        ParquetSourceSpec spec = new ParquetSourceSpec(List.of("bulkwriter.parquet"), "id", "vector",
                VectorType.BINARY_VECTOR, List.of(ScalarField.varchar("doc", 300, false)));
        try (ParquetSource source = ParquetSource.open(store, spec)) {
            Rows rows = readAll(source, source.splits(1 << 20), 1 << 20);
            assertThat(rows.longKeys()).isEqualTo(pandas.longs("id"));
            assertThat(bits(rows.floats())).isEqualTo(bits(pandas.floats("vector")));
            assertThat(rows.strings("doc")).isEqualTo(pandas.strings("doc"));
        }
    }

    @Test
    void listsOfUint8AreBinaryVectorsOrHalfFloatsAsTheSpecSays() throws IOException {
        PyarrowDump expected = PyarrowDump.read(fixtures.resolve("binary"));
        try (ParquetSource source = ParquetSource.open(store, ParquetSourceSpec.of(List.of("binary.parquet"), "id",
                "bits"))) {
            assertThat(source.schema().vectorType()).isEqualTo(VectorType.BINARY_VECTOR);
            assertThat(source.schema().dimension()).isEqualTo(64);
            Rows rows = readAll(source, source.splits(1 << 20), 1 << 20);
            assertThat(rows.bytes()).isEqualTo(expected.rawBytes("bits"));
            assertThat(rows.longKeys()).isEqualTo(expected.longs("id"));
        }
        ParquetSourceSpec halves = new ParquetSourceSpec(List.of("binary.parquet"), null, "bits",
                VectorType.FLOAT16_VECTOR, List.of());
        try (ParquetSource source = ParquetSource.open(store, halves)) {
            assertThat(source.schema().vectorType()).isEqualTo(VectorType.FLOAT16_VECTOR);
            assertThat(source.schema().dimension()).isEqualTo(4);
            assertThat(source.schema().keyKind()).isEqualTo(KeyKind.NONE);
            Rows rows = readAll(source, source.splits(1 << 20), 1 << 20);
            assertThat(rows.bytes()).isEqualTo(expected.rawBytes("bits"));
        }
    }

    @Test
    void batchesAreBoundedByBytes() throws IOException {
        try (ParquetSource source = ParquetSource.open(store, ParquetSourceSpec.of(List.of("float_int64.parquet"),
                "id", "embedding"))) {
            Split split = source.splits(1 << 20).get(0);
            int rowBytes = 37 * 4 + 8;
            try (BatchReader reader = source.open(split, 10 * rowBytes)) {
                List<Integer> sizes = new ArrayList<>();
                for (VectorBatch batch = reader.next(); batch != null; batch = reader.next()) {
                    assertThat(batch.byteSize()).isLessThanOrEqualTo(10L * rowBytes);
                    sizes.add(batch.rowCount());
                }
                assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(300);
                assertThat(sizes).hasSize(30);
            }
        }
    }

    @Test
    void ourWriterAndOurReaderRoundTrip(@TempDir Path dir) throws IOException {
        ObjectStore folder = new FolderStore(dir);
        ParquetLayout layout = new ParquetLayout("id", KeyKind.INT64, "v", VectorType.FLOAT_VECTOR, 3,
                List.of(ScalarField.json("meta", true)));
        long[] ids = {5, 6, 7};
        float[] vectors = {1, 2, 3, -0.0f, Float.NaN, Float.MIN_VALUE, 7, 8, 9};
        byte[][] metas = {"{}".getBytes(StandardCharsets.UTF_8), null, "[1]".getBytes(StandardCharsets.UTF_8)};
        try (ParquetBatchWriter writer = ParquetBatchWriter.open(folder.create("a/part-1.parquet"), "a/part-1.parquet",
                layout, ParquetWriteOptions.defaults())) {
            writer.write(new VectorBatch(new ParquetBatchWriterTest.TestSplit("s", 3), 0,
                    new PrimaryKeys.Int64Keys(ids), new FloatVectors(3, vectors),
                    List.of(new ScalarColumn.JsonColumn("meta", metas))));
        }
        ParquetSourceSpec spec = new ParquetSourceSpec(List.of("a/part-1.parquet"), "id", "v",
                VectorType.BINARY_VECTOR, List.of(ScalarField.json("meta", true)));
        try (ParquetSource source = ParquetSource.open(folder, spec)) {
            Rows rows = readAll(source, source.splits(1 << 20), 1 << 20);
            assertThat(rows.longKeys()).isEqualTo(ids);
            assertThat(bits(rows.floats())).isEqualTo(bits(vectors));
            assertThat(rows.strings("meta")).containsExactly("{}", null, "[1]");
        }
    }

    @Test
    void aTruncatedFileIsNamedWithWhatWasExpectedAndFound(@TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(fixtures.resolve("float_int64.parquet"));
        Files.write(dir.resolve("cut.parquet"), Arrays.copyOf(whole, whole.length - 100));
        Files.write(dir.resolve("tiny.parquet"), Arrays.copyOf(whole, 6));
        Files.writeString(dir.resolve("notes.parquet"), "id,vector\n1,\"[1,2]\"\n");
        ObjectStore folder = new FolderStore(dir);
        assertThatThrownBy(() -> ParquetSource.open(folder, ParquetSourceSpec.of(List.of("cut.parquet"), "id",
                "embedding")))
                .isInstanceOf(FormatException.class)
                .hasMessageStartingWith("Parquet file 'cut.parquet' in " + dir + " ends with ")
                .hasMessageContaining("expected a footer length and the Parquet magic 'PAR1': the file is truncated ("
                        + (whole.length - 100) + " bytes)");
        assertThatThrownBy(() -> ParquetSource.open(folder, ParquetSourceSpec.of(List.of("tiny.parquet"), "id",
                "embedding")))
                .hasMessageStartingWith("Parquet file 'tiny.parquet' in " + dir + " is 6 bytes, too short");
        assertThatThrownBy(() -> ParquetSource.open(folder, ParquetSourceSpec.of(List.of("notes.parquet"), "id",
                "embedding")))
                .hasMessageStartingWith("Parquet file 'notes.parquet' in " + dir + " starts with 69642c76, expected"
                        + " the Parquet magic 'PAR1' (50415231): not a Parquet file");
    }

    @Test
    void foreignColumnsAndRaggedVectorsAreClearErrors() throws IOException {
        assertThatThrownBy(() -> ParquetSource.open(store, ParquetSourceSpec.of(List.of("foreign.parquet"), "id",
                "embedding")))
                .isInstanceOf(FormatException.class)
                .hasMessageStartingWith("Parquet file 'foreign.parquet' in " + fixtures + " does not hold the expected"
                        + " columns: vector column 'embedding' is int64, expected a list of float (FLOAT_VECTOR) or of"
                        + " uint8");
        assertThatThrownBy(() -> ParquetSource.open(store, ParquetSourceSpec.of(List.of("foreign.parquet"), "id",
                "vectors")))
                .hasMessageContaining("no vector column 'vectors'; the file has [id, embedding]");
        assertThatThrownBy(() -> ParquetSource.open(store, ParquetSourceSpec.of(List.of("fixed_varchar.parquet"),
                "vec", "pk")))
                .hasMessageContaining("primary-key column 'vec' is a group (LIST) of 1 fields, expected int64 or string");
        try (ParquetSource source = ParquetSource.open(store, ParquetSourceSpec.of(List.of("ragged.parquet"), "id",
                "embedding"))) {
            assertThatThrownBy(() -> readAll(source, source.splits(1 << 20), 1 << 20))
                    .isInstanceOf(FormatException.class)
                    .hasMessageStartingWith("Parquet file 'ragged.parquet' in " + fixtures + ", row 7 (row group 0):"
                            + " the vector in column 'embedding' has 3 values, expected 4");
        }
        ParquetSourceSpec notNullable = new ParquetSourceSpec(List.of("float_int64.parquet"), "id", "embedding",
                VectorType.BINARY_VECTOR, List.of(ScalarField.varchar("text", 200, false)));
        try (ParquetSource source = ParquetSource.open(store, notNullable)) {
            assertThatThrownBy(() -> readAll(source, source.splits(1 << 20), 1 << 20))
                    .hasMessageContaining(", row 3 (row group 0): column 'text' is null, but the field text"
                            + " VARCHAR(200) is not nullable");
        }
    }

    @Test
    void severalFilesAreOneSourceAndEachMustHoldTheColumns() throws IOException {
        try (ParquetSource source = ParquetSource.open(store, ParquetSourceSpec.of(
                List.of("float_int64.parquet", "ragged.parquet"), "id", "embedding"))) {
            assertThat(source.schema().totalRows()).isEqualTo(1013);
            assertThat(source.splits(1 << 20)).extracting(Split::id).last()
                    .isEqualTo("parquet:1:ragged.parquet:rg0");
        }
        assertThatThrownBy(() -> ParquetSource.open(store, ParquetSourceSpec.of(
                List.of("float_int64.parquet", "binary.parquet"), "id", "embedding")))
                .hasMessageContaining("Parquet file 'binary.parquet' in " + fixtures + " does not hold the expected"
                        + " columns: no vector column 'embedding'; the file has [id, bits]");
    }

    @Test
    void splitsReadFromSeveralThreadsAtOnceGiveEveryRowOnce() throws Exception {
        PyarrowDump expected = PyarrowDump.read(fixtures.resolve("float_int64"));
        try (ParquetSource source = ParquetSource.open(store, ParquetSourceSpec.of(List.of("float_int64.parquet"),
                "id", "embedding"))) {
            List<Split> splits = source.splits(1 << 20);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
            try {
                List<java.util.concurrent.Future<Rows>> reads = new ArrayList<>();
                for (Split split : splits) {
                    reads.add(pool.submit(() -> readAll(source, List.of(split), 4096)));
                }
                List<VectorBatch> all = new ArrayList<>();
                for (java.util.concurrent.Future<Rows> read : reads) {
                    all.addAll(read.get().batches());
                }
                Rows rows = new Rows(all);
                assertThat(rows.longKeys()).isEqualTo(expected.longs("id"));
                assertThat(bits(rows.floats())).isEqualTo(bits(expected.floats("embedding")));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Every split read in order, concatenated. */
    static Rows readAll(ParquetSource source, List<Split> splits, long maxBatchBytes) throws IOException {
        Rows rows = new Rows(new ArrayList<>());
        for (Split split : splits) {
            try (BatchReader reader = source.open(split, maxBatchBytes)) {
                for (VectorBatch batch = reader.next(); batch != null; batch = reader.next()) {
                    rows.batches().add(batch);
                }
            }
        }
        return rows;
    }

    record Rows(List<VectorBatch> batches) {
        long[] longKeys() {
            return batches.stream().flatMapToLong(b -> Arrays.stream(((PrimaryKeys.Int64Keys) b.keys()).values()))
                    .toArray();
        }

        List<String> stringKeys() {
            return batches.stream().flatMap(b -> Arrays.stream(((PrimaryKeys.VarcharKeys) b.keys()).values())).toList();
        }

        float[] floats() {
            int total = batches.stream().mapToInt(b -> ((FloatVectors) b.vectors()).values().length).sum();
            float[] all = new float[total];
            int at = 0;
            for (VectorBatch batch : batches) {
                float[] values = ((FloatVectors) batch.vectors()).values();
                System.arraycopy(values, 0, all, at, values.length);
                at += values.length;
            }
            return all;
        }

        byte[] bytes() {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            batches.forEach(b -> all.writeBytes(((ByteVectors) b.vectors()).values()));
            return all.toByteArray();
        }

        List<String> strings(String column) {
            List<String> values = new ArrayList<>();
            for (VectorBatch batch : batches) {
                ScalarColumn found = batch.scalarColumns().stream().filter(c -> c.name().equals(column)).findFirst()
                        .orElseThrow();
                if (found instanceof ScalarColumn.VarcharColumn varchar) {
                    values.addAll(Arrays.asList(varchar.values()));
                } else {
                    for (byte[] json : ((ScalarColumn.JsonColumn) found).values()) {
                        values.add(json == null ? null : new String(json, StandardCharsets.UTF_8));
                    }
                }
            }
            return values;
        }

        List<Long> firstRows() {
            return batches.stream().map(VectorBatch::firstRow).toList();
        }
    }

    static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

}
