package io.milvusdm.milvus.source;

import io.milvusdm.milvus.source.KeyRange.Int64Range;
import io.milvusdm.milvus.source.KeyRange.VarcharRange;
import io.milvusdm.milvus.source.MilvusSplit.Page;
import io.milvusdm.pipeline.KeyKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeySorterTest {

    @TempDir
    Path dir;

    @Test
    void int64_keys_are_sorted_and_cut_into_contiguous_pages_that_never_split_equal_keys() throws IOException {
        SortedKeys keys = sort(KeyKind.INT64, 1 << 20, List.of(9L, -5L, 3L, 3L, 3L, 7L, Long.MAX_VALUE));

        assertThat(keys.rows()).isEqualTo(7);
        assertThat(keys.duplicates()).isEqualTo(2);
        assertThat(keys.cut(2)).containsExactly(
                new Page(new Int64Range(Long.MIN_VALUE, 3), 4),
                new Page(new Int64Range(4, 9), 2),
                new Page(new Int64Range(10, Long.MAX_VALUE), 1));
    }

    @Test
    void many_keys_in_a_tiny_budget_are_sorted_through_runs_merged_in_several_passes() throws IOException {
        Random random = new Random(7);
        List<Object> added = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            // a few keys taken twice, extremes included, spread over the whole type
            long key = i % 97 == 1 ? (long) added.get(random.nextInt(added.size())) : i == 3 ? Long.MIN_VALUE
                    : i == 2 ? Long.MAX_VALUE : random.nextLong();
            added.add(key);
        }
        KeySorter sorter = new KeySorter(KeyKind.INT64, dir, "many", 128 * Long.BYTES);
        for (Object key : added) {
            sorter.add((long) key);
        }
        SortedKeys keys = sorter.finish();

        assertThat(sorter.runsWritten()).isGreaterThan(4 * KeySorter.FAN_IN);
        List<Long> expected = added.stream().map(k -> (Long) k).sorted().toList();
        assertThat(keys.keys()).isEqualTo(new ArrayList<Object>(expected));
        assertThat(keys.duplicates()).isEqualTo(expected.size() - expected.stream().distinct().count());
        assertPagesCover(keys.cut(1000), expected, 1000);
        assertThat(Files.list(dir)).as("only the sorted file is left").hasSize(1);
        keys.close();
        assertThat(Files.list(dir)).isEmpty();
    }

    @Test
    void keys_repeated_across_runs_are_counted_once_each_and_stay_in_one_page() throws IOException {
        KeySorter sorter = new KeySorter(KeyKind.INT64, dir, "dups", 100 * Long.BYTES);
        for (int copy = 0; copy < 3; copy++) {
            for (long key = 999; key >= 0; key--) {
                sorter.add(key);
            }
        }
        SortedKeys keys = sorter.finish();

        assertThat(sorter.runsWritten()).isEqualTo(30);
        assertThat(keys.rows()).isEqualTo(3000);
        assertThat(keys.duplicates()).isEqualTo(2000);
        List<Page> pages = keys.cut(5);
        assertThat(pages).allSatisfy(page -> assertThat(page.count() % 3).isZero());
        assertPagesCover(pages, LongStream.range(0, 1000).flatMap(k -> LongStream.of(k, k, k)).boxed().toList(), 5);
    }

    @Test
    void varchar_keys_are_sorted_in_code_point_order_with_quotes_and_unicode_through_spilled_runs()
            throws IOException {
        // U+FFFF sorts before U+10000 by code point (and UTF-8), after it by UTF-16 units (String.compareTo)
        List<String> distinct = List.of("", "a", "a]", "a]x", "a\"] or id != \"", "b\"q", "'", "\\", "\n", "\t\r",
                "é", "e\u0301", "\uFFFF", "\uD800\uDC00", "😀", "😀😀", "中文", "z");
        List<String> added = new ArrayList<>();
        for (int copy = 0; copy < 3; copy++) {
            added.addAll(distinct);
        }
        Collections.shuffle(added, new Random(3));
        KeySorter sorter = new KeySorter(KeyKind.VARCHAR, dir, "text", 200);
        for (String key : added) {
            sorter.add(key);
        }
        SortedKeys keys = sorter.finish();

        assertThat(sorter.runsWritten()).isGreaterThan(3);
        List<String> expected = new ArrayList<>(added);
        expected.sort(VarcharKeys::compare);
        assertThat(keys.keys()).isEqualTo(new ArrayList<Object>(expected));
        assertThat(keys.keys().indexOf("\uFFFF")).isLessThan(keys.keys().indexOf("\uD800\uDC00"));
        assertThat(keys.duplicates()).isEqualTo(2L * distinct.size());
        List<Page> pages = keys.cut(4);
        assertThat(pages).hasSize(distinct.size() / 2);
        assertThat(pages.get(0)).isEqualTo(new Page(new VarcharRange("", "\n"), 6)); // "" and "\t\r"
        for (int i = 0; i < pages.size(); i++) {
            VarcharRange range = (VarcharRange) pages.get(i).range();
            long inRange = expected.stream().filter(k -> VarcharKeys.compare(k, range.lo()) >= 0
                    && (range.hi() == null || VarcharKeys.compare(k, range.hi()) < 0)).count();
            assertThat(pages.get(i).count()).as("page %s", range.describe()).isEqualTo(inRange).isEqualTo(6);
            if (i > 0) {
                assertThat(range.lo()).isEqualTo(((VarcharRange) pages.get(i - 1).range()).hi());
            }
        }
        assertThat(((VarcharRange) pages.get(pages.size() - 1).range()).hi()).isNull();
    }

    @Test
    void a_page_names_its_own_distinct_keys() throws IOException {
        KeySorter sorter = new KeySorter(KeyKind.INT64, dir, "in", 4 * Long.BYTES);
        for (long key : new long[] {30, 10, 20, 20, 40, Long.MIN_VALUE, 50}) {
            sorter.add(key);
        }
        SortedKeys keys = sorter.finish();
        List<Page> pages = keys.cut(3);

        assertThat(pages).hasSize(2);
        assertThat(keys.filter(pages.get(0), "id")).isEqualTo("id in [-9223372036854775808, 10, 20]");
        assertThat(keys.filter(pages.get(1), "id")).isEqualTo("id in [30, 40, 50]");
        assertThatThrownBy(() -> keys.filter(new Page(new Int64Range(0, 5), 1), "id"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("page [0, 5] was not cut from 7 INT64 keys");

        KeySorter text = new KeySorter(KeyKind.VARCHAR, dir, "in-text", 100);
        for (String key : List.of("b\"", "a", "😀", "a")) {
            text.add(key);
        }
        SortedKeys words = text.finish();
        assertThat(words.filter(words.cut(10).get(0), "pk")).isEqualTo("pk in [\"a\", \"b\\\"\", \"😀\"]");
    }

    @Test
    void a_page_is_cut_again_by_its_own_keys_within_its_bounds_and_its_parts_name_their_keys() throws IOException {
        SortedKeys longs = sort(KeyKind.INT64, 3 * Long.BYTES, List.of(30L, 1L, 6L, 20L, 5L, 6L, 8L, 40L));
        List<Page> pages = longs.cut(7);
        assertThat(pages).containsExactly(new Page(new Int64Range(Long.MIN_VALUE, 30), 7),
                new Page(new Int64Range(31, Long.MAX_VALUE), 1));

        List<Page> halves = longs.cut(pages.get(0), 4);
        assertThat(halves).containsExactly(
                new Page(new Int64Range(Long.MIN_VALUE, 6), 4),
                new Page(new Int64Range(7, 30), 3));
        assertThat(longs.filter(halves.get(0), "id")).isEqualTo("id in [1, 5, 6]");
        assertThat(longs.filter(halves.get(1), "id")).isEqualTo("id in [8, 20, 30]");
        assertThat(longs.cut(halves.get(1), 1)).containsExactly(
                new Page(new Int64Range(7, 8), 1),
                new Page(new Int64Range(9, 20), 1),
                new Page(new Int64Range(21, 30), 1));
        assertThat(longs.cut(pages.get(1), 1)).containsExactly(pages.get(1));
        assertThatThrownBy(() -> longs.cut(new Page(new Int64Range(2, 25), 5), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was not cut from");

        KeySorter text = new KeySorter(KeyKind.VARCHAR, dir, "again", 100);
        for (String key : List.of("😀", "c", "a", "é", "b", "zz")) {
            text.add(key);
        }
        SortedKeys strings = text.finish();
        Page all = strings.cut(100).get(0);
        List<Page> parts = strings.cut(all, 2);
        assertThat(parts).containsExactly(
                new Page(new VarcharRange("", "c"), 2),
                new Page(new VarcharRange("c", "é"), 2),
                new Page(new VarcharRange("é", null), 2));
        assertThat(strings.filter(parts.get(1), "pk")).isEqualTo("pk in [\"c\", \"zz\"]");
        assertThat(strings.filter(parts.get(2), "pk")).isEqualTo("pk in [\"é\", \"😀\"]");
        assertThat(strings.cut(parts.get(1), 1)).containsExactly(
                new Page(new VarcharRange("c", "zz"), 1),
                new Page(new VarcharRange("zz", "é"), 1));
    }

    @Test
    void no_keys_no_pages_and_no_file() throws IOException {
        SortedKeys none = new KeySorter(KeyKind.VARCHAR, dir, "none", 1024).finish();
        assertThat(none.rows()).isZero();
        assertThat(none.cut(5)).isEmpty();
        assertThat(Files.list(dir)).isEmpty();
    }

    @Test
    void a_sort_closed_before_it_finishes_leaves_no_file() throws IOException {
        try (KeySorter sorter = new KeySorter(KeyKind.INT64, dir, "left", 16 * Long.BYTES)) {
            for (long key = 0; key < 100; key++) {
                sorter.add(key);
            }
            assertThat(Files.list(dir)).hasSize(6);
        }
        assertThat(Files.list(dir)).isEmpty();
    }

    private SortedKeys sort(KeyKind kind, long memory, List<Long> values) throws IOException {
        KeySorter sorter = new KeySorter(kind, dir, "t", memory);
        for (long value : values) {
            sorter.add(value);
        }
        return sorter.finish();
    }

    /** Pages from the smallest key to the largest, each holding exactly the keys of its range, full but the last. */
    private static void assertPagesCover(List<Page> pages, List<Long> sorted, long pageRows) {
        long lo = Long.MIN_VALUE;
        int at = 0;
        for (int i = 0; i < pages.size(); i++) {
            Int64Range range = (Int64Range) pages.get(i).range();
            assertThat(range.lo()).isEqualTo(lo);
            int from = at;
            while (at < sorted.size() && sorted.get(at) <= range.hi()) {
                at++;
            }
            assertThat(pages.get(i).count()).as("page %s", range.describe()).isEqualTo(at - from);
            if (i < pages.size() - 1) {
                assertThat(pages.get(i).count()).isGreaterThanOrEqualTo(pageRows);
                lo = range.hi() + 1;
            } else {
                assertThat(range.hi()).isEqualTo(Long.MAX_VALUE);
            }
        }
        assertThat(at).isEqualTo(sorted.size());
    }
}
