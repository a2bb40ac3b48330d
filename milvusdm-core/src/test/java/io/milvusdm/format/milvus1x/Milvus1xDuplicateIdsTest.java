package io.milvusdm.format.milvus1x;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Ids repeated across segments and partitions (the fixture's "dupes" case, whose expected ids per policy numpy
 * computed): refused in the pre-scan with the places named, or one row per id kept, first or last; the same
 * whether the ids are sorted in memory or spilled to sorted runs and merged.
 */
class Milvus1xDuplicateIdsTest {

    @TempDir
    static Path root;
    static Path dupes;

    @BeforeAll
    static void writeFixtures() {
        Milvus1xFixtures.write(root, "dupes");
        dupes = root.resolve("dupes");
    }

    private static Milvus1xSourceSpec spec(DuplicateIds policy) {
        return Milvus1xSourceSpec.of(dupes, "dup_f").withDuplicates(policy);
    }

    private static long[] expectedIds(String name) throws IOException {
        byte[] bytes = Files.readAllBytes(dupes.resolve("expected/dup_f").resolve(name + ".ids.bin"));
        long[] ids = new long[bytes.length / 8];
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(ids);
        return ids;
    }

    private static long[] allLiveIds() throws IOException {
        return LongStream.concat(Arrays.stream(Milvus1xFixtures.ids(dupes, "dup_f", "_default")),
                Arrays.stream(Milvus1xFixtures.ids(dupes, "dup_f", "p1"))).toArray();
    }

    private static long[] readIds(Milvus1xSource source) throws IOException {
        Map<String, Milvus1xFixtures.Rows> rows = Milvus1xFixtures.readAll(source, 5 * 40, 2 * 40);
        return rows.values().stream().flatMapToLong(r -> Arrays.stream(r.idArray())).toArray();
    }

    private static List<String> segmentDirs(String table) throws IOException {
        try (var dirs = Files.list(dupes.resolve("db/tables").resolve(table))) {
            return dirs.map(d -> d.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {DuplicateIdScan.RUN_IDS, 4, 1})
    void refusedBeforeAnyRowIsReadNamingTheCollectionCountAndPlaces(int runIds) throws IOException {
        long[] live = allLiveIds();
        long distinct = Arrays.stream(live).distinct().count();
        List<String> own = segmentDirs("dup_f");
        String p1 = segmentDirs("dup_f_1606000000000001").get(0);
        assertThatThrownBy(() -> Milvus1xSource.open(spec(DuplicateIds.REFUSE), runIds))
                .isInstanceOfSatisfying(DuplicateIdsException.class, e -> {
                    assertThat(e.repeatedIds()).isEqualTo(3);
                    assertThat(e.extraRows()).isEqualTo(live.length - distinct);
                    assertThat(e.getMessage()).startsWith("collection 'dup_f' (partitions _default, p1): 3 ids occur"
                                    + " more than once among the live rows, " + (live.length - distinct)
                                    + " rows more than distinct ids; e.g. id 101 at _default segment " + own.get(0)
                                    + " row 1, _default segment " + own.get(1) + " row 1, p1 segment " + p1 + " row 1;"
                                    + " id 107 at _default segment " + own.get(0) + " row 5, _default segment "
                                    + own.get(0) + " row 7;")
                            .contains("nothing was written", "duplicate_ids", "keep_first or keep_last");
                });
    }

    @Test
    void theDefaultSpecRefuses() {
        assertThatThrownBy(() -> Milvus1xSource.open(Milvus1xSourceSpec.of(dupes, "dup_f")))
                .isInstanceOf(DuplicateIdsException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {DuplicateIdScan.RUN_IDS, 4, 1})
    void keepFirstAndKeepLastKeepOneRowPerId(int runIds) throws IOException {
        for (DuplicateIds policy : List.of(DuplicateIds.KEEP_FIRST, DuplicateIds.KEEP_LAST)) {
            long[] expected = expectedIds(policy.key());
            try (Milvus1xSource source = Milvus1xSource.open(spec(policy), runIds)) {
                assertThat(source.schema().totalRows()).as("%s rows", policy).isEqualTo(expected.length);
                assertThat(readIds(source)).as("%s ids", policy).containsExactly(expected);
            }
        }
    }

    @Test
    void keepLastDropsRowsInEarlierPartitionsToo() throws IOException {
        long[] expected = expectedIds("keep_last");
        long[] p1 = Milvus1xFixtures.ids(dupes, "dup_f", "p1");
        try (Milvus1xSource source = Milvus1xSource.open(spec(DuplicateIds.KEEP_LAST))) {
            Milvus1xSource defaultOnly = source.only(Milvus1xSource.DEFAULT_PARTITION);
            Milvus1xSource p1Only = source.only("p1");
            // p1 comes last in read order: it keeps all its rows; _default loses those p1 repeats.
            assertThat(readIds(p1Only)).containsExactly(p1);
            assertThat(readIds(defaultOnly)).containsExactly(Arrays.copyOf(expected, expected.length - p1.length));
            assertThat(defaultOnly.schema().totalRows() + p1Only.schema().totalRows()).isEqualTo(expected.length);
        }
    }

    @Test
    void keepAllReadsEveryLiveRow() throws IOException {
        try (Milvus1xSource source = Milvus1xSource.open(spec(DuplicateIds.KEEP_ALL))) {
            assertThat(readIds(source)).containsExactly(allLiveIds());
        }
    }

    @Test
    void aDeletedRowIsNoRepeat() throws IOException {
        // id 129 is stored twice, but its first row is deleted: only the three real repeats are reported.
        assertThat(allLiveIds()).containsOnlyOnce(129L);
        assertThatThrownBy(() -> Milvus1xSource.open(spec(DuplicateIds.REFUSE)))
                .hasMessageNotContaining("id 129");
    }
}
