package io.milvusdm.format.faiss;

import io.milvusdm.format.FormatException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * IVF indexes whose inverted lists faiss keeps on disk ({@code ilod}: {@code faiss.contrib.ondisk.merge_ondisk}
 * wrote an index file and a separate {@code .ivfdata}), exact (IVF-Flat) and coded (IVF-PQ, IVF-SQ8): read as
 * faiss reads them, and a missing or truncated data file named with the size the index records.
 */
class FaissOnDiskListsTest {

    @TempDir
    static Path dir;

    @TempDir
    Path temp;

    @BeforeAll
    static void writeFixtures() {
        FaissFixtures.write(dir, List.of("ivf_ondisk", "dec_ivf_pq_ondisk", "dec_ivf_sq8_ondisk_ip"));
    }

    @Test
    void coded_on_disk_lists_are_described_and_decoded() throws IOException {
        FaissDescription pq = FaissIndexFile.read(dir.resolve("dec_ivf_pq_ondisk.index")).describe();
        assertThat(pq.root()).extracting(FaissNode::fourcc, FaissNode::listEncoding).containsExactly("IwPQ", "ilod");
        assertThat(pq.recovery()).isInstanceOfSatisfying(Recovery.Decoded.class, d -> {
            assertThat(d.codec()).startsWith("PQ 6x6");
            assertThat(d.lossy()).isTrue();
        });
        assertThat(pq.ids()).isEqualTo(IdOrigin.IVF_LISTS);
        FaissDescription sq = FaissIndexFile.read(dir.resolve("dec_ivf_sq8_ondisk_ip.index")).describe();
        assertThat(sq.root()).extracting(FaissNode::fourcc, FaissNode::metric, FaissNode::listEncoding)
                .containsExactly("IwSq", "IP", "ilod");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ivf_ondisk", "dec_ivf_pq_ondisk"})
    void a_missing_data_file_is_named_with_its_recorded_size(String name) throws IOException {
        Path index = Files.copy(dir.resolve(name + ".index"), temp.resolve(name + ".index"));
        Path recorded = dir.resolve(name + ".ivfdata");
        long size = Files.size(recorded);
        Path hidden = Files.move(recorded, temp.resolve("hidden.bin"));
        try {
            assertThatThrownBy(() -> FaissSource.open(index, true)).isInstanceOf(NoSuchFileException.class)
                    .hasMessageContaining("the on-disk inverted lists' data file '" + name + ".ivfdata' (" + size
                            + " bytes, as the index records) is neither beside the index (" + temp.resolve(name
                            + ".ivfdata") + ") nor at its recorded path " + recorded);
            assertThat(FaissIndexFile.read(index).describe().recovery()).isInstanceOfSatisfying(Recovery.None.class,
                    none -> assertThat(none.reason()).contains(name + ".ivfdata", size + " bytes"));
        } finally {
            Files.move(hidden, recorded);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ivf_ondisk", "dec_ivf_pq_ondisk"})
    void a_truncated_data_file_is_refused_naming_it_and_both_sizes(String name) throws IOException {
        Path index = Files.copy(dir.resolve(name + ".index"), temp.resolve(name + ".index"));
        byte[] whole = Files.readAllBytes(dir.resolve(name + ".ivfdata"));
        Path data = temp.resolve(name + ".ivfdata");
        for (int cut : new int[] {1, whole.length / 2, whole.length}) {
            Files.write(data, Arrays.copyOf(whole, whole.length - cut));
            assertThatThrownBy(() -> FaissSource.open(index, true)).as("cut by %d", cut)
                    .isInstanceOf(FormatException.class)
                    .hasMessage("the on-disk inverted lists' data file is " + (whole.length - cut) + " bytes, expected "
                            + whole.length + " (the size " + name + ".index records; truncated?) (file=" + data
                            + ", offset=0x" + Long.toHexString(whole.length - cut) + ")");
        }
    }

    @Test
    void bytes_past_the_recorded_size_are_not_read() throws IOException {
        Path index = Files.copy(dir.resolve("ivf_ondisk.index"), temp.resolve("ivf_ondisk.index"));
        Path data = Files.copy(dir.resolve("ivf_ondisk.ivfdata"), temp.resolve("ivf_ondisk.ivfdata"));
        Files.write(data, new byte[4096], StandardOpenOption.APPEND);
        FaissFixtures.Expected expected = FaissFixtures.Expected.load(dir, "ivf_ondisk");
        try (FaissSource source = FaissSource.open(index)) {
            TreeMap<Long, ByteBuffer> rows = FaissFixtures.readAll(source, 1 << 12, 1 << 10);
            assertThat(rows).isEqualTo(expected.rows());
        }
    }
}
