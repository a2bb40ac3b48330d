package io.milvusdm.format.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.api.dataset.ChunkedDataset;
import io.milvusdm.format.FormatException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import java.util.zip.DataFormatException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Chunked datasets through every filter pipeline h5py writes: deflate (levels 1 and 9), shuffle with and without
 * deflate, fletcher32, partial edge chunks and chunks splitting the columns, decoded by {@link ChunkDecoder};
 * lzf, left to jhdf; and chunks damaged after h5py wrote them.
 */
class Hdf5ChunkFiltersTest {

    private static final long MAX_SPLIT = 48 << 10;
    private static final long MAX_BATCH = 12 << 10;

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeFixtures() {
        Hdf5Fixtures.write(dir, "chunk_filters", "corrupt_chunks");
    }

    @ParameterizedTest(name = "{0}.h5")
    @CsvSource({
        "gzip1_shuffle, 'SHUFFLE 4 <- DEFLATE'",
        "gzip9_shuffle_split, 'SHUFFLE 4 <- DEFLATE'",
        "gzip9_noshuffle, 'DEFLATE'",
        "shuffle_only, 'SHUFFLE 4 <-'",
        "bigendian_gzip_shuffle, 'SHUFFLE 4 <- DEFLATE'",
        "float64_gzip_shuffle, 'SHUFFLE 8 <- DEFLATE'",
        "fletcher_gzip_shuffle, 'SHUFFLE 4 <- DEFLATE FLETCHER32'",
        "fletcher_shuffle, 'SHUFFLE 4 <- FLETCHER32'",
        "uint8_gzip_shuffle, 'DEFLATE'",
        "bytes_s64_gzip_shuffle, 'SHUFFLE 64 <- DEFLATE'",
        "lzf_shuffle, 'jhdf'",
    })
    void reads_every_pipeline_bit_exact_and_decodes_all_but_lzf_itself(String stem, String decoding)
            throws IOException {
        Path file = dir.resolve("chunk_filters").resolve(stem + ".h5");
        assertThat(describe(file)).isEqualTo(decoding);
        Hdf5Fixtures.Expected expected = Hdf5Fixtures.Expected.load(file.getParent(), stem);
        try (Hdf5Source source = Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(file), false))) {
            Hdf5ReadAll all = Hdf5ReadAll.read(source, MAX_SPLIT, MAX_BATCH);
            all.assertEveryRowReadOnce();
            all.assertVectors(0, expected);
            all.assertKeys(0, expected.ids() != null ? expected.ids()
                    : LongStream.range(0, expected.rows()).toArray());
        }
    }

    /** The decoding steps of the vectors' pipeline, last first (as the bytes are read), or "jhdf". */
    private static String describe(Path file) {
        try (HdfFile hdf = new HdfFile(file)) {
            ChunkedDataset dataset = (ChunkedDataset) hdf.getDatasetByPath("embeddings");
            int elementSize = dataset.getDataType().getSize();
            int chunkBytes = elementSize;
            for (int length : dataset.getChunkDimensions()) {
                chunkBytes *= length;
            }
            Optional<ChunkFilters> filters = ChunkFilters.of(dataset.getFilters(), chunkBytes, elementSize);
            if (filters.isEmpty()) {
                return "jhdf";
            }
            StringBuilder steps = new StringBuilder(filters.get().deferredShuffle() > 0
                    ? "SHUFFLE " + filters.get().deferredShuffle() + " <-" : "");
            List<ChunkFilters.Step> decoding = filters.get().steps();
            for (int i = decoding.size() - 1; i >= 0; i--) {
                ChunkFilters.Step step = decoding.get(i);
                steps.append(steps.isEmpty() ? "" : " ").append(switch (step.filterId()) {
                    case ChunkFilters.DEFLATE -> "DEFLATE";
                    case ChunkFilters.FLETCHER32 -> "FLETCHER32";
                    default -> "SHUFFLE " + step.elementSize();
                });
            }
            return steps.toString();
        }
    }

    @ParameterizedTest(name = "{0}.h5")
    @CsvSource(delimiter = '|', value = {
        "bad_block_type | invalid block type",
        "bad_adler32 | incorrect data check",
    })
    void a_damaged_deflate_stream_fails_naming_the_file_dataset_and_chunk(String stem, String zlibSays) {
        Path file = dir.resolve("corrupt_chunks").resolve(stem + ".h5");
        assertThatThrownBy(() -> readAll(file))
                .isExactlyInstanceOf(FormatException.class)
                .hasMessageStartingWith("the chunk at [300, 0] of dataset 'embeddings' is not a valid deflate"
                        + " stream after ")
                .hasMessageEndingWith(": " + zlibSays + " (file=" + file + ")")
                .hasCauseInstanceOf(DataFormatException.class);
    }

    @Test
    void a_chunk_failing_its_fletcher32_checksum_fails_with_both_checksums() {
        Path file = dir.resolve("corrupt_chunks").resolve("bad_fletcher32.h5");
        assertThatThrownBy(() -> readAll(file))
                .isExactlyInstanceOf(FormatException.class)
                .hasMessageMatching("the chunk at \\[300, 0] of dataset 'embeddings' fails its Fletcher-32 checksum:"
                        + " stored 0x[0-9a-f]+, computed 0x[0-9a-f]+ over \\d+ bytes \\(file=.*bad_fletcher32.h5\\)");
    }

    @Test
    void accepts_the_fletcher32_form_hdf5_1_6_2_and_earlier_stored() {
        assertThat(Fletcher32.matches(0x3412_7856, 0x1234_5678)).isTrue();
        assertThat(Fletcher32.matches(0x1234_5678, 0x1234_5678)).isTrue();
        assertThat(Fletcher32.matches(0x7856_3412, 0x1234_5678)).isFalse();
    }

    private static void readAll(Path file) throws IOException {
        try (Hdf5Source source = Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(file), false))) {
            Hdf5ReadAll.read(source, MAX_SPLIT, MAX_BATCH);
        }
    }
}
