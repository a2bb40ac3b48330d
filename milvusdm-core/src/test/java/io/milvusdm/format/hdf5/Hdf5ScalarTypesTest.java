package io.milvusdm.format.hdf5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.milvusdm.format.FormatException;
import io.milvusdm.testing.TypedRowsSource;
import io.milvusdm.testing.TypedRowsSource.ScalarColumns;
import io.milvusdm.format.hdf5.write.Hdf5Sink;
import io.milvusdm.format.hdf5.write.Hdf5WriteSpec;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.JobRunner;
import io.milvusdm.pipeline.JobSummary;
import io.milvusdm.pipeline.Ledger;
import io.milvusdm.pipeline.ProgressListener;
import io.milvusdm.pipeline.RunOptions;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.ScalarType;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.VectorType;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every scalar type through {@link Hdf5Sink}: h5py reads each field's dataset in its natural dtype, the valid
 * masks of nullable fields and the attributes recording the Milvus type; then {@link Hdf5Source} (the H2M path)
 * restores the fields from the {@code schema} attribute and reads every value back, contiguous and gzip.
 */
class Hdf5ScalarTypesTest {

    private static final RunOptions SMALL = new RunOptions(2, 2048, 8192, false);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final Map<String, String> DTYPES = Map.ofEntries(Map.entry("flag", "|b1"),
            Map.entry("i8", "|i1"), Map.entry("i16", "<i2"), Map.entry("i32", "<i4"), Map.entry("i64", "<i8"),
            Map.entry("f", "<f4"), Map.entry("d", "<f8"), Map.entry("ts", "<i8"));

    @TempDir
    Path dir;

