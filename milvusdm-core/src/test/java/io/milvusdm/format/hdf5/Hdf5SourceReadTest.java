package io.milvusdm.format.hdf5;

import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.SourceSchema;
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

import static org.assertj.core.api.Assertions.assertThat;

/** One file at a time: every stored type and layout reads back bit for bit, with its ids. */
class Hdf5SourceReadTest {

    private static final long MAX_SPLIT = 64 << 10;
    private static final long MAX_BATCH = 16 << 10;

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeFixtures() {
        Hdf5Fixtures.write(dir, "float32_ids", "float32_noids", "float64_ids", "uint8_ids", "bytes_s64_ids",
                "chunked_gzip_ids", "chunked_lzf_uint8", "bigendian_ids", "bigendian_f8_chunked", "ids_narrow",
                "userblock", "zero_rows", "ann");
    }

    @ParameterizedTest(name = "{0}/{1}.h5")
    @CsvSource({
        "float32_ids, float32_ids",
        "float64_ids, float64_ids",
        "uint8_ids, uint8_ids",
        "bytes_s64_ids, bytes_s64_ids",
        "chunked_gzip_ids, chunked_gzip_ids",
        "bigendian_ids, bigendian_ids",
        "bigendian_f8_chunked, bigendian_f8_chunked",
        "ids_narrow, ids_int32",
        "ids_narrow, ids_uint32",
        "ids_narrow, ids_int16",
        "ids_narrow, ids_uint8",
        "userblock, userblock",
    })
    void reads_every_vector_bit_exact_and_every_stored_id(String fixtureCase, String stem) throws IOException {
        Path caseDir = dir.resolve(fixtureCase);
        Hdf5Fixtures.Expected expected = Hdf5Fixtures.Expected.load(caseDir, stem);
        try (Hdf5Source source = Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(caseDir.resolve(stem + ".h5")),
                false))) {
            assertThat(source.schema()).isEqualTo(new SourceSchema(expected.type(), expected.dimension(),
                    KeyKind.INT64, Optional.empty(), expected.rows()));
            Hdf5ReadAll all = Hdf5ReadAll.readRecycling(source, MAX_SPLIT, MAX_BATCH);
            all.assertEveryRowReadOnce();
            all.assertVectors(0, expected);
            all.assertKeys(0, expected.ids());
        }
    }

    @ParameterizedTest(name = "{0}.h5")
    @CsvSource({"float32_noids", "chunked_lzf_uint8"})
    void numbers_rows_from_zero_when_the_file_has_no_ids(String stem) throws IOException {
        Path caseDir = dir.resolve(stem);
        Hdf5Fixtures.Expected expected = Hdf5Fixtures.Expected.load(caseDir, stem);
        try (Hdf5Source source = Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(caseDir.resolve(stem + ".h5")),
                false))) {
            assertThat(source.schema().keyKind()).isEqualTo(KeyKind.INT64);
            Hdf5ReadAll all = Hdf5ReadAll.readRecycling(source, MAX_SPLIT, MAX_BATCH);
            all.assertVectors(0, expected);
            all.assertKeys(0, LongStream.range(0, expected.rows()).toArray());
        }
    }

    @Test
    void auto_id_sends_no_keys_even_when_the_file_has_ids() throws IOException {
        Path caseDir = dir.resolve("float32_ids");
        try (Hdf5Source source = Hdf5Source.open(Hdf5SourceSpec.milvusdm(
                List.of(caseDir.resolve("float32_ids.h5")), true))) {
            assertThat(source.schema().keyKind()).isEqualTo(KeyKind.NONE);
            Hdf5ReadAll all = Hdf5ReadAll.read(source, MAX_SPLIT, MAX_BATCH);
            assertThat(all.batches).isNotEmpty().allSatisfy(batch -> assertThat(batch.keys()).isNull());
            all.assertVectors(0, Hdf5Fixtures.Expected.load(caseDir, "float32_ids"));
        }
    }

    @ParameterizedTest(name = "ann-benchmarks {0}")
    @CsvSource({"train", "test"})
    void reads_an_ann_benchmarks_dataset_chosen_by_name(String dataset) throws IOException {
        Path caseDir = dir.resolve("ann");
        Hdf5Fixtures.Expected expected = Hdf5Fixtures.Expected.load(caseDir, "ann." + dataset);
        try (Hdf5Source source = Hdf5Source.open(Hdf5SourceSpec.annBenchmarks(List.of(caseDir.resolve("ann.h5")),
                dataset))) {
            assertThat(source.schema().totalRows()).isEqualTo(expected.rows());
            assertThat(source.schema().dimension()).isEqualTo(expected.dimension());
            Hdf5ReadAll all = Hdf5ReadAll.readRecycling(source, MAX_SPLIT, MAX_BATCH);
            all.assertVectors(0, expected);
            all.assertKeys(0, LongStream.range(0, expected.rows()).toArray());
        }
    }

    @Test
    void a_dataset_of_zero_rows_opens_and_has_no_split() throws IOException {
        Path file = dir.resolve("zero_rows/zero_rows.h5");
        try (Hdf5Source source = Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(file), false))) {
            assertThat(source.schema().totalRows()).isZero();
            assertThat(source.schema().dimension()).isEqualTo(37);
            assertThat(source.splits(1)).isEmpty();
        }
    }
}
