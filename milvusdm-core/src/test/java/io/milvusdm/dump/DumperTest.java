package io.milvusdm.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milvusdm.format.FormatException;
import io.milvusdm.format.npy.NpyReader;
import io.milvusdm.format.npy.NpySource;
import io.milvusdm.format.npy.NpySourceSpec;
import io.milvusdm.pipeline.Ledger;
import io.milvusdm.pipeline.ProgressListener;
import io.milvusdm.pipeline.Source;
import io.milvusdm.storage.LocalObjectStore;
import io.milvusdm.testing.TestEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dumps of NumPy files numpy wrote: chunked by size, each chunk's files read back by numpy's layout rules equal to
 * the source rows, a manifest whose sizes and SHA-256s match, a second dump recognised, and a damaged file refused
 * with its name and offset.
 */
class DumperTest {

    private static final int ROWS = 2_000;
    private static final int DIM = 16;

    @TempDir
    static Path fixtures;

    @TempDir
    Path out;

    @BeforeAll
    static void writeFixtures() {
        TestEnvironment.runFixtureScript("dump_fixtures.py", fixtures.toString(), String.valueOf(ROWS),
                String.valueOf(DIM), "11");
    }

    private static DumpManifest.SourceIdentity identity(String fingerprint) {
        return new DumpManifest.SourceIdentity("npy files of the test", fingerprint);
    }

    private DumpSummary dump(String fingerprint, long chunkBytes) throws IOException {
        try (NpySource source = NpySource.open(NpySourceSpec.of(fixtures.resolve("vectors.npy"),
                fixtures.resolve("ids.npy")))) {
            DumpTarget target = DumpTarget.of(new LocalObjectStore(out), "", "coll");
            return new Dumper(source, target, new DumpOptions(DumpFormat.NPY, 2, chunkBytes, 4096),
                    ProgressListener.NONE).run(identity(fingerprint), "coll");
        }
    }

    @Test
    void cuts_the_source_into_chunks_of_at_most_the_chunk_size_holding_every_row_in_order() throws IOException {
        long chunkBytes = 24 * 1024;
        DumpSummary summary = dump("fp-1", chunkBytes);

        DumpManifest manifest = summary.manifest();
        long rowBytes = DIM * 4L + 8;
        assertThat(manifest.chunks()).hasSizeGreaterThanOrEqualTo((int) (ROWS * rowBytes / chunkBytes));
        assertThat(manifest.chunks()).allSatisfy(c -> assertThat(c.rows() * rowBytes).isLessThanOrEqualTo(chunkBytes));
        assertThat(manifest.totalRows()).isEqualTo(ROWS);
        long[] ids = new long[ROWS];
        float[] vectors = new float[ROWS * DIM];
        int row = 0;
        Path folder = out.resolve("migration/coll");
        for (DumpManifest.Chunk chunk : manifest.chunks()) {
            try (NpyReader idFile = NpyReader.open(folder.resolve(chunk.name()).resolve("id.npy"));
                 NpyReader vectorFile = NpyReader.open(folder.resolve(chunk.name()).resolve("data.npy"))) {
                assertThat(idFile.header().shape()).containsExactly(chunk.rows());
                assertThat(vectorFile.header().shape()).containsExactly(chunk.rows(), DIM);
                assertThat(vectorFile.header().dataOffset() % 64).isZero();
                idFile.readLongs(0, (int) chunk.rows(), ids, row);
                vectorFile.readFloats(0, (int) chunk.rows(), vectors, row * DIM);
            }
            row += (int) chunk.rows();
        }
        try (NpyReader expectedIds = NpyReader.open(fixtures.resolve("ids.npy"));
             NpyReader expectedVectors = NpyReader.open(fixtures.resolve("vectors.npy"))) {
            long[] wantIds = new long[ROWS];
            float[] wantVectors = new float[ROWS * DIM];
            expectedIds.readLongs(0, ROWS, wantIds, 0);
            expectedVectors.readFloats(0, ROWS, wantVectors, 0);
            assertThat(ids).containsExactly(wantIds);
            assertThat(vectors).containsExactly(wantVectors);
        }
        DumpVerifier.verify(DumpTarget.of(new LocalObjectStore(out), "", "coll"), readManifest(folder), true);
    }

