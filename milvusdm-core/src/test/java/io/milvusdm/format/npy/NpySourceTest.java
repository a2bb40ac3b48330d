package io.milvusdm.format.npy;

import io.milvusdm.format.FormatException;
import io.milvusdm.format.UnsupportedFormatException;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** NpySource over files numpy wrote: every row once, bit for bit, with its id; bad combinations refused. */
class NpySourceTest {

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

    private static NpySourceSpec.NpyFiles pair(Path dir, String vectors, String ids) {
        return new NpySourceSpec.NpyFiles(dir.resolve(vectors + ".npy"), ids == null ? null : dir.resolve(ids + ".npy"));
    }

    /** Everything a source produces, read split by split in small batches, in split order. */
    private record ReadAll(float[] floats, byte[] bytes, long[] ids, int splits) {
        static ReadAll of(NpySource source, long splitBytes, long batchBytes) throws IOException {
            List<float[]> floats = new ArrayList<>();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            List<Long> ids = new ArrayList<>();
            List<Split> splits = source.splits(splitBytes);
            for (Split split : splits) {
                long rows = 0;
                try (BatchReader reader = source.open(split, batchBytes)) {
                    for (VectorBatch batch; (batch = reader.next()) != null; ) {
                        rows += batch.rowCount();
                        if (batch.vectors() instanceof FloatVectors f) {
                            floats.add(f.values());
                        } else {
                            byte[] b = ((ByteVectors) batch.vectors()).values();
                            bytes.write(b, 0, b.length);
                        }
                        if (batch.keys() instanceof PrimaryKeys.Int64Keys keys) {
                            Arrays.stream(keys.values()).forEach(ids::add);
                        }
                    }
                }
                assertThat(rows).isEqualTo(split.rowCount());
            }
            int n = floats.stream().mapToInt(a -> a.length).sum();
            float[] all = new float[n];
            int at = 0;
            for (float[] a : floats) {
                System.arraycopy(a, 0, all, at, a.length);
                at += a.length;
            }
            return new ReadAll(all, bytes.toByteArray(), ids.stream().mapToLong(Long::longValue).toArray(),
                    splits.size());
        }
    }

    @Test
    void float_vectors_with_ids_read_bit_for_bit_over_many_splits_and_batches() throws IOException {
        try (NpySource source = NpySource.open(NpySourceSpec.of(valid.resolve("f4.npy"), valid.resolve("f4_ids.npy")))) {
            assertThat(source.schema().vectorType()).isEqualTo(VectorType.FLOAT_VECTOR);
            assertThat(source.schema().dimension()).isEqualTo(37);
            assertThat(source.schema().totalRows()).isEqualTo(1003);
            assertThat(source.schema().keyKind()).isEqualTo(KeyKind.INT64);
            ReadAll all = ReadAll.of(source, 100 * 148, 7 * 148);
            assertThat(all.splits()).isEqualTo(11);
            assertThat(NpyFixtures.bits(all.floats())).isEqualTo(NpyFixtures.bits(NpyFixtures.floats(valid, "f4")));
            assertThat(all.ids()).isEqualTo(NpyFixtures.ids(valid, "f4_ids"));
        }
    }

    @Test
    void binary_vectors_have_eight_bits_a_byte_and_int32_ids_widen() throws IOException {
        try (NpySource source = NpySource.open(NpySourceSpec.of(valid.resolve("binary.npy"),
                valid.resolve("binary_ids_i4.npy")))) {
            assertThat(source.schema().vectorType()).isEqualTo(VectorType.BINARY_VECTOR);
            assertThat(source.schema().dimension()).isEqualTo(128);
            ReadAll all = ReadAll.of(source, 1 << 20, 1000);
            assertThat(all.bytes()).isEqualTo(NpyFixtures.bytes(valid, "binary"));
            assertThat(all.ids()).isEqualTo(NpyFixtures.ids(valid, "binary_ids_i4"));
        }
    }

    @Test
    void files_without_ids_number_rows_across_files_in_order_skipping_empty_ones() throws IOException {
        NpySourceSpec spec = new NpySourceSpec(List.of(pair(valid, "part0", null), pair(valid, "part1", null),
                pair(valid, "part2", null)), false);
        try (NpySource source = NpySource.open(spec)) {
            assertThat(source.rowsPerFile()).containsExactly(500, 0, 201);
            ReadAll all = ReadAll.of(source, 64 * 148, 10 * 148);
            float[] expected = concat(NpyFixtures.floats(valid, "part0"), NpyFixtures.floats(valid, "part2"));
            assertThat(NpyFixtures.bits(all.floats())).isEqualTo(NpyFixtures.bits(expected));
            assertThat(all.ids()).isEqualTo(LongStream.range(0, 701).toArray());
        }
    }

