package io.milvusdm.format.hdf5;

import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Splits cover every row once and stay under their byte budget; batches stay under theirs. */
class Hdf5SplitsAndBatchesTest {

    /** float32 x 37: bytes of one row's vector. */
    private static final int ROW_BYTES = 37 * 4;

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeFixtures() {
        Hdf5Fixtures.write(dir, "float32_ids", "chunked_gzip_ids", "multi_noids");
    }

    private static Hdf5Source open(String... relative) throws IOException {
        List<Path> files = Arrays.stream(relative).map(dir::resolve).toList();
        return Hdf5Source.open(Hdf5SourceSpec.milvusdm(files, false));
    }

    @ParameterizedTest(name = "maxSplitBytes={0}")
    @ValueSource(longs = {1, ROW_BYTES - 1, ROW_BYTES, ROW_BYTES * 7 + 3, 10_000, 1 << 20, Long.MAX_VALUE})
    void splits_cover_every_row_exactly_once_in_file_order(long maxSplitBytes) throws IOException {
        try (Hdf5Source source = open("multi_noids/part_0.h5", "multi_noids/part_1.h5", "multi_noids/part_2.h5")) {
            List<Split> splits = source.splits(maxSplitBytes);
            int file = 0;
            long next = 0;
            for (Split split : splits) {
                Hdf5Split h5 = (Hdf5Split) split;
                if (h5.fileIndex() != file) {
                    assertThat(next).as("rows of file %d", file).isEqualTo(source.rowsPerFile()[file]);
                    assertThat(h5.fileIndex()).isEqualTo(file + 1);
                    file = h5.fileIndex();
                    next = 0;
                }
                assertThat(h5.startRow()).isEqualTo(next);
                assertThat(h5.rowCount() == 1 || h5.rowCount() * ROW_BYTES <= maxSplitBytes).isTrue();
                next = h5.endRow();
            }
            assertThat(file).isEqualTo(2);
            assertThat(next).isEqualTo(source.rowsPerFile()[2]);
            assertThat(splits.stream().map(Split::id).distinct()).hasSize(splits.size());
        }
    }

    @Test
    void splits_of_a_chunked_dataset_end_on_chunk_boundaries() throws IOException {
        try (Hdf5Source source = open("chunked_gzip_ids/chunked_gzip_ids.h5")) {
            // Chunks hold 100 rows of 128 floats; a budget of 250 rows gives splits of 200.
            List<Split> splits = source.splits(250L * 128 * 4);
            assertThat(splits).extracting(s -> ((Hdf5Split) s).startRow())
                    .containsExactly(0L, 200L, 400L, 600L, 800L, 1000L);
            assertThat(splits).extracting(Split::rowCount).containsExactly(200L, 200L, 200L, 200L, 200L, 3L);
        }
    }

    @Test
    void split_ids_name_the_file_and_the_row_range_and_repeat_across_opens() throws IOException {
        List<String> first;
        try (Hdf5Source source = open("float32_ids/float32_ids.h5")) {
            first = source.splits(500L * ROW_BYTES).stream().map(Split::id).toList();
        }
        assertThat(first).containsExactly("h5:0:float32_ids.h5:0+500", "h5:0:float32_ids.h5:500+500",
                "h5:0:float32_ids.h5:1000+3");
        try (Hdf5Source source = open("float32_ids/float32_ids.h5")) {
            assertThat(source.splits(500L * ROW_BYTES).stream().map(Split::id).toList()).isEqualTo(first);
        }
    }

    @ParameterizedTest(name = "maxBatchBytes={0}")
    @ValueSource(longs = {1, ROW_BYTES + 8, 3 * (ROW_BYTES + 8) + 1, 4096, 1 << 20})
    void batches_hold_at_most_max_batch_bytes_and_at_least_one_row(long maxBatchBytes) throws IOException {
        try (Hdf5Source source = open("float32_ids/float32_ids.h5")) {
            Hdf5ReadAll all = Hdf5ReadAll.read(source, 300L * ROW_BYTES, maxBatchBytes);
            all.assertEveryRowReadOnce();
            all.assertVectors(0, Hdf5Fixtures.Expected.load(dir.resolve("float32_ids"), "float32_ids"));
            for (VectorBatch batch : all.batches) {
                assertThat(batch.rowCount()).isPositive();
                assertThat(batch.rowCount() == 1 || batch.byteSize() <= maxBatchBytes).isTrue();
            }
        }
    }

    @Test
    void chunked_batches_that_cut_through_chunk_bands_read_the_same_rows() throws IOException {
        Hdf5Fixtures.Expected expected = Hdf5Fixtures.Expected.load(dir.resolve("chunked_gzip_ids"),
                "chunked_gzip_ids");
        try (Hdf5Source source = open("chunked_gzip_ids/chunked_gzip_ids.h5")) {
            // 37-row batches in 130-row splits: neither lines up with the 100-row chunks.
            Hdf5ReadAll all = Hdf5ReadAll.read(source, 130L * 128 * 4, 37L * (128 * 4 + 8));
            all.assertEveryRowReadOnce();
            all.assertVectors(0, expected);
            all.assertKeys(0, expected.ids());
        }
    }

    @Test
    void refuses_a_split_of_another_source() throws IOException {
        try (Hdf5Source source = open("float32_ids/float32_ids.h5")) {
            Hdf5Split foreign = new Hdf5Split(0, dir.resolve("other.h5"), 0, 10);
            assertThatThrownBy(() -> source.open(foreign, 1024)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("h5:0:other.h5:0+10");
            Hdf5Split pastTheEnd = new Hdf5Split(0, dir.resolve("float32_ids/float32_ids.h5"), 1000, 10);
            assertThatThrownBy(() -> source.open(pastTheEnd, 1024)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
