package io.milvusdm.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvusdm.format.npy.NpySource;
import io.milvusdm.format.npy.NpySourceSpec;
import io.milvusdm.format.parquet.ParquetSource;
import io.milvusdm.format.parquet.ParquetSourceSpec;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.ProgressListener;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.ScalarType;
import io.milvusdm.pipeline.Source;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorType;
import io.milvusdm.storage.LocalObjectStore;
import io.milvusdm.testing.TestEnvironment;
import io.milvusdm.testing.TypedRowsSource;
import io.milvusdm.testing.TypedRowsSource.ScalarColumns;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dumps of a source with a field of every scalar type: Parquet holds them all, under the names the dump is given,
 * and the manifest records them so that they come back as declared; NumPy files hold the types Milvus's NumPy
 * import reads, each in the dtype numpy gives it back in, and the others are refused by name before anything is
 * written.
 */
class DumperScalarFieldsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The fields of {@link TypedRowsSource} a .npy file can hold, none nullable. */
    private static final List<ScalarField> NPY_FIELDS = List.of(
            ScalarField.number("flag", ScalarType.BOOL, false),
            ScalarField.number("i8", ScalarType.INT8, false),
            ScalarField.number("i16", ScalarType.INT16, false),
            ScalarField.number("i32", ScalarType.INT32, false).withDefault(7L),
            ScalarField.number("i64", ScalarType.INT64, false),
            ScalarField.number("f", ScalarType.FLOAT, false),
            ScalarField.number("d", ScalarType.DOUBLE, false),
            ScalarField.varchar("s", 32, false),
            ScalarField.json("j", false),
            new ScalarField("geo", ScalarType.GEOMETRY, 0, false),
            ScalarField.dynamic());

    @TempDir
    Path out;

    private DumpSummary dump(Source source, DumpFormat format) throws IOException {
        DumpTarget target = DumpTarget.of(new LocalObjectStore(out), "", "typed");
        return new Dumper(source, target, new DumpOptions(format, 2, 48 * 1024, 8 * 1024), ProgressListener.NONE)
                .run(new DumpManifest.SourceIdentity("typed rows", "fp"), "typed", "pk", "vec");
    }

    private Path folder() {
        return out.resolve("migration/typed");
    }

    @Test
    void parquet_holds_every_field_and_the_manifest_declares_them_as_the_source_did() throws IOException {
        int rows = 900;
        DumpSummary summary;
        try (TypedRowsSource source = new TypedRowsSource(rows)) {
            summary = dump(source, DumpFormat.PARQUET);
        }

        DumpManifest manifest;
        try (InputStream in = Files.newInputStream(folder().resolve(DumpManifest.FILE_NAME))) {
            manifest = DumpManifest.read(in, "manifest.json");
        }
        assertThat(manifest).isEqualTo(summary.manifest());
        assertThat(manifest.version()).isEqualTo(2);
        assertThat(manifest.keyField()).isEqualTo("pk");
        assertThat(manifest.vectorField()).isEqualTo("vec");
        assertThat(manifest.chunks()).hasSizeGreaterThan(3);
        assertThat(manifest.schema().scalarFields("manifest.json")).isEqualTo(TypedRowsSource.FIELDS);
        assertThat(Files.readString(folder().resolve(DumpManifest.FILE_NAME)))
                .contains("\"name\" : \"as_\",", "\"elementType\" : \"VARCHAR\"", "\"maxCapacity\" : 2",
                        "\"name\" : \"ts\",", "\"defaultValue\" : -1", "\"name\" : \"$meta\",");

        List<String> files = new ArrayList<>();
        manifest.chunks().forEach(c -> c.files().forEach(f -> files.add("migration/typed/" + f.key())));
        ParquetSourceSpec spec = new ParquetSourceSpec(files, "pk", "vec", VectorType.BINARY_VECTOR,
                manifest.schema().scalarFields("manifest.json"));
        try (ParquetSource back = ParquetSource.open(new LocalObjectStore(out), spec)) {
            assertThat(readAll(back, TypedRowsSource.FIELDS)).isEqualTo(rows);
        }
    }

    @Test
    void a_dump_without_scalar_fields_stays_version_1() throws IOException {
        try (TypedRowsSource source = new TypedRowsSource(20, List.of())) {
            DumpManifest manifest = dump(source, DumpFormat.PARQUET).manifest();
            assertThat(manifest.version()).isEqualTo(1);
            assertThat(Files.readString(folder().resolve(DumpManifest.FILE_NAME))).doesNotContain("fields");
        }
    }

    @Test
    void npy_files_hold_each_field_in_the_dtype_numpy_reads_back_and_load_reads_them_too() throws IOException {
        int rows = 700;
        DumpManifest manifest;
        try (TypedRowsSource source = new TypedRowsSource(rows, NPY_FIELDS)) {
            manifest = dump(source, DumpFormat.NPY).manifest();
        }

        JsonNode numpy = JSON.readTree(TestEnvironment.runFixtureScript("npy_columns.py", folder().toString()));
        Map<String, String> dtypes = Map.ofEntries(Map.entry("flag", "|b1"), Map.entry("i8", "|i1"),
                Map.entry("i16", "<i2"), Map.entry("i32", "<i4"), Map.entry("i64", "<i8"), Map.entry("f", "<f4"),
                Map.entry("d", "<f8"), Map.entry("s", "<U"), Map.entry("j", "<U"), Map.entry("geo", "<U"),
                Map.entry("$meta", "<U"));
        long first = 0;
        for (DumpManifest.Chunk chunk : manifest.chunks()) {
            assertThat(chunk.files()).extracting(DumpManifest.FileEntry::key).startsWith(chunk.name() + "/pk.npy",
                    chunk.name() + "/vec.npy");
            for (ScalarField field : NPY_FIELDS) {
                JsonNode file = numpy.get(chunk.name() + "/" + field.name() + ".npy");
                assertThat(file.get("descr").asText()).as(field.name()).startsWith(dtypes.get(field.name()));
                assertThat(file.get("shape").toString()).isEqualTo("[" + chunk.rows() + "]");
                for (int r = 0; r < chunk.rows(); r++) {
                    assertThat(fromNumpy(field, file.get("values").get(r))).as("%s row %d", field.name(), first + r)
                            .isEqualTo(TypedRowsSource.value(field, first + r));
                }
            }
            first += chunk.rows();
        }
        assertThat(first).isEqualTo(rows);

        List<NpySourceSpec.NpyFiles> groups = new ArrayList<>();
        for (DumpManifest.Chunk chunk : manifest.chunks()) {
            Path dir = folder().resolve(chunk.name());
            groups.add(new NpySourceSpec.NpyFiles(dir.resolve("vec.npy"), dir.resolve("pk.npy"),
                    NPY_FIELDS.stream().map(f -> dir.resolve(f.name() + ".npy")).toList()));
        }
        try (NpySource back = NpySource.open(new NpySourceSpec(groups, false, NPY_FIELDS))) {
            assertThat(readAll(back, NPY_FIELDS)).isEqualTo(rows);
        }
    }

    @Test
    void npy_refuses_the_fields_it_cannot_hold_by_name_before_writing_anything() throws IOException {
        try (TypedRowsSource source = new TypedRowsSource(10)) {
            assertThatThrownBy(() -> dump(source, DumpFormat.NPY)).isInstanceOf(DumpException.class)
                    .hasMessage("a npy dump cannot hold these fields of typed rows: nullable (a .npy file has no"
                            + " nulls: Milvus's NumPy import takes every row as a value): flag, i32, d, s, geo; ARRAY"
                            + " (Milvus's NumPy import has none): ai, ai8, af, ad, ab, as_; TIMESTAMPTZ (Milvus's"
                            + " NumPy import reads no such file): ts. Dump it as parquet");
        }
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void a_source_of_the_same_fingerprint_with_other_fields_or_names_is_dumped_again() throws IOException {
        // a collection dropped and recreated with the same rows keeps the fingerprint (server, collection, rows)
        List<ScalarField> fewer = NPY_FIELDS.subList(0, 3);
        try (TypedRowsSource source = new TypedRowsSource(40, fewer)) {
            assertThat(dump(source, DumpFormat.PARQUET).recognised()).isFalse();
        }
        try (TypedRowsSource same = new TypedRowsSource(40, fewer)) {
            assertThat(dump(same, DumpFormat.PARQUET).recognised()).isTrue();
        }
        DumpSummary more;
        try (TypedRowsSource source = new TypedRowsSource(40, NPY_FIELDS)) {
            more = dump(source, DumpFormat.PARQUET);
        }
        assertThat(more.recognised()).isFalse();
        assertThat(more.rowsWritten()).isEqualTo(40);
        assertThat(more.manifest().schema().fields()).extracting(DumpField::name)
                .containsExactlyElementsOf(NPY_FIELDS.stream().map(ScalarField::name).toList());
        try (TypedRowsSource back = new TypedRowsSource(40, NPY_FIELDS)) {
            assertThat(dump(back, DumpFormat.PARQUET).recognised()).isTrue();
        }
        // a dump written before the collection's own names were kept (milvus-migration's id and data)
        DumpSummary renamed;
        try (TypedRowsSource source = new TypedRowsSource(40, NPY_FIELDS)) {
            renamed = new Dumper(source, DumpTarget.of(new LocalObjectStore(out), "", "typed"),
                    new DumpOptions(DumpFormat.PARQUET, 2, 48 * 1024, 8 * 1024), ProgressListener.NONE)
                    .run(new DumpManifest.SourceIdentity("typed rows", "fp"), "typed");
        }
        assertThat(renamed.recognised()).isFalse();
        assertThat(renamed.manifest().keyField()).isEqualTo("id");
        try (TypedRowsSource source = new TypedRowsSource(40, NPY_FIELDS)) {
            DumpSummary named = dump(source, DumpFormat.PARQUET);
            assertThat(named.recognised()).isFalse();
            assertThat(named.manifest().keyField()).isEqualTo("pk");
            assertThat(named.manifest().vectorField()).isEqualTo("vec");
        }
    }

    /** Reads every row back, checking each field's value against the one the source made; returns the rows. */
    private static long readAll(Source source, List<ScalarField> fields) throws IOException {
        long rows = 0;
        for (Split split : source.splits(1 << 20)) {
            try (BatchReader reader = source.open(split, 4096)) {
                for (VectorBatch batch = reader.next(); batch != null; batch = reader.next()) {
                    long[] ids = ((PrimaryKeys.Int64Keys) batch.keys()).values();
                    for (int c = 0; c < fields.size(); c++) {
                        for (int r = 0; r < batch.rowCount(); r++) {
                            long row = ids[r] - TypedRowsSource.id(0);
                            assertThat(ScalarColumns.valueAt(batch.scalarColumns().get(c), r))
                                    .as("%s of row %d", fields.get(c).name(), row)
                                    .isEqualTo(TypedRowsSource.value(fields.get(c), row));
                        }
                    }
                    rows += batch.rowCount();
                }
            }
        }
        return rows;
    }

    /** A value as npy_columns.py prints it, in the form TypedRowsSource gives it. */
    private static Object fromNumpy(ScalarField field, JsonNode value) {
        return switch (field.type()) {
            case BOOL -> value.booleanValue();
            case INT8, INT16, INT32, INT64 -> value.longValue();
            case FLOAT, DOUBLE -> switch (value.asText()) {
                case "nan" -> Double.NaN;
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(value.asText());
            };
            default -> new String(value.asText().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        };
    }
}
