package io.milvusdm.milvus.source;

import io.milvusdm.milvus.source.KeyRange.Int64Range;
import io.milvusdm.milvus.source.KeyRange.VarcharRange;
import io.milvusdm.milvus.source.MilvusSplit.Page;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The range cutting against keys held in memory: every key in exactly one page, pages small enough, stable. */
class RangeBisectionTest {

    /** Keys in memory, counted and sampled as a server would (the sample is whichever key comes first). */
    private record Keys(List<Object> keys, int[] queries) {
        Keys(List<Object> keys) {
            this(keys, new int[1]);
        }

        long count(KeyRange range) {
            queries[0]++;
            return keys.stream().filter(in(range)).count();
        }

        Object sample(KeyRange range, boolean last) {
            List<Object> inside = keys.stream().filter(in(range)).toList();
            return inside.isEmpty() ? null : inside.get(last ? inside.size() - 1 : 0);
        }

        List<Page> cut(KeySpace space, long maxRows, boolean sampleLast) throws IOException {
            return RangeBisection.cut(space, space.whole(), keys.size(), maxRows, this::count,
                    range -> sample(range, sampleLast), "test");
        }
    }

    private static Predicate<Object> in(KeyRange range) {
        if (range instanceof Int64Range r) {
            return k -> (Long) k >= r.lo() && (Long) k <= r.hi();
        }
        VarcharRange r = (VarcharRange) range;
        return k -> VarcharKeys.compare((String) k, r.lo()) >= 0 && (r.hi() == null || VarcharKeys.compare((String) k, r.hi()) < 0);
    }

    private static void assertCoversOnce(Keys keys, List<Page> pages, long maxRows) {
        Set<Object> seen = new HashSet<>();
        for (Page page : pages) {
            List<Object> inside = keys.keys().stream().filter(in(page.range())).toList();
            assertThat(inside).hasSize((int) page.count());
            assertThat(page.count()).isBetween(1L, maxRows);
            for (Object key : inside) {
                assertThat(seen.add(key)).as("key %s in two pages", key).isTrue();
            }
        }
        assertThat(seen).hasSize(keys.keys().size());
    }

    @Test
    void int64_keys_clustered_and_spread_are_cut_into_small_pages_the_same_way_whatever_is_sampled() throws IOException {
        Random random = new Random(7);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            values.add(1_000_000L + i * 3L);                 // a dense cluster
            values.add(random.nextLong());                   // spread over the whole type, negatives included
        }
        values.add(Long.MIN_VALUE);
        values.add(Long.MAX_VALUE);
        Keys keys = new Keys(values);
        List<Page> pages = keys.cut(new Int64Space(), 500, false);
        assertCoversOnce(keys, pages, 500);
        assertThat(keys.cut(new Int64Space(), 500, true)).isEqualTo(pages);
        assertThat(pages).extracting(p -> ((Int64Range) p.range()).lo()).isSorted();
    }

    @Test
    void narrowing_spares_a_count_per_shared_bit() throws IOException {
        List<Object> values = new ArrayList<>();
        for (long i = 0; i < 1000; i++) {
            values.add(5_000_000_000L + i);
        }
        Keys keys = new Keys(values);
        List<Page> pages = keys.cut(new Int64Space(), 100, false);
        assertCoversOnce(keys, pages, 100);
        assertThat(keys.queries()[0]).isLessThan(40); // halving from the whole type would take more than 50
    }

    @Test
    void varchar_keys_with_quotes_brackets_unicode_and_shared_prefixes() throws IOException {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            values.add(String.format("doc-%05d", i));
        }
        values.addAll(List.of("", "a\"b", "[x]", "it's", "back\\slash", "é", "😀", "😀😀", "\uFFFF", "z\u0000",
                "z", "\u007F", "\u0080", "\uE000", "\uD7FF"));
        Keys keys = new Keys(values);
        List<Page> pages = keys.cut(new VarcharSpace(), 64, false);
        assertCoversOnce(keys, pages, 64);
        assertThat(keys.cut(new VarcharSpace(), 64, true)).isEqualTo(pages);
    }

    @Test
    void between_stays_strictly_inside_in_code_point_order() {
        String[][] cases = {{"", null}, {"a", "b"}, {"a", "a\u0001"}, {"a", "a\u0000b"}, {"\uD7FF", "\uE000x"},
            {"\uFFFF", "😀"}, {"\uDBFF\uDFFF", null}, {"doc-1", "doc-2"}};
        for (String[] c : cases) {
            String mid = VarcharKeys.between(c[0], c[1]);
            assertThat(VarcharKeys.compare(c[0], mid)).as("%s < %s", c[0], mid).isNegative();
            if (c[1] != null) {
                assertThat(VarcharKeys.compare(mid, c[1])).as("%s < %s", mid, c[1]).isNegative();
            }
            assertThat(mid.codePoints().allMatch(Character::isValidCodePoint)).isTrue();
            assertThat(mid.codePoints().noneMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE))
                    .as("no lone surrogate in %s", mid).isTrue();
        }
        assertThat(VarcharKeys.between("a", "a\u0000")).isNull();
        assertThat(VarcharKeys.compare("\uFFFF", "😀")).isNegative(); // String.compareTo says the opposite
    }

    @Test
    void more_rows_on_one_key_than_a_page_holds_is_an_error_naming_the_key() {
        List<Object> values = new ArrayList<>(List.of(1L, 2L, 3L));
        Keys keys = new Keys(values);
        // a server that counts 5 rows on key 2 (duplicates) and returns pages of at most 2 rows
        KeySpace.Counter counter = range -> in(range).test(2L) ? keys.count(range) + 4 : keys.count(range);
        assertThatThrownBy(() -> RangeBisection.cut(new Int64Space(), new Int64Space().whole(), 7, 2, counter,
                range -> keys.sample(range, false), "Collection 'c' partition 'p'"))
                .isInstanceOf(MilvusSourceException.class)
                .hasMessage("Collection 'c' partition 'p' keys [2, 2]: 5 rows share one primary key, more than one"
                        + " query may return (2)");
    }
}