    private static DumpManifest readManifest(Path folder) throws IOException {
        try (InputStream in = Files.newInputStream(folder.resolve(DumpManifest.FILE_NAME))) {
            return DumpManifest.read(in, folder.toString());
        }
    }

    @Test
    void a_second_dump_of_the_same_source_is_recognised_and_writes_nothing() throws IOException {
        DumpSummary first = dump("fp-same", 64 * 1024);
        Path anyFile = out.resolve("migration/coll").resolve(first.manifest().chunks().get(0).files().get(0).key());
        long modified = Files.getLastModifiedTime(anyFile).toMillis();

        DumpSummary second = dump("fp-same", 64 * 1024);

        assertThat(first.recognised()).isFalse();
        assertThat(second.recognised()).isTrue();
        assertThat(second.rowsWritten()).isZero();
        assertThat(Files.getLastModifiedTime(anyFile).toMillis()).isEqualTo(modified);
        DumpSummary other = dump("fp-other", 96 * 1024);
        assertThat(other.recognised()).isFalse();
        assertThat(other.rowsWritten()).isEqualTo(ROWS);
        String lastOfFirst = first.manifest().chunks().get(first.manifest().chunks().size() - 1).files().get(0).key();
        assertThat(other.manifest().chunks()).hasSizeLessThan(first.manifest().chunks().size());
        assertThat(out.resolve("migration/coll").resolve(lastOfFirst)).as("a file only the replaced dump named")
                .doesNotExist();
    }

    @Test
    void a_truncated_file_is_refused_naming_the_file_and_where_it_ends() throws IOException {
        DumpSummary summary = dump("fp-cut", 64 * 1024);
        DumpManifest.FileEntry victim = summary.manifest().chunks().get(1).files().get(1);
        Path file = out.resolve("migration/coll").resolve(victim.key());
        long cutAt = victim.bytes() - 100;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(cutAt);
        }
        DumpTarget target = DumpTarget.of(new LocalObjectStore(out), "", "coll");

