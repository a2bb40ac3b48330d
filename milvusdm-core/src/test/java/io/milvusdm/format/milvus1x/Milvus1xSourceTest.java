package io.milvusdm.format.milvus1x;

import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Milvus1xSource over directories sqlite3 and numpy wrote: every live row once, bit for bit, with its id, in
 * segment and file order; deletes at arbitrary offsets skipped; partitions chosen by tag; file types other
 * than RAW, TO_INDEX and BACKUP ignored.
 */
class Milvus1xSourceTest {

    @TempDir
    static Path root;
    static Path valid;

    @BeforeAll
    static void writeFixtures() {
        Milvus1xFixtures.write(root, "valid", "sample");
        valid = root.resolve("valid");
    }

    private static Milvus1xSource open(String collection, String... tags) throws IOException {
        // The valid case's segments share ids, as Milvus 1.x allowed: read every stored row.
        return Milvus1xSource.open(new Milvus1xSourceSpec(valid, collection, List.of(tags))
                .withDuplicates(DuplicateIds.KEEP_ALL));
    }

    private static void assertPartition(Map<String, Milvus1xFixtures.Rows> read, String collection, String tag)
            throws IOException {
        assertThat(read).containsKey(tag);
        assertThat(read.get(tag).vectors().toByteArray()).as("vectors of %s/%s", collection, tag)
                .isEqualTo(Milvus1xFixtures.vectors(valid, collection, tag));
        assertThat(read.get(tag).idArray()).as("ids of %s/%s", collection, tag)
                .isEqualTo(Milvus1xFixtures.ids(valid, collection, tag));
    }

    @Test
    void floatCollectionWithPartitionsAndDeletesReadsEveryLiveRowExactly() throws IOException {
        try (Milvus1xSource source = open("coll_f")) {
            long rows = 997 + 211 + 94 + 59 + 33;
            assertThat(source.schema())
                    .isEqualTo(new SourceSchema(VectorType.FLOAT_VECTOR, 19, KeyKind.INT64, Optional.of("L2"), rows));
            assertThat(source.partitions()).extracting(Milvus1xPartition::tag).containsExactly("_default", "p1", "p2");
            assertThat(source.partitions().get(0).segments()).extracting(Milvus1xPartition.Segment::fileType)
                    .containsExactly(1, 2, 7);
            for (long[] bounds : new long[][] {{1L << 30, 1L << 20}, {40 * 84, 7 * 84}, {1, 1}}) {
                Map<String, Milvus1xFixtures.Rows> read = Milvus1xFixtures.readAll(source, bounds[0], bounds[1]);
                assertThat(read.keySet()).containsExactly("_default", "p1", "p2");
                for (String tag : read.keySet()) {
                    assertPartition(read, "coll_f", tag);
                }
            }
        }
    }

    @Test
    void chosenPartitionsOnly() throws IOException {
        try (Milvus1xSource source = open("coll_f", "p2", "_default")) {
            assertThat(source.schema().totalRows()).isEqualTo(33 + 997 + 211 + 94);
            Map<String, Milvus1xFixtures.Rows> read = Milvus1xFixtures.readAll(source, 1L << 30, 1L << 20);
            assertThat(read.keySet()).containsExactly("p2", "_default");
            assertPartition(read, "coll_f", "p2");
            assertPartition(read, "coll_f", "_default");
        }
    }

    @Test
    void binaryCollectionsKeepTheirBitsAndMetricName() throws IOException {
        try (Milvus1xSource source = open("coll_b")) {
            assertThat(source.schema()).isEqualTo(
                    new SourceSchema(VectorType.BINARY_VECTOR, 64, KeyKind.INT64, Optional.of("HAMMING"), 298 + 40));
            assertPartition(Milvus1xFixtures.readAll(source, 100 * 16, 9 * 16), "coll_b", "_default");
        }
        try (Milvus1xSource source = open("coll_t")) {
            assertThat(source.schema().metric()).contains("TANIMOTO");
            assertThat(source.schema().dimension()).isEqualTo(16);
            assertPartition(Milvus1xFixtures.readAll(source, 1L << 30, 1L << 20), "coll_t", "_default");
        }
    }

