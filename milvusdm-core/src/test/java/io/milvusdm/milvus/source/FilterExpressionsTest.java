package io.milvusdm.milvus.source;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterExpressionsTest {

    @Test
    void quotes_escape_quotes_backslashes_and_line_breaks() {
        assertThat(FilterExpressions.quote("plain")).isEqualTo("\"plain\"");
        assertThat(FilterExpressions.quote("a\"] or id != \"")).isEqualTo("\"a\\\"] or id != \\\"\"");
        assertThat(FilterExpressions.quote("back\\slash")).isEqualTo("\"back\\\\slash\"");
        assertThat(FilterExpressions.quote("it's\n\r\t")).isEqualTo("\"it's\\n\\r\\t\"");
        assertThat(FilterExpressions.quote("ünï😀[x]")).isEqualTo("\"ünï😀[x]\"");
    }

    @Test
    void int64_ranges_leave_out_the_ends_of_the_type() {
        assertThat(FilterExpressions.int64Range("id", -5, 10)).isEqualTo("id >= -5 and id <= 10");
        assertThat(FilterExpressions.int64Range("id", 7, 7)).isEqualTo("id == 7");
        assertThat(FilterExpressions.int64Range("id", Long.MIN_VALUE, 3)).isEqualTo("id <= 3");
        assertThat(FilterExpressions.int64Range("id", 3, Long.MAX_VALUE)).isEqualTo("id >= 3");
        assertThat(FilterExpressions.int64Range("id", Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo("id >= 0 or id < 0");
    }

    @Test
    void varchar_ranges_are_half_open_and_quoted() {
        assertThat(FilterExpressions.varcharRange("pk", "a\"", "b\\")).isEqualTo("pk >= \"a\\\"\" and pk < \"b\\\\\"");
        assertThat(FilterExpressions.varcharRange("pk", "", null)).isEqualTo("pk >= \"\"");
    }

    @Test
    void key_lists_name_each_key_quoted() {
        assertThat(FilterExpressions.int64In("id", new long[] {Long.MIN_VALUE, -5, 7}))
                .isEqualTo("id in [-9223372036854775808, -5, 7]");
        assertThat(FilterExpressions.varcharIn("pk", new String[] {"a\"] or pk != \"", "", "😀"}))
                .isEqualTo("pk in [\"a\\\"] or pk != \\\"\", \"\", \"😀\"]");
        assertThatThrownBy(() -> FilterExpressions.int64In("id]", new long[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void field_names_outside_milvus_rules_are_refused() {
        assertThatThrownBy(() -> FilterExpressions.int64Range("id or 1", 1, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'id or 1' is not a Milvus field name");
    }

    @Test
    void split_ids_of_string_ranges_are_one_word() {
        KeyRange range = new KeyRange.VarcharRange("a b\"\n", null);
        assertThat(range.idPart()).isEqualTo("'a%20b%22%0A'..'*'");
        assertThat(range.describe()).isEqualTo("[\"a b\\\"\\n\", end)");
    }
}