    @ParameterizedTest(name = "gzip {0}")
    @ValueSource(ints = {0, 5})
    void h5py_reads_each_field_in_its_type_and_h2m_reads_every_value_back(int gzip) throws IOException {
        int rows = 403;
        Path file = write(rows, gzip);

        JsonNode dump = JSON.readTree(TestEnvironment.runFixtureScript("hdf5_dump_written.py", file.toString()));
        JsonNode datasets = dump.get("datasets");
        for (ScalarField field : TypedRowsSource.FIELDS) {
            JsonNode dataset = datasets.get(field.name());
            assertThat(dataset).as(field.name()).isNotNull();
            assertThat(dataset.get("dtype").asText()).as(field.name())
                    .startsWith(DTYPES.getOrDefault(field.name(), "|S"));
            assertThat(dataset.get("attrs").get("milvus_type").asText()).isEqualTo(field.type().name());
            assertThat(dataset.get("attrs").get("nullable").asInt()).isEqualTo(field.nullable() ? 1 : 0);
            assertThat(dataset.get("compression").isNull()).isEqualTo(gzip == 0);
            Iterator<JsonNode> stored = dataset.get("values").elements();
            Iterator<JsonNode> flags = field.nullable() ? datasets.get(field.name() + ".valid").get("values").elements()
                    : null;
            for (int row = 0; row < rows; row++) {
                Object expected = TypedRowsSource.value(field, row);
                JsonNode value = stored.next();
                if (flags != null) {
                    assertThat(flags.next().asBoolean()).as("%s.valid[%d]", field.name(), row).isEqualTo(expected != null);
                }
                if (expected != null) {
                    assertStored(field, value, expected, row);
                }
            }
        }
        JsonNode i32 = datasets.get("i32").get("attrs");
        assertThat(i32.get("default").asLong()).isEqualTo(7);
        assertThat(i32.get("valid").asText()).isEqualTo("i32.valid");
        JsonNode strings = datasets.get("as_").get("attrs");
        assertThat(strings.get("element_type").asText()).isEqualTo("VARCHAR");
        assertThat(strings.get("max_capacity").asInt()).isEqualTo(2);
        assertThat(strings.get("max_length").asInt()).isEqualTo(8);
        assertThat(strings.get("encoding").asText()).isEqualTo("json");
        assertThat(datasets.get("s").get("attrs").get("default").asText()).isEqualTo("none");
        assertThat(datasets.get("geo").get("attrs").get("encoding").asText()).isEqualTo("wkt");
        assertThat(datasets.get("ts").get("attrs").get("unit").asText()).isEqualTo("us");
        assertThat(datasets.get("ts").get("attrs").get("default").asLong()).isEqualTo(-1);

        try (Hdf5Source back = Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(file), false))) {
            assertThat(back.schema().scalarFields()).isEqualTo(TypedRowsSource.FIELDS);
            int read = 0;
            for (Split split : back.splits(4096)) {
                try (BatchReader reader = back.open(split, 3000)) {
                    for (VectorBatch batch = reader.next(); batch != null; batch = reader.next()) {
                        assertColumns(batch);
                        read += batch.rowCount();
                    }
                }
            }
            assertThat(read).isEqualTo(rows);
        }
    }

    private static void assertStored(ScalarField field, JsonNode value, Object expected, int row) throws IOException {
        String where = field.name() + "[" + row + "]";
        switch (field.type()) {
            case BOOL -> assertThat(value.asBoolean()).as(where).isEqualTo(expected);
            case INT8, INT16, INT32, INT64, TIMESTAMPTZ -> assertThat(value.asLong()).as(where).isEqualTo(expected);
            // float32 as its bits, float64 as its bits (hdf5_dump_written.py)
            case FLOAT -> assertThat((int) value.asLong()).as(where)
                    .isEqualTo(Float.floatToRawIntBits((float) (double) (Double) expected));
            case DOUBLE -> assertThat(value.asLong()).as(where).isEqualTo(Double.doubleToRawLongBits((Double) expected));
            case ARRAY -> assertArray(field, JSON.readTree(value.asText()), (List<?>) expected, where);
            default -> assertThat(value.asText()).as(where).isEqualTo(expected);
        }
    }

    private static void assertArray(ScalarField field, JsonNode array, List<?> expected, String where) {
        assertThat(array.isArray()).as(where).isTrue();
        assertThat(array.size()).as(where).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            JsonNode element = array.get(i);
            Object wanted = expected.get(i);
            Object found = switch (field.elementType()) {
                case BOOL -> element.asBoolean();
                case FLOAT -> (double) (float) element.asDouble();
                case DOUBLE -> element.asDouble();
                case VARCHAR -> element.asText();
                default -> element.asLong();
            };
            assertThat(found).as(where + "[" + i + "]").isEqualTo(wanted);
        }
    }

    private static void assertColumns(VectorBatch batch) {
        List<ScalarColumn> columns = batch.scalarColumns();
        assertThat(columns).hasSize(TypedRowsSource.FIELDS.size());
        for (int c = 0; c < columns.size(); c++) {
            ScalarField field = TypedRowsSource.FIELDS.get(c);
            ScalarColumn column = columns.get(c);
            assertThat(column.name()).isEqualTo(field.name());
            assertThat(column.type()).isEqualTo(field.type());
            List<Object> found = new ArrayList<>();
            List<Object> expected = new ArrayList<>();
            for (int row = 0; row < batch.rowCount(); row++) {
                found.add(ScalarColumns.valueAt(column, row));
                expected.add(TypedRowsSource.value(field, batch.firstRow() + row));
            }
            assertThat(found).as("%s rows %d+%d", field.name(), batch.firstRow(), batch.rowCount())
                    .isEqualTo(expected);
        }
    }

    @Test
    void nan_and_infinite_defaults_of_float_fields_read_back_from_the_schema_attribute() throws IOException {
        List<ScalarField> fields = List.of(
                ScalarField.number("nan", ScalarType.DOUBLE, false).withDefault(Double.NaN),
                ScalarField.number("up", ScalarType.DOUBLE, false).withDefault(Double.POSITIVE_INFINITY),
                ScalarField.number("down", ScalarType.FLOAT, false).withDefault(Double.NEGATIVE_INFINITY),
                ScalarField.number("zero", ScalarType.DOUBLE, false).withDefault(-0.0));
        String json = Hdf5ScalarSchema.toJson(new SourceSchema(VectorType.FLOAT_VECTOR, 2, KeyKind.INT64,
                Optional.empty(), 1, fields), "ids", "embeddings");

        assertThat(Hdf5ScalarSchema.scalarFields(json, dir.resolve("f.h5")))
                .extracting(stored -> stored.field().defaultValue())
                .containsExactly(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0);
    }

    @Test
    void a_file_whose_schema_names_a_missing_dataset_is_refused_before_reading() throws IOException {
        Path file = write(12, 0);
        String schema = Hdf5ScalarSchema.toJson(new TypedRowsSource(12).schema(), "ids", "embeddings")
                .replace("\"dataset\":\"i16\"", "\"dataset\":\"i16_gone\"");
        Path broken = dir.resolve("broken.h5");
        TestEnvironment.runFixtureScript("hdf5_set_attr.py", file.toString(), broken.toString(), "schema", schema);

        assertThatThrownBy(() -> Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(broken), false)))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("the 'schema' attribute names dataset 'i16_gone', which the file does not have");
    }

    @Test
    void scalar_fields_must_agree_across_files() throws IOException {
        Path typed = write(5, 0);
        Path plain = dir.resolve("plain.h5");
        try (ScalarRowsSource source = new ScalarRowsSource(5);
             Hdf5Sink sink = new Hdf5Sink(Hdf5WriteSpec.overwrite(plain), source, SMALL);
             Ledger ledger = Ledger.open(dir.resolve("p.ledger"), "p", false)) {
            new JobRunner(source, sink, ledger, SMALL, ProgressListener.NONE).run();
        }

        assertThatThrownBy(() -> Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(typed, plain), false)))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("scalar fields disagree across files: typed.h5 has flag BOOL nullable,")
                .hasMessageContaining("plain.h5 has title VARCHAR(256) nullable, meta JSON");
    }

    @Test
    void a_milvusdm_file_with_the_default_names_reads_together_with_a_file_without_a_schema() throws IOException {
        Path plain = Hdf5Fixtures.write(dir.resolve("h5py"), "float32_ids").resolve("float32_ids/float32_ids.h5");
        Path rewritten = dir.resolve("rewritten.h5");
        try (Hdf5Source source = Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(plain), false));
             Hdf5Sink sink = new Hdf5Sink(Hdf5WriteSpec.overwrite(rewritten), source, SMALL);
             Ledger ledger = Ledger.open(dir.resolve("r.ledger"), "r", false)) {
            new JobRunner(source, sink, ledger, SMALL, ProgressListener.NONE).run();
        }

        try (Hdf5Source both = Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(plain, rewritten), false))) {
            assertThat(both.fieldNames()).contains(new Hdf5ScalarSchema.FieldNames("id", "embedding"));
            assertThat(both.rowsPerFile()[0]).isEqualTo(both.rowsPerFile()[1]);
        }
    }

    private Path write(int rows, int gzip) throws IOException {
        Path file = dir.resolve("typed.h5");
        Files.deleteIfExists(file);
        Hdf5WriteSpec spec = new Hdf5WriteSpec(file, Hdf5WriteSpec.Mode.OVERWRITE,
                gzip == 0 ? Hdf5WriteSpec.Compression.none() : new Hdf5WriteSpec.Compression(gzip, 1000));
        try (TypedRowsSource source = new TypedRowsSource(rows);
             Hdf5Sink sink = new Hdf5Sink(spec, source, SMALL);
             Ledger ledger = Ledger.open(dir.resolve(gzip + ".ledger"), "t" + gzip, false)) {
            JobSummary summary = new JobRunner(source, sink, ledger, SMALL, ProgressListener.NONE).run();
            assertThat(summary.status()).isEqualTo(JobSummary.Status.DONE);
        }
        Files.deleteIfExists(dir.resolve(gzip + ".ledger"));
        return file;
    }

    @Test
    void array_text_reads_back_the_same_bits_and_refuses_other_elements() {
        ScalarField floats = ScalarField.array("v", ScalarType.FLOAT, 4, 0, false);
        ScalarColumn.ArrayColumn column = (ScalarColumn.ArrayColumn) ScalarColumns.of(floats, new Object[] {
                List.of((double) Float.MIN_VALUE, (double) Float.NaN, (double) Float.NEGATIVE_INFINITY, (double) 0.3f),
                List.of()});
        Hdf5ArrayText text = new Hdf5ArrayText();
        byte[][] rows = {text.encode(column, 0), text.encode(column, 1)};

        ScalarColumn.ArrayColumn back = Hdf5ArrayText.decode("v", ScalarType.FLOAT, rows, null);

        assertThat(ScalarColumns.valueAt(back, 0)).isEqualTo(ScalarColumns.valueAt(column, 0));
        assertThat(back.offsets()).containsExactly(0, 4, 4);
        assertThatThrownBy(() -> Hdf5ArrayText.decode("v", ScalarType.INT32, new byte[][] {"[1, \"x\"]".getBytes()},
                null)).hasMessage("row 0: expected a JSON array of INT32 values, found '[1, \"x\"]' (element x is no"
                + " integer)");
    }
}