    @Test
    void splitsCoverEveryStoredRowOnceWithStableIds() throws IOException {
        try (Milvus1xSource source = open("coll_f")) {
            long rowBytes = 19 * 4 + 8;
            List<Split> splits = source.splits(100 * rowBytes);
            assertThat(source.splits(100 * rowBytes)).isEqualTo(splits);
            assertThat(splits.stream().mapToLong(Split::rowCount).sum()).isEqualTo(source.schema().totalRows());
            assertThat(new HashSet<>(splits.stream().map(Split::id).toList())).hasSize(splits.size());
            assertThat(splits).allSatisfy(s -> assertThat(((Milvus1xSplit) s).storedRows()).isLessThanOrEqualTo(100));
            // The first RAW segment holds 1003 stored rows: eleven ranges, the first losing rows 0, 7, 8 and 9.
            Milvus1xSplit first = (Milvus1xSplit) splits.get(0);
            assertThat(first.id()).isEqualTo("milvus1x:coll_f:1606000000000000117:0+100");
            assertThat(first.rowCount()).isEqualTo(96);
        }
    }

    @Test
    void aRangeWhoseRowsAreAllDeletedHasNoSplit() throws IOException {
        try (Milvus1xSource source = open("coll_f", "p1")) {
            // p1's first segment: 64 rows, rows 10..19 deleted; ranges of 10 rows leave [10, 20) without a split.
            List<Split> splits = source.splits(10 * (19 * 4 + 8));
            assertThat(splits).extracting(s -> ((Milvus1xSplit) s).startRow()).doesNotContain(10L);
            assertThat(splits.stream().mapToLong(Split::rowCount).sum()).isEqualTo(54 + 5);
            assertPartition(Milvus1xFixtures.readAll(source, 10 * (19 * 4 + 8), 3 * (19 * 4 + 8)), "coll_f", "p1");
        }
    }

    /** The layout of milvus-migration's sample segment (test1w): 10000 rows, .uid 80008 bytes, empty deleted_docs. */
    @Test
    void theSampleSegmentLayoutReadsWhole() throws IOException {
        Path sample = root.resolve("sample");
        Path segment;
        try (var dirs = java.nio.file.Files.list(sample.resolve("db/tables/test1w"))) {
            segment = dirs.findFirst().orElseThrow();
        }
        Path uid = segment.resolve(segment.getFileName() + ".uid");
        assertThat(java.nio.file.Files.size(uid)).isEqualTo(80008);
        assertThat(java.nio.file.Files.readAllBytes(segment.resolve("deleted_docs"))).containsOnly(0).hasSize(8);
        byte[] header = java.util.Arrays.copyOf(java.nio.file.Files.readAllBytes(uid), 8);
        assertThat(java.nio.ByteBuffer.wrap(header).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong()).isEqualTo(0x13880);
        try (Milvus1xSource source = Milvus1xSource.open(Milvus1xSourceSpec.of(sample, "test1w"))) {
            assertThat(source.schema()).isEqualTo(
                    new SourceSchema(VectorType.FLOAT_VECTOR, 128, KeyKind.INT64, Optional.of("L2"), 10_000));
            Map<String, Milvus1xFixtures.Rows> read = Milvus1xFixtures.readAll(source, 1 << 20, 1 << 18);
            assertThat(read.get("_default").vectors().toByteArray())
                    .isEqualTo(Milvus1xFixtures.vectors(sample, "test1w", "_default"));
            assertThat(read.get("_default").idArray()).isEqualTo(Milvus1xFixtures.ids(sample, "test1w", "_default"));
        }
    }

    /** The JobRunner opens splits from several threads at once; batch arrays come from one shared pool. */
    @Test
    void splitsReadConcurrentlyGiveTheSameRows() throws Exception {
        try (Milvus1xSource source = open("coll_f", "_default")) {
            List<Split> splits = source.splits(50 * (19 * 4 + 8));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<long[]>> ids = new ArrayList<>();
                for (Split split : splits) {
                    ids.add(pool.submit(() -> idsOf(source, split)));
                }
                long[] all = new long[0];
                for (Future<long[]> f : ids) {
                    all = LongStream.concat(Arrays.stream(all), Arrays.stream(f.get())).toArray();
                }
                assertThat(all).isEqualTo(Milvus1xFixtures.ids(valid, "coll_f", "_default"));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static long[] idsOf(Milvus1xSource source, Split split) throws IOException {
        List<Long> ids = new ArrayList<>();
        try (BatchReader reader = source.open(split, 8 * (19 * 4 + 8))) {
            for (VectorBatch batch; (batch = reader.next()) != null; ) {
                for (long id : ((PrimaryKeys.Int64Keys) batch.keys()).values()) {
                    ids.add(id);
                }
                source.recycle(batch);
            }
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }
}