        assertThatThrownBy(() -> DumpVerifier.verify(target, summary.manifest(), false))
                .isInstanceOf(DumpException.class)
                .hasMessage("file " + victim.key() + " of the dump in " + target.describe() + " has " + cutAt
                        + " bytes, the manifest says " + victim.bytes() + ": truncated at offset " + cutAt + " (0x"
                        + Long.toHexString(cutAt) + ")");
        // what a load without the manifest's sizes meets: the NumPy reader's own check names file and offset
        assertThatThrownBy(() -> NpySource.open(NpySourceSpec.of(file, null)))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("offset");
    }

    @Test
    void a_changed_file_of_the_same_size_fails_its_checksum() throws IOException {
        DumpSummary summary = dump("fp-flip", 64 * 1024);
        DumpManifest.FileEntry victim = summary.manifest().chunks().get(0).files().get(0);
        Path file = out.resolve("migration/coll").resolve(victim.key());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1;
        Files.write(file, bytes);

        assertThatThrownBy(() -> DumpVerifier.verify(DumpTarget.of(new LocalObjectStore(out), "", "coll"),
                summary.manifest(), true))
                .isInstanceOf(DumpException.class)
                .hasMessageContaining("file " + victim.key())
                .hasMessageContaining("the manifest says " + victim.sha256());
    }

    @Test
    void an_interrupted_dump_resumed_with_its_ledger_writes_only_the_chunks_it_lacks() throws IOException {
        Path ledgerFile = out.resolve("dump.ledger");
        DumpTarget target = DumpTarget.of(new LocalObjectStore(out), "", "coll");
        DumpOptions options = new DumpOptions(DumpFormat.NPY, 1, 24 * 1024, 4096);
        NpySourceSpec spec = NpySourceSpec.of(fixtures.resolve("vectors.npy"), fixtures.resolve("ids.npy"));
        try (NpySource source = NpySource.open(spec);
             Ledger ledger = Ledger.open(ledgerFile, "job", false)) {
            // the source breaks when the fourth split is opened, as a crash would stop the run there
            Source breaking = new FailingSource(source, 3);
            assertThatThrownBy(() -> new Dumper(breaking, target, options, ProgressListener.NONE, ledger)
                    .run(identity("fp-resume"), "coll")).hasMessageContaining("source broke");
        }
        assertThat(out.resolve("migration/coll/manifest.json")).doesNotExist();
        Path first = out.resolve("migration/coll/chunk-00000/data.npy");
        long firstModified = Files.getLastModifiedTime(first).toMillis();

        DumpSummary resumed;
        try (NpySource source = NpySource.open(spec);
             Ledger ledger = Ledger.open(ledgerFile, "job", true)) {
            resumed = new Dumper(source, target, options, ProgressListener.NONE, ledger)
                    .run(identity("fp-resume"), "coll");
        }

        assertThat(resumed.rowsWritten()).isPositive().isLessThan(ROWS);
        assertThat(resumed.manifest().totalRows()).isEqualTo(ROWS);
        assertThat(Files.getLastModifiedTime(first).toMillis()).isEqualTo(firstModified);
        DumpVerifier.verify(target, readManifest(out.resolve("migration/coll")), true);
        try (NpySource fresh = NpySource.open(spec)) {
            Path again = out.resolve("fresh");
            DumpSummary whole = new Dumper(fresh, DumpTarget.of(new LocalObjectStore(again), "", "coll"), options,
                    ProgressListener.NONE).run(identity("fp-resume"), "coll");
            assertThat(resumed.manifest().chunks()).isEqualTo(whole.manifest().chunks());
        }
    }

    /** A source whose {@code open} fails after {@code allowed} splits. */
    private static final class FailingSource implements Source {
        private final Source delegate;
        private final java.util.concurrent.atomic.AtomicInteger left;

        FailingSource(Source delegate, int allowed) {
            this.delegate = delegate;
            this.left = new java.util.concurrent.atomic.AtomicInteger(allowed);
        }

        public io.milvusdm.pipeline.SourceSchema schema() {
            return delegate.schema();
        }

        public List<io.milvusdm.pipeline.Split> splits(long maxSplitBytes) {
            return delegate.splits(maxSplitBytes);
        }

        public io.milvusdm.pipeline.BatchReader open(io.milvusdm.pipeline.Split split, long maxBatchBytes)
                throws IOException {
            if (left.getAndDecrement() <= 0) {
                throw new IOException("source broke at split " + split.id());
            }
            return delegate.open(split, maxBatchBytes);
        }

        public void close() throws IOException {
            delegate.close();
        }
    }

    @Test
    void chunk_plan_keeps_split_order_and_never_leaves_a_chunk_empty() {
        List<io.milvusdm.pipeline.Split> splits = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            long rows = i == 3 ? 0 : 10 + i;
            int index = i;
            splits.add(new io.milvusdm.pipeline.Split() {
                public String id() {
                    return "s" + index;
                }

                public long rowCount() {
                    return rows;
                }
            });
        }
        List<ChunkPlan.Chunk> chunks = ChunkPlan.plan(splits, 10, 250);

        assertThat(chunks).extracting(c -> c.splits().stream().map(io.milvusdm.pipeline.Split::id).toList())
                .containsExactly(List.of("s0", "s1"), List.of("s2"), List.of("s4"), List.of("s5"), List.of("s6"));
        assertThat(chunks).extracting(ChunkPlan.Chunk::rows).containsExactly(21L, 12L, 14L, 15L, 16L);
        assertThat(chunks).extracting(ChunkPlan.Chunk::name).startsWith("chunk-00000", "chunk-00001");
    }
}
