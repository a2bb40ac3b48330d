package io.milvusdm.milvus.source;

import io.milvus.grpc.FieldData;
import io.milvus.grpc.LongArray;
import io.milvus.grpc.ScalarField;
import io.milvus.grpc.StringArray;
import io.milvusdm.milvus.source.KeyRange.Int64Range;
import io.milvusdm.milvus.source.KeyRange.VarcharRange;
import io.milvusdm.milvus.source.MilvusSplit.Page;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeyPagesTest {

    @Test
    void int64_keys_are_sorted_and_cut_into_contiguous_pages_that_never_split_equal_keys() {
        FieldData keys = FieldData.newBuilder().setScalars(ScalarField.newBuilder().setLongData(LongArray.newBuilder()
                .addAllData(List.of(9L, -5L, 3L, 3L, 3L, 7L, Long.MAX_VALUE)))).build();

        List<Page> pages = KeyPages.of(keys).cut(2);

        assertThat(pages).containsExactly(
                new Page(new Int64Range(Long.MIN_VALUE, 3), 4),
                new Page(new Int64Range(4, 9), 2),
                new Page(new Int64Range(10, Long.MAX_VALUE), 1));
    }

    @Test
    void varchar_keys_are_cut_in_code_point_order_with_quotes_kept() {
        FieldData keys = FieldData.newBuilder().setScalars(ScalarField.newBuilder().setStringData(StringArray.newBuilder()
                .addAllData(List.of("b\"q", "a]", "😀", "é", "a]x")))).build();

        List<Page> pages = KeyPages.of(keys).cut(2);

        assertThat(pages).containsExactly(
                new Page(new VarcharRange("", "b\"q"), 2),
                new Page(new VarcharRange("b\"q", "😀"), 2),
                new Page(new VarcharRange("😀", null), 1));
    }

    @Test
    void a_page_is_cut_again_by_its_own_keys_within_its_bounds() {
        KeyPages longs = KeyPages.of(FieldData.newBuilder().setScalars(ScalarField.newBuilder()
                .setLongData(LongArray.newBuilder().addAllData(List.of(1L, 5L, 6L, 6L, 8L, 20L, 30L)))).build());
        KeyPages strings = KeyPages.of(FieldData.newBuilder().setScalars(ScalarField.newBuilder()
                .setStringData(StringArray.newBuilder().addAllData(List.of("a", "b", "c", "é", "😀")))).build());

        assertThat(longs.cut(new Int64Range(2, 25), 2)).containsExactly(
                new Page(new Int64Range(2, 6), 3),
                new Page(new Int64Range(7, 25), 2));
        assertThat(longs.cut(new Int64Range(Long.MIN_VALUE, Long.MAX_VALUE), 4)).containsExactly(
                new Page(new Int64Range(Long.MIN_VALUE, 6), 4),
                new Page(new Int64Range(7, Long.MAX_VALUE), 3));
        assertThat(strings.cut(new VarcharRange("b", "😀"), 2)).containsExactly(
                new Page(new VarcharRange("b", "é"), 2),
                new Page(new VarcharRange("é", "😀"), 1));
        assertThat(strings.cut(new VarcharRange("c", null), 5)).containsExactly(
                new Page(new VarcharRange("c", null), 3));
    }

    @Test
    void no_keys_no_pages() {
        KeyPages none = KeyPages.of(FieldData.newBuilder().setScalars(ScalarField.newBuilder()
                .setLongData(LongArray.getDefaultInstance())).build());
        assertThat(none.rows()).isZero();
        assertThat(none.cut(5)).isEmpty();
    }
}
