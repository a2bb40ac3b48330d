package io.milvusdm.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.VectorType;
import io.milvusdm.storage.LocalObjectStore;
import io.milvusdm.testing.TestEnvironment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dumps laid out as milvus-migration writes them (scripts/fixtures/milvus_migration_layout.py builds each .npy
 * header as its Go code does), found without a manifest and described from their headers.
 */
class MilvusMigrationDumpTest {

    private static final int ROWS = 200;
    private static final int DIM = 12;

    @TempDir
    static Path rows;

    @TempDir
    Path out;

    @BeforeAll
    static void writeRows() {
        TestEnvironment.runFixtureScript("dump_fixtures.py", rows.toString(), String.valueOf(ROWS),
                String.valueOf(DIM), "3");
    }

    @Test
    void a_faiss_dump_is_one_chunk_of_id_and_data_without_checksums() throws IOException {
        TestEnvironment.runFixtureScript("milvus_migration_layout.py", rows.toString(), out.toString(), "c1",
                "faiss");

        MilvusMigrationDump.Found found;
        try (LocalObjectStore store = new LocalObjectStore(out)) {
            found = MilvusMigrationDump.discover(store, "", "c1").orElseThrow();
        }

        DumpManifest manifest = found.manifest();
        assertThat(found.target().prefix()).isEqualTo("migration/c1");
        assertThat(manifest.schema()).isEqualTo(new DumpManifest.Schema(VectorType.FLOAT_VECTOR, DIM, KeyKind.INT64,
                null, ROWS));
        assertThat(manifest.keyField()).isEqualTo("id");
        assertThat(manifest.vectorField()).isEqualTo("data");
        assertThat(manifest.chunks()).singleElement().satisfies(chunk -> {
            assertThat(chunk.rows()).isEqualTo(ROWS);
            assertThat(chunk.files()).extracting(DumpManifest.FileEntry::key).containsExactly("id.npy", "data.npy");
            assertThat(chunk.files()).allSatisfy(file -> assertThat(file.sha256()).isNull());
            assertThat(chunk.files().get(1).bytes()).isEqualTo(Files.size(out.resolve("migration/c1/data.npy")));
        });
    }

    @Test
    void a_milvus1x_dump_is_one_chunk_per_segment_folder() throws IOException {
        TestEnvironment.runFixtureScript("milvus_migration_layout.py", rows.toString(), out.toString(), "c2",
                "milvus1x", "3");

        MilvusMigrationDump.Found found;
        try (LocalObjectStore store = new LocalObjectStore(out)) {
            found = MilvusMigrationDump.discover(store, "", "c2").orElseThrow();
        }

        assertThat(found.target().prefix()).isEqualTo("migration/tables/c2");
        assertThat(found.layout()).contains("1.x layout (3 segments)");
        assertThat(found.manifest().chunks()).extracting(DumpManifest.Chunk::name)
                .containsExactly("1700000000000", "1700000000001", "1700000000002");
        assertThat(found.manifest().totalRows()).isEqualTo(ROWS);
        assertThat(found.manifest().chunks().get(0).files()).extracting(DumpManifest.FileEntry::key)
                .containsExactly("1700000000000/id.npy", "1700000000000/data.npy");
    }

    @Test
    void nothing_there_is_no_dump_and_wrong_files_are_named_with_what_was_expected() throws IOException {
        Path folder = Files.createDirectories(out.resolve("migration/c3"));
        Files.write(folder.resolve("data.npy"), npy("<f8", "(4, 2)", 4 * 2 * 8));
        Files.write(folder.resolve("id.npy"), npy("<i8", "(4,)", 4 * 8));
        Path other = Files.createDirectories(out.resolve("migration/c4"));
        Files.write(other.resolve("data.npy"), npy("<f4", "(4, 2)", 4 * 2 * 4));
        Files.write(other.resolve("id.npy"), npy("<i8", "(3,)", 3 * 8));

        try (LocalObjectStore store = new LocalObjectStore(out)) {
            assertThat(MilvusMigrationDump.discover(store, "", "absent")).isEmpty();
            assertThatThrownBy(() -> MilvusMigrationDump.discover(store, "", "c3"))
                    .isInstanceOf(DumpException.class)
                    .hasMessageContaining("migration/c3/data.npy: expected float32 ('<f4') of shape (rows, dim)")
                    .hasMessageContaining("<f8");
            assertThatThrownBy(() -> MilvusMigrationDump.discover(store, "", "c4"))
                    .isInstanceOf(DumpException.class)
                    .hasMessageContaining("id.npy has 3 rows, data.npy has 4");
        }
    }

    /** An NPY 1.0 file of zeros, its header padded as milvus-migration pads it. */
    private static byte[] npy(String descr, String shape, int dataBytes) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        dict = dict + " ".repeat((10 + dict.length() + 1) % 16) + "\n";
        byte[] header = dict.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer buffer = ByteBuffer.allocate(10 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length)
                .put(header);
        return buffer.array();
    }
}
