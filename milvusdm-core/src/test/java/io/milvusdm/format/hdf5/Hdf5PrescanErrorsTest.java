package io.milvusdm.format.hdf5;

import io.milvusdm.format.FormatException;
import io.milvusdm.format.UnsupportedFormatException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files the pre-scan refuses, each with a message that names the file and says what is wrong. */
class Hdf5PrescanErrorsTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeFixtures() {
        Hdf5Fixtures.write(dir, "invalid");
    }

    private static Path invalid(String name) {
        return dir.resolve("invalid").resolve(name);
    }

    private static ThrowingCallable opening(String... names) {
        List<Path> files = Arrays.stream(names).map(Hdf5PrescanErrorsTest::invalid).toList();
        return () -> Hdf5Source.open(Hdf5SourceSpec.milvusdm(files, false)).close();
    }

    @Test
    void an_empty_file_is_an_error_naming_the_file() {
        assertThatThrownBy(opening("empty_file.h5")).isInstanceOf(FormatException.class)
                .hasMessage("the HDF5 file holds no dataset; expected 'embeddings' (file=" + invalid("empty_file.h5")
                        + ")");
    }

    @Test
    void a_missing_vector_dataset_names_the_dataset_and_lists_the_ones_present() {
        assertThatThrownBy(opening("missing_dataset.h5")).isInstanceOf(FormatException.class)
                .hasMessage("dataset 'embeddings' not found; the file holds [labels, vectors] (file="
                        + invalid("missing_dataset.h5") + ")");
    }

    @Test
    void ids_of_another_length_than_the_vectors_give_both_counts() {
        assertThatThrownBy(opening("ids_mismatch.h5")).isInstanceOf(FormatException.class)
                .hasMessage("ids count 999 != vectors count 1000 (file=" + invalid("ids_mismatch.h5") + ")");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ids_float.h5      | ids dataset 'ids' is <f8; expected 1-D int64 or a narrower integer type",
        "ids_uint64.h5     | ids dataset 'ids' is <u8; expected 1-D int64 or a narrower integer type (uint64 ids",
        "float16.h5        | vector dataset 'embeddings' is <f2 with 2 dimension(s); expected 2-D float32 or float64",
        "int8_vectors.h5   | vector dataset 'embeddings' is |i1 with 2 dimension(s)",
        "one_d_float.h5    | vector dataset 'embeddings' is <f4 with 1 dimension(s)",
        "rank3.h5          | dataset 'embeddings' has shape [10, 4, 16]; expected 1 or 2 dimensions",
    })
    void an_unsupported_type_or_shape_says_what_was_found_and_what_is_read(String file, String message) {
        assertThatThrownBy(opening(file)).isInstanceOf(UnsupportedFormatException.class)
                .hasMessageStartingWith(message).hasMessageEndingWith("(file=" + invalid(file) + ")");
    }

    @Test
    void files_of_different_dimensions_name_both_files_and_both_dimensions() {
        assertThatThrownBy(opening("noids_37.h5", "dim38.h5")).isInstanceOf(FormatException.class)
                .hasMessageContaining("noids_37.h5 has FLOAT_VECTOR dim 37 (<f4)")
                .hasMessageContaining("dim38.h5 has FLOAT_VECTOR dim 38 (<f4)");
    }

    @Test
    void float_and_binary_files_do_not_mix() {
        assertThatThrownBy(opening("noids_37.h5", "uint8_37.h5")).isInstanceOf(FormatException.class)
                .hasMessageContaining("noids_37.h5 has FLOAT_VECTOR dim 37")
                .hasMessageContaining("uint8_37.h5 has BINARY_VECTOR dim 296 (|u1)");
    }

    @Test
    void files_with_ids_and_files_without_do_not_mix() {
        assertThatThrownBy(opening("float32_37.h5", "noids_37.h5")).isInstanceOf(FormatException.class)
                .hasMessageStartingWith("some files have the ids dataset 'ids' and others not: float32_37.h5 has it,"
                        + " noids_37.h5 has not");
    }

    @Test
    void auto_id_ignores_ids_entirely_even_a_mismatched_count() throws Exception {
        Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(invalid("ids_mismatch.h5")), true)).close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"foreign_text.h5", "foreign_npy.h5"})
    void a_file_that_is_not_hdf5_is_a_format_error_naming_it(String file) {
        assertThatThrownBy(opening(file)).isInstanceOf(FormatException.class)
                .hasMessageStartingWith("not a readable HDF5 file: ")
                .hasMessageEndingWith("(file=" + invalid(file) + ")");
    }

    @Test
    void a_missing_file_is_reported_with_its_path() {
        assertThatThrownBy(opening("no_such_file.h5")).isInstanceOf(java.nio.file.NoSuchFileException.class)
                .hasMessageContaining("no_such_file.h5");
    }
}
