package io.milvusdm.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milvusdm.dump.DumpException;
import io.milvusdm.dump.DumpFormat;
import io.milvusdm.dump.DumpManifest;
import io.milvusdm.dump.DumpTarget;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.Source;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorType;
import io.milvusdm.storage.LocalObjectStore;
import io.milvusdm.testing.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A dump's files read back for batched inserts: FLOAT16 and BFLOAT16 vectors as pymilvus's BulkWriter saves them
 * (scripts/fixtures/half_float_dump.py: uint8 arrays and lists of uint8, which alone would read as binary vectors)
 * are read as the manifest's type and dimension, byte for byte; files that disagree with the manifest are refused.
 */
class DumpFilesTest {

    private static final int ROWS = 37;
    private static final int DIM = 6;

    @TempDir
    static Path fixtures;

    @BeforeAll
    static void writeFixtures() {
        TestEnvironment.runFixtureScript("half_float_dump.py", fixtures.toString(), Integer.toString(ROWS),
                Integer.toString(DIM), "7");
    }

    @ParameterizedTest
    @CsvSource({"FLOAT16_VECTOR, float16, npy", "FLOAT16_VECTOR, float16, parquet",
            "BFLOAT16_VECTOR, bfloat16, npy", "BFLOAT16_VECTOR, bfloat16, parquet"})
    void halfFloatsAreReadAsTheManifestDeclaresThem(VectorType type, String typeName, String format)
            throws IOException {
        DumpTarget dump = new DumpTarget(new LocalObjectStore(fixtures), typeName + "-" + format);
        DumpManifest manifest = manifest(dump, format, type, DIM);
        try (Source source = DumpFiles.open(dump, manifest, manifest.chunks(), "a test")) {
            assertThat(source.schema().vectorType()).isEqualTo(type);
            assertThat(source.schema().dimension()).isEqualTo(DIM);
            assertThat(source.schema().totalRows()).isEqualTo(ROWS);
            ByteArrayOutputStream vectors = new ByteArrayOutputStream();
            List<Long> ids = new ArrayList<>();
            for (Split split : source.splits(1 << 20)) {
                try (BatchReader reader = source.open(split, 100)) {
                    for (VectorBatch batch = reader.next(); batch != null; batch = reader.next()) {
                        ByteVectors column = (ByteVectors) batch.vectors();
                        assertThat(column.type()).isEqualTo(type);
                        assertThat(column.dimension()).isEqualTo(DIM);
                        vectors.write(column.values(), 0, (int) column.byteSize());
                        for (long id : ((PrimaryKeys.Int64Keys) batch.keys()).values()) {
                            ids.add(id);
                        }
                    }
                }
            }
            assertThat(vectors.toByteArray()).isEqualTo(Files.readAllBytes(fixtures.resolve(typeName + ".bin")));
            assertThat(ids).isEqualTo(expectedIds());
        }
    }

    @ParameterizedTest
    @CsvSource({"npy", "parquet"})
    void filesThatDisagreeWithTheManifestAreRefusedNamingTheDump(String format) throws IOException {
        DumpTarget dump = new DumpTarget(new LocalObjectStore(fixtures), "float16-" + format);
        DumpManifest wrongDimension = manifest(dump, format, VectorType.FLOAT16_VECTOR, 8);
        assertThatThrownBy(() -> DumpFiles.open(dump, wrongDimension, wrongDimension.chunks(), "a test"))
                .isInstanceOf(DumpException.class)
                .hasMessage("dump " + dump.describe() + ": manifest.json declares FLOAT16_VECTOR of dimension 8 in"
                        + " field 'embedding', but its " + format + " files hold FLOAT16_VECTOR of dimension 6;"
                        + " nothing was loaded");
        DumpManifest floats = manifest(dump, format, VectorType.FLOAT_VECTOR, DIM * 2);
        assertThatThrownBy(() -> DumpFiles.open(dump, floats, floats.chunks(), "a test"))
                .isInstanceOf(DumpException.class)
                .hasMessageContaining("declares FLOAT_VECTOR of dimension 12 in field 'embedding', but its "
                        + format + " files hold BINARY_VECTOR of dimension 96");
    }

    @Test
    void binaryVectorsStayBinary() throws IOException {
        DumpTarget dump = new DumpTarget(new LocalObjectStore(fixtures), "float16-parquet");
        DumpManifest manifest = manifest(dump, "parquet", VectorType.BINARY_VECTOR, DIM * 16);
        try (Source source = DumpFiles.open(dump, manifest, manifest.chunks(), "a test")) {
            assertThat(source.schema().vectorType()).isEqualTo(VectorType.BINARY_VECTOR);
            assertThat(source.schema().dimension()).isEqualTo(DIM * 16);
        }
    }

    private static DumpManifest manifest(DumpTarget dump, String format, VectorType type, int dimension)
            throws IOException {
        Path folder = fixtures.resolve(dump.prefix());
        List<DumpManifest.FileEntry> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                files.add(new DumpManifest.FileEntry(folder.relativize(file).toString().replace('\\', '/'),
                        Files.size(file), null));
            }
        }
        String fileFormat = format.equals("npy") ? DumpFormat.NPY.label() : DumpFormat.PARQUET.label();
        return new DumpManifest(DumpManifest.FORMAT, 1, new DumpManifest.SourceIdentity("a test", "fp"), "coll",
                new DumpManifest.Schema(type, dimension, KeyKind.INT64, "L2", ROWS), fileFormat, "id", "embedding",
                List.of(new DumpManifest.Chunk("chunk-00000", ROWS, files)));
    }

    private static List<Long> expectedIds() throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(fixtures.resolve("ids.bin")))
                .order(ByteOrder.LITTLE_ENDIAN);
        List<Long> ids = new ArrayList<>();
        while (bytes.hasRemaining()) {
            ids.add(bytes.getLong());
        }
        return ids;
    }
}