    @Test
    void stored_ids_of_several_files_follow_their_vectors() throws IOException {
        NpySourceSpec spec = new NpySourceSpec(List.of(pair(valid, "part0", "part0_ids"),
                pair(valid, "part1", "part1_ids"), pair(valid, "part2", "part2_ids")), false);
        try (NpySource source = NpySource.open(spec)) {
            long[] expected = LongStream.concat(Arrays.stream(NpyFixtures.ids(valid, "part0_ids")),
                    Arrays.stream(NpyFixtures.ids(valid, "part2_ids"))).toArray();
            assertThat(ReadAll.of(source, 1 << 16, 1 << 12).ids()).isEqualTo(expected);
        }
    }

    @Test
    void auto_id_sends_no_keys() throws IOException {
        NpySourceSpec spec = new NpySourceSpec(List.of(pair(valid, "f8", "f4_ids")), true);
        try (NpySource source = NpySource.open(spec)) {
            assertThat(source.schema().keyKind()).isEqualTo(KeyKind.NONE);
            ReadAll all = ReadAll.of(source, 1 << 20, 1 << 16);
            assertThat(all.ids()).isEmpty();
            assertThat(NpyFixtures.bits(all.floats())).isEqualTo(NpyFixtures.bits(NpyFixtures.floats(valid, "f8")));
        }
    }

    @Test
    void ids_of_another_count_are_refused_naming_the_ids_file() {
        Path ids = invalid.resolve("ids_short.npy");
        assertThatThrownBy(() -> NpySource.open(NpySourceSpec.of(invalid.resolve("good.npy"), ids)))
                .isInstanceOf(FormatException.class).hasMessage("ids count 99 != vectors count 100 (file=" + ids + ")");
    }

    @Test
    void float_ids_and_uint64_ids_are_refused() {
        Path floats = invalid.resolve("ids_float.npy");
        assertThatThrownBy(() -> NpySource.open(NpySourceSpec.of(invalid.resolve("good.npy"), floats)))
                .hasMessage("ids must be a 1-D integer array (or one column); found <f4 (100,) (file=" + floats + ")");
        Path u8 = invalid.resolve("ids_u8.npy");
        assertThatThrownBy(() -> NpySource.open(NpySourceSpec.of(invalid.resolve("good.npy"), u8)))
                .isInstanceOf(UnsupportedFormatException.class).hasMessageStartingWith("ids of dtype <u8 are refused");
    }

    @Test
    void vectors_that_are_not_2d_float_or_uint8_are_refused() {
        for (String name : List.of("three_d", "one_d_vectors")) {
            Path file = invalid.resolve(name + ".npy");
            assertThatThrownBy(() -> NpySource.open(NpySourceSpec.of(file, null)))
                    .hasMessageStartingWith("vectors must be a 2-D array (rows, dimension); found shape (");
        }
        Path ints = invalid.resolve("int_vectors.npy");
        assertThatThrownBy(() -> NpySource.open(NpySourceSpec.of(ints, null)))
                .isInstanceOf(UnsupportedFormatException.class)
                .hasMessage("vectors of dtype <i4 are not supported; expected float32 or float64, or uint8 (binary "
                        + "vectors, 8 bits a byte; or half floats, two bytes a dimension) (file=" + ints + ")");
    }

    @Test
    void files_that_disagree_are_refused_before_any_row_is_read() {
        NpySourceSpec dims = new NpySourceSpec(List.of(pair(valid, "f4", null), pair(valid, "other_dim", null)), false);
        assertThatThrownBy(() -> NpySource.open(dims)).isInstanceOf(FormatException.class)
                .hasMessage("vectors disagree across files: f4.npy has FLOAT_VECTOR dim 37 (<f4), other_dim.npy has "
                        + "FLOAT_VECTOR dim 38 (<f4) (file=" + valid.resolve("other_dim.npy") + ")");
        NpySourceSpec mixed = new NpySourceSpec(List.of(pair(valid, "part0", "part0_ids"), pair(valid, "part2", null)),
                false);
        assertThatThrownBy(() -> NpySource.open(mixed)).isInstanceOf(FormatException.class)
                .hasMessage("some vectors files have ids and others not: part0.npy has part0_ids.npy, part2.npy has "
                        + "none (file=" + valid.resolve("part2.npy") + ")");
    }

    @Test
    void a_truncated_file_in_a_list_fails_the_open_naming_it() {
        NpySourceSpec spec = new NpySourceSpec(List.of(pair(invalid, "good", null), pair(invalid, "truncated", null)),
                false);
        assertThatThrownBy(() -> NpySource.open(spec)).isInstanceOf(FormatException.class)
                .hasMessageContaining("(truncated?) (file=" + invalid.resolve("truncated.npy"));
    }

    private static float[] concat(float[] a, float[] b) {
        float[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
