package io.milvusdm.format.hdf5;

import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.PrimaryKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Several files make one source: rows follow file order, keys continue across files. */
class Hdf5SourceMultiFileTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeFixtures() {
        Hdf5Fixtures.write(dir, "multi_ids", "multi_noids");
    }

    private static List<Path> parts(String fixtureCase) {
        Path caseDir = dir.resolve(fixtureCase);
        return List.of(caseDir.resolve("part_0.h5"), caseDir.resolve("part_1.h5"), caseDir.resolve("part_2.h5"));
    }

    @Test
    void reads_each_files_stored_ids_in_file_order_skipping_an_empty_file() throws IOException {
        try (Hdf5Source source = Hdf5Source.open(Hdf5SourceSpec.milvusdm(parts("multi_ids"), false))) {
            assertThat(source.rowsPerFile()).containsExactly(400, 0, 603);
            assertThat(source.schema().totalRows()).isEqualTo(1003);
            assertThat(source.schema().keyKind()).isEqualTo(KeyKind.INT64);
            Hdf5ReadAll all = Hdf5ReadAll.read(source, 10_000, 3_000);
            all.assertEveryRowReadOnce();
            long first = 0;
            for (String stem : List.of("part_0", "part_1", "part_2")) {
                Hdf5Fixtures.Expected expected = Hdf5Fixtures.Expected.load(dir.resolve("multi_ids"), stem);
                all.assertVectors(first, expected);
                all.assertKeys(first, expected.ids());
                first += expected.rows();
            }
        }
    }

    @Test
    void numbers_rows_across_files_when_no_file_has_ids() throws IOException {
        try (Hdf5Source source = Hdf5Source.open(Hdf5SourceSpec.milvusdm(parts("multi_noids"), false))) {
            assertThat(source.rowsPerFile()).containsExactly(400, 250, 353);
            Hdf5ReadAll all = Hdf5ReadAll.read(source, 10_000, 3_000);
            all.assertEveryRowReadOnce();
            all.assertKeys(0, LongStream.range(0, 1003).toArray());
            long first = 0;
            for (String stem : List.of("part_0", "part_1", "part_2")) {
                Hdf5Fixtures.Expected expected = Hdf5Fixtures.Expected.load(dir.resolve("multi_noids"), stem);
                all.assertVectors(first, expected);
                first += expected.rows();
            }
        }
    }

    @Test
    void batches_carry_the_file_row_and_the_split_they_belong_to() throws IOException {
        try (Hdf5Source source = Hdf5Source.open(Hdf5SourceSpec.milvusdm(parts("multi_noids"), false))) {
            Hdf5ReadAll all = Hdf5ReadAll.read(source, 10_000, 3_000);
            assertThat(all.batches).allSatisfy(batch -> {
                Hdf5Split split = (Hdf5Split) batch.split();
                assertThat(batch.firstRow()).isBetween(split.startRow(), split.endRow() - 1);
                assertThat(((PrimaryKeys.Int64Keys) batch.keys()).values()[0])
                        .isEqualTo(all.firstRows[split.fileIndex()] + batch.firstRow());
            });
        }
    }

    @Test
    void auto_id_over_several_files_has_no_keys() throws IOException {
        try (Hdf5Source source = Hdf5Source.open(Hdf5SourceSpec.milvusdm(parts("multi_ids"), true))) {
            assertThat(source.schema().keyKind()).isEqualTo(KeyKind.NONE);
            Hdf5ReadAll all = Hdf5ReadAll.read(source, 10_000, 3_000);
            assertThat(all.batches).allSatisfy(batch -> assertThat(batch.keys()).isNull());
            all.assertEveryRowReadOnce();
        }
    }
}
