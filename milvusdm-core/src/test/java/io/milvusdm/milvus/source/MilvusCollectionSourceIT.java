package io.milvusdm.milvus.source;

import com.google.gson.JsonObject;
import io.milvus.v2.common.DataType;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvusdm.milvus.MilvusConnection;
import io.milvusdm.milvus.MilvusItSupport;
import io.milvusdm.milvus.MilvusOperationException;
import io.milvusdm.milvus.MilvusTarget;
import io.milvusdm.milvus.RetryPolicy;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorType;
import io.milvusdm.testing.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reads collections of Milvus Lite back through {@link MilvusCollectionSource}: keys inserted in random order (so
 * the storage order is not the key order), clustered and spread so that ranges are halved many times, two
 * partitions; every row exactly once and bit for bit.
 */
class MilvusCollectionSourceIT {

    private static final int DIM = 24;
    private static final int ROWS = 10_007;
    private static MilvusItSupport it;
    private static String collection;
    private static final Map<Object, int[]> inserted = new HashMap<>();

    @BeforeAll
    static void createCollection() {
        it = new MilvusItSupport();
        collection = it.freshCollection("src_int64");
        SourceCollections.create(it, collection, DataType.Int64, DIM, false, List.of("part_b"));
        Random random = new Random(42);
        List<Long> keys = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            // a dense run, a sparse run and keys anywhere in the type, negatives included
            keys.add(i < 6000 ? 1_000_000L + i : i < 9000 ? (long) i * 7_919_000_003L : random.nextLong());
        }
        Collections.shuffle(keys, random);
        List<JsonObject> partA = new ArrayList<>();
        List<JsonObject> partB = new ArrayList<>();
        float[] specials = {-0.0f, 0.0f, Float.MIN_VALUE, -Float.MAX_VALUE, Float.MIN_NORMAL, 1e-40f};
        for (int i = 0; i < keys.size(); i++) {
            float[] vector = new float[DIM];
            for (int d = 0; d < DIM; d++) {
                vector[d] = d == 0 && i < specials.length ? specials[i] : (float) random.nextGaussian() * 100;
            }
            inserted.put(keys.get(i), MilvusItSupport.rawBits(vector, 0, DIM));
            (i % 3 == 0 ? partB : partA).add(SourceCollections.row(keys.get(i), vector));
        }
        SourceCollections.insert(it, collection, null, partA);
        SourceCollections.insert(it, collection, "part_b", partB);
    }

    @AfterAll
    static void dropCollection() {
        it.drop(collection);
        it.close();
    }

    private static MilvusCollectionSourceSpec spec(String name, List<String> partitions) {
        return new MilvusCollectionSourceSpec(MilvusTarget.of(TestEnvironment.milvusUri()), name, partitions, null);
    }

    @Test
    void every_row_comes_back_once_and_bit_exact_for_several_split_sizes() throws Exception {
        try (MilvusCollectionSource source = MilvusCollectionSource.open(spec(collection, null))) {
            assertThat(source.schema()).isEqualTo(new io.milvusdm.pipeline.SourceSchema(VectorType.FLOAT_VECTOR, DIM,
                    KeyKind.INT64, Optional.of("L2"), ROWS, List.of()));
            assertThat(source.partitionRows()).containsOnlyKeys("_default", "part_b");
            for (long splitBytes : new long[] {1L << 30, 200_000, 37_000}) {
                List<Split> splits = source.splits(splitBytes);
                assertThat(splits.stream().mapToLong(Split::rowCount).sum()).isEqualTo(ROWS);
                assertThat(SourceCollections.pageCounts(splits)).allMatch(c -> c <= MilvusCollectionSource.PAGE_ROWS);
                assertThat(splits.stream().map(Split::id).distinct().count()).isEqualTo(splits.size());
                assertThat(source.splits(splitBytes)).isEqualTo(splits);
                Map<Object, SourceCollections.Row> rows = SourceCollections.readAll(source, splits, 50_000);
                assertThat(rows).hasSize(ROWS);
                inserted.forEach((key, bits) -> assertThat(rows.get(key).bits()).as("key %s", key).isEqualTo(bits));
            }
            assertThat(source.splits(37_000).size()).isGreaterThan(20);
            assertThat(source.duplicateKeyRows()).isZero();
        }
    }

    @Test
    void a_page_whose_answer_is_too_large_for_one_message_is_read_in_counted_parts() throws Exception {
        // answers of at most 200 kB: the keys of a partition (80 kB) pass, a page of its ~6,700 rows (700 kB) not
        MilvusConnection small = MilvusConnection.open(MilvusTarget.of(TestEnvironment.milvusUri()),
                RetryPolicy.DEFAULT, 200_000);
        try (MilvusCollectionSource source = MilvusCollectionSource.open(spec(collection, null), small)) {
            List<Split> splits = source.splits(1L << 30);
            assertThat(splits).hasSize(2);

            Map<Object, SourceCollections.Row> rows = SourceCollections.readAll(source, splits, 1 << 20);

            assertThat(rows).hasSize(ROWS);
            inserted.forEach((key, bits) -> assertThat(rows.get(key).bits()).as("key %s", key).isEqualTo(bits));
        }
    }

    @Test
    void on_milvus_a_page_too_large_for_one_message_is_cut_by_counting() throws Exception {
        String uri = TestEnvironment.milvusAuthUri();
        MilvusItSupport full = new MilvusItSupport(uri, TestEnvironment.AUTH_USER + ":" + TestEnvironment.AUTH_PASSWORD);
        String name = full.freshCollection("src_large_rows");
        try {
            SourceCollections.create(full, name, DataType.Int64, DIM, false, List.of());
            Random random = new Random(7);
            Map<Object, int[]> rows = new HashMap<>();
            List<JsonObject> json = new ArrayList<>();
            for (int i = 0; i < 1200; i++) {
                long key = 5_000_000L + i * 3L;
                float[] vector = new float[DIM];
                for (int d = 0; d < DIM; d++) {
                    vector[d] = (float) random.nextGaussian();
                }
                rows.put(key, MilvusItSupport.rawBits(vector, 0, DIM));
                json.add(SourceCollections.row(key, vector));
            }
            SourceCollections.insert(full, name, null, json);
            MilvusTarget server = new MilvusTarget(uri, TestEnvironment.AUTH_USER, TestEnvironment.AUTH_PASSWORD,
                    null, null, false, null, null, null, null);
            // pages of up to 8,192 rows (130 kB here) against answers of at most 100 kB
            try (MilvusCollectionSource source = MilvusCollectionSource.open(new MilvusCollectionSourceSpec(server,
                    name, null, null), MilvusConnection.open(server, RetryPolicy.DEFAULT, 100_000))) {
                List<Split> splits = source.splits(1L << 30);
                assertThat(SourceCollections.pageCounts(splits)).containsExactly(1200L);

                Map<Object, SourceCollections.Row> read = SourceCollections.readAll(source, splits, 1 << 20);

                assertThat(read).hasSize(1200);
                rows.forEach((key, bits) -> assertThat(read.get(key).bits()).as("key %s", key).isEqualTo(bits));
            }
        } finally {
            full.drop(name);
            full.close();
        }
    }

    @Test
    void two_threads_read_the_splits_of_one_partition() throws Exception {
        try (MilvusCollectionSource source = MilvusCollectionSource.open(spec(collection, List.of("part_b")))) {
            List<Split> splits = source.splits(60_000);
            assertThat(splits).hasSizeGreaterThan(4);
            Map<Object, SourceCollections.Row> rows = readInTwoThreads(source, splits);
            assertThat(rows).hasSize((ROWS + 2) / 3).hasSize((int) source.schema().totalRows());
            rows.forEach((key, row) -> assertThat(row.bits()).isEqualTo(inserted.get(key)));
        }
    }

    /**
     * On Milvus Lite the keys are read 500 at a time and sorted through runs of 128 on disk, and the two readers
     * share room for less than a page: the same pages, every row once.
     */
    @Test
    void keys_read_in_chunks_and_sorted_on_disk_in_a_tiny_memory_give_the_same_pages(@TempDir Path keys)
            throws Exception {
        SourceMemory tiny = new SourceMemory(16 << 20, 16 << 10, 500 * Long.BYTES, 128 * Long.BYTES, keys);
        try (MilvusCollectionSource usual = MilvusCollectionSource.open(spec(collection, null));
             MilvusCollectionSource small = MilvusCollectionSource.open(spec(collection, null), tiny)) {
            assertThat(small.partitionRows()).isEqualTo(usual.partitionRows());
            for (long splitBytes : new long[] {1L << 30, 37_000}) {
                assertThat(small.splits(splitBytes)).isEqualTo(usual.splits(splitBytes));
            }
            Map<Object, SourceCollections.Row> rows = readInTwoThreads(small, small.splits(100_000));
            assertThat(rows).hasSize(ROWS);
            inserted.forEach((key, bits) -> assertThat(rows.get(key).bits()).as("key %s", key).isEqualTo(bits));
            try (Stream<Path> files = Files.list(keys)) {
                assertThat(files).as("the sorted keys' directory, while the source is open").hasSize(1);
            }
        }
        try (Stream<Path> files = Files.list(keys)) {
            assertThat(files).as("deleted on close").isEmpty();
        }
    }

    private static Map<Object, SourceCollections.Row> readInTwoThreads(MilvusCollectionSource source,
                                                                       List<Split> splits) throws Exception {
        Map<Object, SourceCollections.Row> rows = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Split split : splits) {
                done.add(pool.submit(() -> {
                    Map<Object, SourceCollections.Row> mine = new HashMap<>();
                    SourceCollections.readSplit(source, split, 20_000, mine);
                    mine.forEach((k, v) -> assertThat(rows.put(k, v)).as("key %s twice", k).isNull());
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        return rows;
    }

    @Test
    void varchar_keys_with_quotes_brackets_and_unicode_carry_their_varchar_and_json_fields() throws Exception {
        String name = it.freshCollection("src_varchar");
        try {
            SourceCollections.create(it, name, DataType.VarChar, 4, true, List.of());
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                keys.add(String.format("doc-%04d", i));
            }
            keys.addAll(List.of("a\"b", "[x]", "it's", "back\\slash", "é", "😀", "\uFFFF", "tab\there", "", "z] or pk != \""));
            Collections.shuffle(keys, new Random(3));
            List<JsonObject> rows = new ArrayList<>();
            Map<String, String> metas = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                JsonObject row = SourceCollections.row(keys.get(i), new float[] {i, -i, 0.5f, 1e-40f});
                row.addProperty("title", "title of " + keys.get(i));
                JsonObject meta = new JsonObject();
                meta.addProperty("n", i);
                meta.addProperty("key", keys.get(i));
                row.add("meta", meta);
                row.addProperty("score", i);
                metas.put(keys.get(i), meta.toString());
                rows.add(row);
            }
            SourceCollections.insert(it, name, null, rows);
            // keys read 16 at a time (the least a chunk holds) and sorted through runs of a few keys
            SourceMemory tiny = new SourceMemory(16 << 20, 64 << 20, 100, 400, null);
            try (MilvusCollectionSource source = MilvusCollectionSource.open(spec(name, null));
                 MilvusCollectionSource small = MilvusCollectionSource.open(spec(name, null), tiny)) {
                assertThat(small.splits(3_000)).isEqualTo(source.splits(3_000));
                assertThat(source.schema().keyKind()).isEqualTo(KeyKind.VARCHAR);
                assertThat(source.schema().scalarFields()).containsExactly(ScalarField.varchar("title", 300, false),
                        ScalarField.json("meta", false));
                assertThat(source.skippedFields()).containsExactly("score (Int32)");
                List<Split> splits = source.splits(3_000);
                assertThat(splits).hasSizeGreaterThan(5);
                Map<Object, SourceCollections.Row> read = SourceCollections.readAll(source, splits, 2_000);
                assertThat(read.keySet()).containsExactlyInAnyOrderElementsOf(keys);
                for (String key : keys) {
                    assertThat(read.get(key).scalars()).containsEntry("title", "title of " + key);
                    assertThat(com.google.gson.JsonParser.parseString(read.get(key).scalars().get("meta")))
                            .isEqualTo(com.google.gson.JsonParser.parseString(metas.get(key)));
                }
            }
        } finally {
            it.drop(name);
        }
    }

    @Test
    void a_row_deleted_after_the_splits_were_cut_fails_its_page_naming_the_range() throws Exception {
        String name = it.freshCollection("src_deleted");
        try {
            SourceCollections.create(it, name, DataType.Int64, 4, false, List.of());
            List<JsonObject> rows = new ArrayList<>();
            for (long key = 0; key < 50; key++) {
                rows.add(SourceCollections.row(key * 10, new float[] {key, 0, 0, 1}));
            }
            SourceCollections.insert(it, name, null, rows);
            try (MilvusCollectionSource source = MilvusCollectionSource.open(spec(name, null))) {
                List<Split> splits = source.splits(1L << 30);
                it.client.delete(DeleteReq.builder().collectionName(name).filter("pk == 120").build());

                // on Lite a page is read by its keys: the key that is gone is named, and the row inserted into the
                // same range since (which count(*) would balance against the deleted one) changes nothing
                SourceCollections.insert(it, name, null, List.of(SourceCollections.row(125L, new float[] {1, 2, 3, 4})));

                assertThatThrownBy(() -> SourceCollections.readAll(source, splits, 1 << 20))
                        .isInstanceOf(MilvusSourceException.class)
                        .hasMessage("Rows changed while reading collection '" + name + "' partition '_default' keys"
                                + " [-9223372036854775808, 9223372036854775807]: expected 50 rows (the keys read when"
                                + " the splits were cut), the query for those keys returned 49; 1 of those keys no"
                                + " longer exist (120): rows were deleted while the collection was read; run the copy"
                                + " again when no one writes to it");
                assertThat(source.duplicateKeyRows()).as("Lite keeps one row per key").isZero();
            }
        } finally {
            it.drop(name);
        }
    }

    /**
     * On Lite, VARCHAR keys are read in chunks sized by the keys seen so far: short keys first, then keys of 3 KB,
     * make the second chunk's answer (32 keys, 96 kB) over what an answer may take here (60 kB); it is asked again
     * with fewer keys until it fits, and every key is read once. Pages over the limit are read in parts too.
     */
    @Test
    void varchar_keys_that_grow_longer_than_their_chunk_assumed_are_read_in_smaller_chunks() throws Exception {
        String name = it.freshCollection("src_long_keys");
        try {
            SourceCollections.create(it, name, DataType.VarChar, 4000, 2, false, List.of());
            List<JsonObject> rows = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                keys.add(String.format("%02d", i));
            }
            for (int i = 0; i < 100; i++) {
                keys.add("z" + String.format("%03d", i) + "x".repeat(3000));
            }
            for (int i = 0; i < keys.size(); i++) {
                rows.add(SourceCollections.row(keys.get(i), new float[] {i, 1}));
            }
            SourceCollections.insert(it, name, null, rows);
            SourceMemory memory = new SourceMemory(16 << 20, 64 << 20, 4096, 1 << 20, null);
            MilvusConnection small = MilvusConnection.open(MilvusTarget.of(TestEnvironment.milvusUri()),
                    RetryPolicy.DEFAULT, 60_000);
            try (MilvusCollectionSource source = MilvusCollectionSource.open(spec(name, null), small, memory)) {
                assertThat(source.schema().totalRows()).isEqualTo(keys.size());
                Map<Object, SourceCollections.Row> read = SourceCollections.readAll(source, source.splits(40_000),
                        1 << 20);
                assertThat(read.keySet()).containsExactlyInAnyOrderElementsOf(keys);
            }
        } finally {
            it.drop(name);
        }
    }

    @Test
    void an_unknown_collection_is_named_with_the_collections_there() {
        assertThatThrownBy(() -> MilvusCollectionSource.open(spec("no_such_collection_x", null)))
                .isInstanceOf(MilvusSourceException.class)
                .hasMessageStartingWith("Collection 'no_such_collection_x' does not exist at " + TestEnvironment.milvusUri()
                        + "; the collections there: ")
                .hasMessageContaining(collection);
    }

    @Test
    void an_unknown_partition_is_named_with_the_partitions_there() {
        assertThatThrownBy(() -> MilvusCollectionSource.open(spec(collection, List.of("nope"))))
                .isInstanceOf(MilvusSourceException.class)
                .hasMessage("Collection '" + collection + "' has no partition 'nope'; its partitions: _default, part_b");
    }

    @Test
    void an_unreachable_server_fails_at_once_without_secrets() {
        MilvusTarget target = new MilvusTarget("http://127.0.0.1:19589", "root", "s3cret-pw", null, null, false,
                null, null, null, null);
        assertThatThrownBy(() -> MilvusCollectionSource.open(new MilvusCollectionSourceSpec(target, "c", null, null)))
                .isInstanceOf(MilvusOperationException.class)
                .hasMessage("Cannot connect to Milvus at http://127.0.0.1:19589: connection refused")
                .hasMessageNotContaining("s3cret");
    }
}
