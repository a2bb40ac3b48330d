package io.milvusdm.format.faiss;

import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Every exact fixture reads bit for bit as faiss stored it, whatever the splits and batches. */
class FaissSourceReadTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeFixtures() {
        FaissFixtures.write(dir, FaissFixtures.EXACT);
    }

    static List<String> exact() {
        return FaissFixtures.EXACT;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exact")
    void vectors_and_ids_are_bit_exact(String name) throws IOException {
        FaissFixtures.Expected expected = FaissFixtures.Expected.load(dir, name);
        try (FaissSource source = FaissSource.open(dir.resolve(name + ".index"))) {
            assertThat(source.schema().vectorType()).hasToString(expected.get("vector_type"));
            assertThat(source.schema().dimension()).isEqualTo(Integer.parseInt(expected.get("dimension")));
            assertThat(source.schema().metric()).contains(expected.get("metric"));
            assertThat(source.schema().keyKind()).isEqualTo(KeyKind.INT64);
            assertThat(source.schema().totalRows()).isEqualTo(Long.parseLong(expected.get("rows")));
            assertThat(source.describe().ids()).hasToString(expected.get("ids_origin"));
            assertThat(source.describe().recovery()).isInstanceOf(Recovery.Exact.class);
            TreeMap<Long, ByteBuffer> rows = FaissFixtures.readAll(source, Long.MAX_VALUE, 1 << 20);
            assertThat(rows.keySet()).containsExactlyElementsOf(expected.rows().keySet());
            assertThat(rows).isEqualTo(expected.rows());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exact")
    void small_splits_and_batches_cover_every_row_once(String name) throws IOException {
        FaissFixtures.Expected expected = FaissFixtures.Expected.load(dir, name);
        try (FaissSource source = FaissSource.open(dir.resolve(name + ".index"))) {
            long rowBytes = source.schema().vectorType().bytesPerRow(source.schema().dimension());
            List<Split> splits = source.splits(rowBytes * 97);
            assertThat(splits).hasSizeGreaterThan(5);
            assertThat(splits.stream().mapToLong(Split::rowCount).sum()).isEqualTo(source.schema().totalRows());
            assertThat(splits.stream().map(Split::id).distinct().count()).isEqualTo(splits.size());
            assertThat(source.splits(rowBytes * 97)).isEqualTo(splits);
            TreeMap<Long, ByteBuffer> rows = FaissFixtures.readAll(source, rowBytes * 97, (rowBytes + 8) * 13);
            assertThat(rows).isEqualTo(expected.rows());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exact")
    void scanning_ids_gives_the_ids_of_the_rows_in_split_order(String name) throws IOException {
        try (FaissSource source = FaissSource.open(dir.resolve(name + ".index"))) {
            List<Long> read = new ArrayList<>();
            for (Split split : source.splits(1 << 12)) {
                try (BatchReader reader = source.open(split, 1 << 10)) {
                    for (VectorBatch batch = reader.next(); batch != null; batch = reader.next()) {
                        for (long id : ((PrimaryKeys.Int64Keys) batch.keys()).values()) {
                            read.add(id);
                        }
                    }
                }
            }
            List<Long> scanned = new ArrayList<>();
            source.scanIds((ids, count) -> {
                for (int i = 0; i < count; i++) {
                    scanned.add(ids[i]);
                }
            });
            assertThat(scanned).isEqualTo(read);
        }
    }

    @Test
    void two_threads_read_disjoint_splits_of_one_source() throws Exception {
        FaissFixtures.Expected expected = FaissFixtures.Expected.load(dir, "ivf_full");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (FaissSource source = FaissSource.open(dir.resolve("ivf_full.index"))) {
            List<Split> splits = source.splits(37 * 4 * 50);
            List<Future<TreeMap<Long, ByteBuffer>>> parts = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int first = t;
                parts.add(pool.submit(() -> {
                    TreeMap<Long, ByteBuffer> rows = new TreeMap<>();
                    for (int i = first; i < splits.size(); i += 2) {
                        FaissFixtures.readSplit(source, splits.get(i), 4096, rows);
                    }
                    return rows;
                }));
            }
            TreeMap<Long, ByteBuffer> all = new TreeMap<>(parts.get(0).get());
            TreeMap<Long, ByteBuffer> second = parts.get(1).get();
            assertThat(Collections.disjoint(all.keySet(), second.keySet())).isTrue();
            all.putAll(second);
            assertThat(all).isEqualTo(expected.rows());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_big_list_is_cut_into_row_ranges_and_small_lists_are_grouped() throws IOException {
        try (FaissSource source = FaissSource.open(dir.resolve("ivf_full.index"))) {
            List<Split> whole = source.splits(Long.MAX_VALUE);
            assertThat(whole).singleElement().satisfies(s -> assertThat(((FaissSplit) s).blockCount()).isEqualTo(7));
            List<Split> rows = source.splits(37 * 4 * 10);
            assertThat(rows).allSatisfy(s -> assertThat(s.rowCount()).isLessThanOrEqualTo(10));
            assertThat(rows.get(0).id()).isEqualTo("faiss:ivf_full.index:b0+1:0+10");
        }
    }

    @Test
    void binary_sources_are_hamming_with_dimension_in_bits() throws IOException {
        try (FaissSource source = FaissSource.open(dir.resolve("binary_ivf.index"))) {
            assertThat(source.schema().vectorType()).isEqualTo(VectorType.BINARY_VECTOR);
            assertThat(source.schema().dimension()).isEqualTo(72);
            assertThat(source.schema().metric()).contains("HAMMING");
        }
    }
}
