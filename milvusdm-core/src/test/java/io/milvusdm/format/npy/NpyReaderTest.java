package io.milvusdm.format.npy;

import io.milvusdm.format.FormatException;
import io.milvusdm.format.UnsupportedFormatException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files numpy wrote, read bit for bit; files numpy would not write or that were damaged, refused by name. */
class NpyReaderTest {

    @TempDir
    static Path root;
    static Path valid;
    static Path invalid;

    @BeforeAll
    static void writeFixtures() {
        NpyFixtures.write(root, "valid", "invalid");
        valid = root.resolve("valid");
        invalid = root.resolve("invalid");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"f4", "f4_big_endian", "f8", "f8_big_endian", "v2", "v3", "empty"})
    void float_arrays_read_as_numpy_astype_float32_bit_for_bit(String stem) throws IOException {
        float[] expected = NpyFixtures.floats(valid, stem);
        try (NpyReader reader = NpyReader.open(valid.resolve(stem + ".npy"))) {
            NpyHeader header = reader.header();
            assertThat(header.rows() * header.columns()).isEqualTo(expected.length);
            float[] all = new float[expected.length];
            reader.readFloats(0, (int) header.rows(), all, 0);
            assertThat(NpyFixtures.bits(all)).isEqualTo(NpyFixtures.bits(expected));
            if (header.rows() > 10) {
                float[] middle = new float[(int) (3 * header.columns())];
                reader.readFloats(7, 3, middle, 0);
                assertThat(middle).containsExactly(java.util.Arrays.copyOfRange(expected,
                        (int) (7 * header.columns()), (int) (10 * header.columns())));
            }
        }
    }

    @Test
    void versions_2_and_3_are_recognised() throws IOException {
        try (NpyReader v2 = NpyReader.open(valid.resolve("v2.npy"));
             NpyReader v3 = NpyReader.open(valid.resolve("v3.npy"))) {
            assertThat(v2.header().majorVersion()).isEqualTo(2);
            assertThat(v3.header().majorVersion()).isEqualTo(3);
            assertThat(v3.header().shape()).containsExactly(17, 5);
        }
    }

    @Test
    void unicode_strings_numpy_saved_read_without_their_padding() throws IOException {
        try (NpyReader reader = NpyReader.open(invalid.resolve("strings.npy"))) {
            assertThat(reader.header().dtype()).hasToString("<U3");
            String[] values = new String[2];
            reader.readStrings(0, 2, values, 0);
            assertThat(values).containsExactly("abc", "de");
        }
    }

    @Test
    void uint8_rows_read_as_stored() throws IOException {
        byte[] expected = NpyFixtures.bytes(valid, "binary");
        try (NpyReader reader = NpyReader.open(valid.resolve("binary.npy"))) {
            byte[] all = new byte[expected.length];
            reader.readBytes(0, (int) reader.header().rows(), all, 0);
            assertThat(all).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"f4_ids", "binary_ids_i4", "ids_u4", "ids_column", "ids_i2"})
    void integer_ids_widen_to_int64(String stem) throws IOException {
        long[] expected = NpyFixtures.ids(valid, stem);
        try (NpyReader reader = NpyReader.open(valid.resolve(stem + ".npy"))) {
            long[] all = new long[expected.length];
            reader.readLongs(0, all.length, all, 0);
            assertThat(all).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty_file.npy  | not a NumPy .npy file: expected the magic \\x93NUMPY, found an empty file| 0x0",
        "not_npy.npy     | not a NumPy .npy file: expected the magic \\x93NUMPY, found 0x894844460d0a1a0a| 0x0",
        "header_cut.npy  | truncated header: header length 118 ends at 128, the file has 40 bytes| 0x8",
        "truncated.npy   | data holds 3195 bytes; expected shape (100, 8) x 4 bytes (<f4) = 3200 bytes (truncated?)| 0x80",
        "trailing.npy    | data holds 3204 bytes; expected shape (100, 8) x 4 bytes (<f4) = 3200 bytes| 0x80",
    })
    void damaged_files_are_format_errors_naming_the_file_and_offset(String name, String message, String offset) {
        Path file = invalid.resolve(name);
        assertThatThrownBy(() -> NpyReader.open(file).close()).isExactlyInstanceOf(FormatException.class)
                .hasMessage(message + " (file=" + file + ", offset=" + offset + ")");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
        "fortran.npy    # a Fortran-order (column-major) array of shape (100, 8) is not supported; save it with"
            + " np.save(f, np.ascontiguousarray(a))",
        "object.npy     # an object array (dtype |O, pickled Python objects) cannot be read; save a numeric array,"
            + " e.g. np.asarray(a, dtype=np.float32)",
        "structured.npy # a structured dtype [[x, <f4], [y, <i8]] is not supported; expected a plain float or"
            + " integer array",
        "complex.npy    # dtype '<c8' is not supported; expected float32 or float64 (either byte order), an"
            + " integer type of 1 to 8 bytes, bool or unicode",
        "bytes.npy      # dtype '|S3' is not supported; expected float32 or float64 (either byte order), an"
            + " integer type of 1 to 8 bytes, bool or unicode",
        "version9.npy   # .npy format version 9.0 is not supported; expected 1.0, 2.0 or 3.0",
    })
    void valid_files_of_unsupported_kinds_say_what_is_not_supported(String name, String message) {
        Path file = invalid.resolve(name);
        assertThatThrownBy(() -> NpyReader.open(file).close()).isInstanceOf(UnsupportedFormatException.class)
                .hasMessageStartingWith(message + " (file=" + file);
    }
}
