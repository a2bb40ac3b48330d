package io.milvusdm.format.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A unicode column built value by value: as wide as its longest value in code points (not UTF-16 units), read back
 * as written, its staging file gone once closed; a value numpy could not carry is refused with its row.
 */
class NpyUnicodeColumnTest {

    @TempDir
    Path dir;

    @Test
    void the_array_is_as_wide_as_its_longest_value_and_reads_back_as_written() throws IOException {
        String[] values = {"", "a", "é漢", "😀x", "tail "};
        Path file = dir.resolve("s.npy");
        try (NpyUnicodeColumn column = NpyUnicodeColumn.create("s.npy", dir);
             OutputStream out = Files.newOutputStream(file)) {
            for (String value : values) {
                column.add(value);
            }
            assertThat(column.width()).isEqualTo(5);
            column.writeTo(out);
        }
        try (var staged = Files.list(dir)) {
            assertThat(staged).containsExactly(file);
        }
        try (NpyReader reader = NpyReader.open(file)) {
            assertThat(reader.header().dtype()).hasToString("<U5");
            assertThat(reader.header().shape()).containsExactly(values.length);
            String[] back = new String[values.length];
            reader.readStrings(0, values.length, back, 0);
            assertThat(back).containsExactly(values);
        }
    }

    @Test
    void a_value_holding_u0000_is_refused_with_its_row() throws IOException {
        try (NpyUnicodeColumn column = NpyUnicodeColumn.create("chunk-00003/title.npy", dir)) {
            column.add("ok");
            assertThatThrownBy(() -> column.add("a\0b")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("chunk-00003/title.npy: row 1 holds U+0000, which a NumPy string cannot carry (numpy"
                            + " and Milvus's import cut it)");
        }
    }
}
