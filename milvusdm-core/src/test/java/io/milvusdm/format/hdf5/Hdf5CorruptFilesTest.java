package io.milvusdm.format.hdf5;

import io.milvusdm.format.FormatException;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.Split;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Truncated and bit-flipped copies of h5py's files: every failure is a {@link FormatException} naming the file,
 * never a raw jhdf, buffer or index exception.
 */
class Hdf5CorruptFilesTest {

    private static final String CONTIGUOUS = "float32_ids/float32_ids.h5";
    private static final String CHUNKED = "chunked_gzip_ids/chunked_gzip_ids.h5";
    private static final String FLETCHER = "chunk_filters/fletcher_gzip_shuffle.h5";

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeFixtures() {
        Hdf5Fixtures.write(dir, "float32_ids", "chunked_gzip_ids", "chunk_filters");
    }

    private static Path copy(String fixture, String name) throws IOException {
        Path copy = dir.resolve("corrupt").resolve(name);
        Files.createDirectories(copy.getParent());
        return Files.copy(dir.resolve(fixture), copy, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Cut points from the superblock to the last byte, including the middle of the data area. */
    private static List<Long> cuts(long size) {
        List<Long> cuts = new ArrayList<>(List.of(0L, 1L, 8L, 40L, 100L, 600L, 1400L, 2048L, 4096L));
        for (long fraction = 1; fraction < 8; fraction++) {
            cuts.add(size * fraction / 8);
        }
        cuts.addAll(List.of(size - 1000, size - 1));
        return cuts;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {CONTIGUOUS, CHUNKED})
    void a_truncated_file_fails_the_prescan_naming_the_file(String fixture) throws IOException {
        long size = Files.size(dir.resolve(fixture));
        for (long cut : cuts(size)) {
            Path copy = copy(fixture, "cut_" + cut + ".h5");
            try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                channel.truncate(cut);
            }
            assertThatThrownBy(() -> Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(copy), false)).close())
                    .as("cut at %d of %d", cut, size)
                    .isInstanceOfSatisfying(FormatException.class, e -> assertThat(e.file()).isEqualTo(copy))
                    .hasMessageContaining(copy.getFileName().toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {CONTIGUOUS, CHUNKED, FLETCHER})
    void a_flipped_byte_reads_or_fails_with_a_format_exception_naming_the_file(String fixture) throws IOException {
        long size = Files.size(dir.resolve(fixture));
        List<Long> offsets = new ArrayList<>();
        for (long offset = 0; offset < Math.min(size, 4096); offset += 61) {
            offsets.add(offset);
        }
        for (long fraction = 1; fraction < 8; fraction++) {
            offsets.add(size * fraction / 8);
        }
        for (long offset : offsets) {
            Path copy = copy(fixture, "flip_" + offset + ".h5");
            flip(copy, offset);
            try {
                readEverything(copy);
            } catch (FormatException e) {
                assertThat(e.file()).as("flip at %d", offset).isEqualTo(copy);
                assertThat(e).hasMessageContaining(copy.getFileName().toString());
            } catch (Exception | StackOverflowError e) {
                fail("flip at " + offset + " of " + fixture + " threw " + e, e);
            }
        }
    }

    @Test
    void a_file_cut_after_the_prescan_fails_the_read_with_the_rows_and_offset() throws IOException {
        Path copy = copy(CONTIGUOUS, "cut_after_open.h5");
        try (Hdf5Source source = Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(copy), false))) {
            try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                channel.truncate(Files.size(copy) / 2);
            }
            Split whole = source.splits(Long.MAX_VALUE).get(0);
            assertThatThrownBy(() -> {
                try (BatchReader reader = source.open(whole, Long.MAX_VALUE)) {
                    reader.next();
                }
            }).isInstanceOfSatisfying(FormatException.class, e -> assertThat(e.file()).isEqualTo(copy))
                    .hasMessageContaining("unexpected end of file reading rows 0..1003 of dataset 'embeddings'");
        }
    }

    private static void flip(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte) ~one.get(0)).rewind();
            channel.write(one, offset);
        }
    }

    private static void readEverything(Path file) throws IOException {
        try (Hdf5Source source = Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(file), false))) {
            for (Split split : source.splits(40_000)) {
                try (BatchReader reader = source.open(split, 10_000)) {
                    while (reader.next() != null) {
                        assertThat(split.rowCount()).isPositive();
                    }
                }
            }
        }
    }
}
