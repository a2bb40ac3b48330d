package io.milvusdm.dump;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusdm.format.parquet.ParquetSource;
import io.milvusdm.format.parquet.ParquetSourceSpec;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.Ledger;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.ProgressListener;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorType;
import io.milvusdm.storage.LocalObjectStore;
import io.milvusdm.testing.GeneratedRowsSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chunks are planned with a nominal size for text; a Parquet chunk whose rows are far larger ends when its file
 * reaches the chunk size, and its remaining rows go on in continuation chunks, which a resumed dump keeps.
 */
class DumperChunkSizeTest {

    private static final int ROWS = 200;
    private static final int DIM = 8;
    private static final int TEXT_CHARS = 4_000;
    private static final long CHUNK_BYTES = 64 * 1024;
    private static final long BATCH_BYTES = 8 * 1024;

    @TempDir
    Path out;

    @Test
    void a_parquet_chunk_of_long_texts_ends_at_the_chunk_size_and_goes_on_in_continuations() throws IOException {
        DumpTarget target = DumpTarget.of(new LocalObjectStore(out), "", "texts");
        DumpSummary summary = dump(target, null);

        List<DumpManifest.Chunk> chunks = summary.manifest().chunks();
        // planned at 64 bytes a text, all 200 rows would make one chunk of 800 KB
        assertThat(chunks.size()).as("about %d KB of text in 64 KB chunks", ROWS * TEXT_CHARS / 1024)
                .isGreaterThanOrEqualTo(ROWS * TEXT_CHARS / (int) CHUNK_BYTES);
        assertThat(chunks.get(0).name()).isEqualTo("chunk-00000");
        assertThat(chunks.get(1).name()).isEqualTo("chunk-00000-1");
        for (DumpManifest.Chunk chunk : chunks) {
            assertThat(chunk.files()).hasSize(1);
            assertThat(chunk.files().get(0).bytes()).as(chunk.name())
                    .isLessThanOrEqualTo(CHUNK_BYTES + BATCH_BYTES + 4096);
        }
        assertThat(summary.manifest().totalRows()).isEqualTo(ROWS);
        DumpVerifier.verify(target, summary.manifest(), true);
        assertRowsInOrder(chunks);
    }

    @Test
    void a_resumed_dump_keeps_the_continuations_of_a_chunk_it_finished() throws IOException {
        DumpTarget target = DumpTarget.of(new LocalObjectStore(out), "", "texts");
        Path ledgerFile = out.resolve("dump.ledger");
        DumpSummary first;
        try (Ledger ledger = Ledger.open(ledgerFile, "job", false)) {
            first = dump(target, ledger);
        }
        Files.delete(out.resolve("migration/texts").resolve(DumpManifest.FILE_NAME));
        Path continuation = out.resolve("migration/texts/chunk-00000-1.parquet");
        long modified = Files.getLastModifiedTime(continuation).toMillis();

        DumpSummary resumed;
        try (Ledger ledger = Ledger.open(ledgerFile, "job", true)) {
            resumed = dump(target, ledger);
        }

        assertThat(resumed.rowsWritten()).isZero();
        assertThat(resumed.manifest().chunks()).isEqualTo(first.manifest().chunks());
        assertThat(Files.getLastModifiedTime(continuation).toMillis()).isEqualTo(modified);
    }

    private static DumpSummary dump(DumpTarget target, Ledger ledger) throws IOException {
        try (LongTexts source = new LongTexts()) {
            return new Dumper(source, target, new DumpOptions(DumpFormat.PARQUET, 2, CHUNK_BYTES, BATCH_BYTES),
                    ProgressListener.NONE, ledger).run(new DumpManifest.SourceIdentity("long texts", "fp"), "texts",
                    "pk", "vec");
        }
    }

    private void assertRowsInOrder(List<DumpManifest.Chunk> chunks) throws IOException {
        List<String> files = new ArrayList<>();
        chunks.forEach(chunk -> files.add("migration/texts/" + chunk.files().get(0).key()));
        List<ScalarField> fields = List.of(LongTexts.TEXT);
        long row = 0;
        try (ParquetSource back = ParquetSource.open(new LocalObjectStore(out),
                new ParquetSourceSpec(files, "pk", "vec", VectorType.BINARY_VECTOR, fields))) {
            for (Split split : back.splits(1 << 20)) {
                try (BatchReader reader = back.open(split, 1 << 20)) {
                    for (VectorBatch batch = reader.next(); batch != null; batch = reader.next()) {
                        long[] keys = ((PrimaryKeys.Int64Keys) batch.keys()).values();
                        String[] texts = ((ScalarColumn.VarcharColumn) batch.scalarColumns().get(0)).values();
                        for (int r = 0; r < batch.rowCount(); r++, row++) {
                            assertThat(keys[r]).isEqualTo(row);
                            assertThat(texts[r]).isEqualTo(LongTexts.text(row));
                        }
                    }
                }
            }
        }
        assertThat(row).isEqualTo(ROWS);
    }

    /**
     * Rows of a key, a small vector and about 4 KB of text. Splits are cut by vector payload, as a Milvus collection
     * source cuts them; batches by the rows' real size.
     */
    private static final class LongTexts extends GeneratedRowsSource {
        static final ScalarField TEXT = ScalarField.varchar("text", 65_535, false);
        private static final long ROW_BYTES = Long.BYTES + DIM * 4L + TEXT_CHARS;

        LongTexts() {
            super("long-texts", ROWS, ROW_BYTES);
        }

        static String text(long row) {
            Random random = new Random(row);
            StringBuilder text = new StringBuilder(TEXT_CHARS);
            while (text.length() < TEXT_CHARS) {
                text.append(Long.toString(random.nextLong(), 36));
            }
            return text.substring(0, TEXT_CHARS);
        }

        @Override
        public SourceSchema schema() {
            return new SourceSchema(VectorType.FLOAT_VECTOR, DIM, KeyKind.INT64, Optional.empty(), ROWS,
                    List.of(TEXT));
        }

        @Override
        public List<Split> splits(long maxSplitBytes) {
            return super.splits(maxSplitBytes / (DIM * 4L) * ROW_BYTES);
        }

        @Override
        protected VectorBatch batch(Split split, long first, int count) {
            long[] keys = new long[count];
            float[] vectors = new float[count * DIM];
            String[] texts = new String[count];
            for (int r = 0; r < count; r++) {
                keys[r] = first + r;
                vectors[r * DIM] = first + r;
                texts[r] = text(first + r);
            }
            return new VectorBatch(split, first, new PrimaryKeys.Int64Keys(keys), new FloatVectors(DIM, vectors),
                    List.of(new ScalarColumn.VarcharColumn("text", texts)));
        }
    }
}
