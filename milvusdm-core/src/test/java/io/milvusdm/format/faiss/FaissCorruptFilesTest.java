package io.milvusdm.format.faiss;

import io.milvusdm.format.FormatException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Truncated, corrupted and fuzzed copies of faiss-cpu's files: every outcome is a {@link FormatException} naming
 * the file, or the original vectors; never a buffer or index exception, a huge allocation or a hang. Faiss files
 * carry no checksum, so the fuzzer changes only structural bytes (headers, sizes, graphs, quantizers), never the
 * stored vectors and ids themselves. The seed is {@code -Dmilvusdm.fuzz.seed} (printed on failure), so a failing
 * run can be replayed.
 */
class FaissCorruptFilesTest {

    private static final List<String> FIXTURES = List.of("idmap_ivf", "ivf_sparse", "ivf_dm_hashtable", "hnsw_flat",
            "ivf_dedup", "binary_hash", "binary_idmap2_hnsw", "refine_flat");

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeFixtures() {
        FaissFixtures.write(dir, FIXTURES);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"idmap_ivf", "ivf_sparse", "hnsw_flat", "ivf_dedup", "binary_hash", "refine_flat"})
    void a_truncated_file_fails_the_prescan_naming_the_file_and_offset(String name) throws IOException {
        byte[] bytes = Files.readAllBytes(dir.resolve(name + ".index"));
        for (int cut = 0; cut < bytes.length; cut += Math.max(1, bytes.length / 97)) {
            int at = cut;
            Path copy = write("cut_" + at + "_" + name + ".index", bytes, at);
            assertThatThrownBy(() -> FaissSource.open(copy)).as("cut at %d", at)
                    .isInstanceOfSatisfying(FormatException.class, e -> {
                        assertThat(e.file()).isEqualTo(copy);
                        assertThat(e.offset()).isBetween(0L, (long) at);
                    })
                    .hasMessageContaining(copy.getFileName().toString());
        }
    }

    @Test
    void the_messages_name_the_problem_the_path_of_fourccs_and_the_offset() throws IOException {
        byte[] bytes = Files.readAllBytes(dir.resolve("idmap_ivf.index"));
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int idsCount = bytes.length - 1003 * 8 - 8;
        buffer.putLong(idsCount, 999);
        Path copy = write("ids_999.index", bytes, bytes.length);
        assertThatThrownBy(() -> FaissSource.open(copy)).isInstanceOf(FormatException.class)
                .hasMessage("ids count 999 != vectors count 1003 in IxMp (file=" + copy + ", offset=0x"
                        + Integer.toHexString(idsCount) + ")");
        byte[] flat = Files.readAllBytes(dir.resolve("hnsw_flat.index"));
        ByteBuffer.wrap(flat).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 0x25000000);
        assertThatThrownBy(() -> FaissIndexFile.read(write("swapped.index", flat, flat.length)))
                .isInstanceOf(FormatException.class).hasMessageContaining("dimension 620756992 is outside");
    }

    @Test
    void a_header_claiming_2_to_the_60_elements_fails_without_allocating() throws IOException {
        byte[] bytes = Files.readAllBytes(dir.resolve("ivf_sparse.index"));
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(4, 1L << 60);
        Path ntotal = write("ntotal_2_60.index", bytes, bytes.length);
        assertThatThrownBy(() -> FaissSource.open(ntotal)).isInstanceOf(FormatException.class);
        byte[] flat = Files.readAllBytes(dir.resolve("hnsw_flat.index"));
        ByteBuffer.wrap(flat).order(ByteOrder.LITTLE_ENDIAN).putLong(37, 1L << 60);
        assertThatThrownBy(() -> FaissSource.open(write("probas_2_60.index", flat, flat.length)))
                .isInstanceOf(FormatException.class).hasMessageContaining("HNSW assign_probas claims 1152921504606846976");
    }

    @Test
    void a_big_endian_file_is_refused_as_such() throws IOException {
        byte[] bytes = Files.readAllBytes(dir.resolve("hnsw_flat.index"));
        byte[] swapped = bytes.clone();
        for (int i = 0; i < 4; i++) {
            swapped[i] = bytes[3 - i];
        }
        assertThatThrownBy(() -> FaissIndexFile.read(write("big_endian.index", swapped, 64)))
                .hasMessageContaining("big-endian Faiss file (fourcc 'fNHI' is 'IHNf' byte-reversed)");
    }

    @Test
    void fuzzed_files_fail_cleanly_or_read_the_original_vectors() throws Exception {
        long seed = Long.getLong("milvusdm.fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            for (String name : FIXTURES) {
                byte[] original = Files.readAllBytes(dir.resolve(name + ".index"));
                TreeMap<Long, ByteBuffer> expected = readAll(dir.resolve(name + ".index"));
                boolean[] payload = payload(dir.resolve(name + ".index"), original.length);
                for (int i = 0; i < 40; i++) {
                    byte[] bytes = mutate(original, payload, random);
                    Path copy = write("fuzz_" + name + "_" + i + ".index", bytes, bytes.length);
                    Future<?> run = pool.submit(() -> check(copy, expected, seed));
                    try {
                        run.get(10, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        fail("seed " + seed + ": " + copy + " hung");
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Void check(Path copy, TreeMap<Long, ByteBuffer> expected, long seed) throws IOException {
        try {
            TreeMap<Long, ByteBuffer> rows = readAll(copy);
            if (!rows.equals(expected)) {
                fail("seed " + seed + ": " + copy + " read different vectors or ids without an error");
            }
        } catch (FormatException e) {
            assertThat(e.file()).as("seed %d", seed).isEqualTo(copy);
        } catch (RuntimeException | Error e) {
            fail("seed " + seed + ": " + copy + " threw " + e, e);
        }
        return null;
    }

    /** The bytes that are stored vectors or ids: changing them changes the data, which no reader can notice. */
    private static boolean[] payload(Path file, int length) throws IOException {
        FaissReadPlan plan = FaissIndexFile.read(file).plan();
        boolean[] mask = new boolean[length];
        for (int k = 0; k < plan.blockCount(); k++) {
            mark(mask, plan.codeOffsets()[k], plan.rows()[k] * plan.rowBytes());
            if (plan.idOffsets()[k] >= 0) {
                mark(mask, plan.idOffsets()[k], plan.rows()[k] * Long.BYTES);
            }
        }
        for (Section section : new Section[] {plan.idMap(), plan.dedupInstances()}) {
            if (section != null) {
                mark(mask, section.offset(), section.length());
            }
        }
        return mask;
    }

    private static void mark(boolean[] mask, long offset, long length) {
        java.util.Arrays.fill(mask, (int) offset, (int) (offset + length), true);
    }

    /** One to four changes of structural bytes: a bit flip, a random byte or 0xff. */
    private static byte[] mutate(byte[] original, boolean[] payload, Random random) {
        byte[] bytes = original.clone();
        int changes = 1 + random.nextInt(4);
        for (int c = 0; c < changes; c++) {
            int at = random.nextInt(bytes.length);
            while (payload[at]) {
                at = random.nextInt(bytes.length);
            }
            bytes[at] = switch (random.nextInt(3)) {
                case 0 -> (byte) (bytes[at] ^ (1 << random.nextInt(8)));
                case 1 -> (byte) random.nextInt(256);
                default -> (byte) 0xff;
            };
        }
        return bytes;
    }

    private static TreeMap<Long, ByteBuffer> readAll(Path file) throws IOException {
        try (FaissSource source = FaissSource.open(file)) {
            return FaissFixtures.readAll(source, 20_000, 5_000);
        }
    }

    private static Path write(String name, byte[] bytes, int length) throws IOException {
        Path copy = dir.resolve("corrupt").resolve(name);
        Files.createDirectories(copy.getParent());
        return Files.write(copy, java.util.Arrays.copyOf(bytes, length));
    }
}
