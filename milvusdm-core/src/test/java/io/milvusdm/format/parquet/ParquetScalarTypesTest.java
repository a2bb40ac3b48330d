package io.milvusdm.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milvusdm.format.FormatException;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.ScalarType;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.Timestamptz;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorType;
import io.milvusdm.storage.LocalObjectStore;
import io.milvusdm.testing.TestEnvironment;
import io.milvusdm.testing.TypedRowsSource;
import io.milvusdm.testing.TypedRowsSource.ScalarColumns;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every scalar type through a Parquet file: pymilvus's LocalBulkWriter writes the same rows into a file whose Arrow
 * types equal ours column for column (scripts/fixtures/bulkwriter_parquet.py, which also has pyarrow check every
 * value of ours exactly), and our reader gives back every value as written. Then what cannot be written or read
 * is refused, naming the column.
 */
class ParquetScalarTypesTest {

    private static final int ROWS = 1_200;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();

    @TempDir
    Path dir;

    private static ParquetLayout layout() {
        return new ParquetLayout("id", KeyKind.INT64, "embedding", VectorType.FLOAT_VECTOR,
                TypedRowsSource.DIMENSION, TypedRowsSource.FIELDS);
    }

    /** The typed rows in several batches and row groups of 64 KiB. */
    private Path writeTypedRows() throws IOException {
        Path file = dir.resolve("typed.parquet");
        try (TypedRowsSource source = new TypedRowsSource(ROWS);
             ParquetBatchWriter writer = ParquetBatchWriter.open(Files.newOutputStream(file), file.toString(),
                     layout(), ParquetWriteOptions.defaults().withRowGroupBytes(64 << 10))) {
            for (Split split : source.splits(20_000)) {
                try (BatchReader reader = source.open(split, 9_000)) {
                    for (VectorBatch batch = reader.next(); batch != null; batch = reader.next()) {
                        writer.write(batch);
                    }
                }
            }
            assertThat(writer.rowsWritten()).isEqualTo(ROWS);
        }
        return file;
    }

    @Test
    void bulk_writer_writes_the_same_arrow_types_and_pyarrow_reads_every_value_exactly() throws IOException {
        Path file = writeTypedRows();
        Path schema = dir.resolve("schema.json");
        JSON.writeValue(schema.toFile(), collectionSchema());
        Path rows = dir.resolve("rows.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(rows)) {
            for (int r = 0; r < ROWS; r++) {
                out.write(JSON.writeValueAsString(row(r)));
                out.newLine();
            }
        }

        JsonNode compared = JSON.readTree(TestEnvironment.runFixtureScript("bulkwriter_parquet.py", "compare",
                schema.toString(), rows.toString(), file.toString(), dir.resolve("bulkwriter").toString()));

        assertThat(compared.get("problems")).as(compared.toString()).isEmpty();
        assertThat(compared.get("rows").asInt()).isEqualTo(ROWS);
        JsonNode types = compared.get("ours");
        assertThat(types.get("flag").asText()).isEqualTo("bool");
        assertThat(types.get("i8").asText()).isEqualTo("int8");
        assertThat(types.get("i16").asText()).isEqualTo("int16");
        assertThat(types.get("i32").asText()).isEqualTo("int32");
        assertThat(types.get("f").asText()).isEqualTo("float");
        assertThat(types.get("d").asText()).isEqualTo("double");
        assertThat(types.get("ai8").asText()).isEqualTo("list<element: int8>");
        assertThat(types.get("as_").asText()).isEqualTo("list<element: string>");
        assertThat(types.get("geo").asText()).isEqualTo("string");
        assertThat(types.get("ts").asText()).isEqualTo("string");
        assertThat(types.get("$meta").asText()).isEqualTo("string");
        assertThat(compared.get("bulkwriter")).isEqualTo(types);
    }

    @Test
    void our_reader_gives_back_every_value_as_written() throws IOException {
        Path file = writeTypedRows();
        ParquetSourceSpec spec = new ParquetSourceSpec(List.of(file.getFileName().toString()), "id", "embedding",
                VectorType.BINARY_VECTOR, TypedRowsSource.FIELDS);
        int checked = 0;
        try (ParquetSource source = ParquetSource.open(new LocalObjectStore(dir), spec)) {
            assertThat(source.splits(1 << 20)).as("row groups").hasSizeGreaterThan(2);
            for (Split split : source.splits(1 << 20)) {
                try (BatchReader reader = source.open(split, 2_000)) {
                    for (VectorBatch batch = reader.next(); batch != null; batch = reader.next()) {
                        long[] ids = ((PrimaryKeys.Int64Keys) batch.keys()).values();
                        for (int c = 0; c < TypedRowsSource.FIELDS.size(); c++) {
                            ScalarField field = TypedRowsSource.FIELDS.get(c);
                            ScalarColumn column = batch.scalarColumns().get(c);
                            assertThat(column.type()).isEqualTo(field.type());
                            for (int r = 0; r < batch.rowCount(); r++) {
                                assertThat(ScalarColumns.valueAt(column, r)).as("%s of id %d", field.name(), ids[r])
                                        .isEqualTo(TypedRowsSource.value(field, ids[r] - TypedRowsSource.id(0)));
                            }
                        }
                        checked += batch.rowCount();
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(ROWS);
    }

    @Test
    void a_narrower_integer_column_fills_a_wider_field_and_a_wrong_type_is_named() throws IOException {
        Path file = writeTypedRows();
        List<String> files = List.of(file.getFileName().toString());
        ScalarField widened = ScalarField.number("i8", ScalarType.INT64, false);
        try (ParquetSource source = ParquetSource.open(new LocalObjectStore(dir), new ParquetSourceSpec(files, "id",
                "embedding", VectorType.BINARY_VECTOR, List.of(widened)));
             BatchReader reader = source.open(source.splits(1 << 20).get(0), 1 << 20)) {
            ScalarColumn.IntegerColumn column = (ScalarColumn.IntegerColumn) reader.next().scalarColumns().get(0);
            assertThat(column.values()[3]).isEqualTo(TypedRowsSource.value(TypedRowsSource.FIELDS.get(1), 3));
        }

        ScalarField narrowed = ScalarField.array("ai", ScalarType.INT32, 4, 0, true);
        assertThatThrownBy(() -> ParquetSource.open(new LocalObjectStore(dir), new ParquetSourceSpec(files, "id",
                "embedding", VectorType.BINARY_VECTOR, List.of(narrowed))))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("column 'ai' is a group (LIST) of 1 fields, expected list<int32> for ai"
                        + " ARRAY<INT32>[4] nullable");
    }

    @Test
    void what_the_files_cannot_hold_is_refused_naming_the_column() {
        ScalarField vector = ScalarField.wire("sparse", ScalarType.VECTOR, false);
        assertThatThrownBy(() -> new ParquetLayout("id", KeyKind.INT64, "v", VectorType.FLOAT_VECTOR, 2,
                List.of(vector)))
                .hasMessageContaining("field 'sparse' is VECTOR, which milvusdm's Parquet files do not carry");

        ScalarField ts = new ScalarField("ts", ScalarType.TIMESTAMPTZ, 0, false);
        ParquetLayout layout = new ParquetLayout("id", KeyKind.INT64, "v", VectorType.FLOAT_VECTOR, 2, List.of(ts));
        long tooEarly = ScalarValues.FIRST_TIMESTAMPTZ - 1;
        assertThatThrownBy(() -> {
            try (ParquetBatchWriter writer = ParquetBatchWriter.open(Files.newOutputStream(dir.resolve("ts.parquet")),
                    "ts.parquet", layout, ParquetWriteOptions.defaults())) {
                writer.write(new VectorBatch(new ParquetBatchWriterTest.TestSplit("s", 1), 0,
                        new PrimaryKeys.Int64Keys(new long[] {1}), new FloatVectors(2, new float[] {1, 2}),
                        List.of(new ScalarColumn.IntegerColumn("ts", ScalarType.TIMESTAMPTZ, new long[] {tooEarly},
                                null))));
            }
        }).hasMessageContaining("TIMESTAMPTZ column 'ts': " + Timestamptz.isoUtc(tooEarly)
                + " is outside years 0001..9999");
    }

    /** The collection pymilvus's BulkWriter is given: key, vector, then every field as TypedRowsSource declares. */
    private static ObjectNode collectionSchema() {
        ObjectNode schema = JSON.createObjectNode().put("enable_dynamic_field", true);
        ArrayNode fields = schema.putArray("fields");
        fields.addObject().put("name", "id").put("type", "INT64").put("is_primary", true);
        fields.addObject().put("name", "embedding").put("type", "FLOAT_VECTOR").put("dim", TypedRowsSource.DIMENSION);
        for (ScalarField field : TypedRowsSource.FIELDS) {
            if (field.isDynamic()) {
                continue;
            }
            ObjectNode node = fields.addObject().put("name", field.name()).put("type", field.type().name())
                    .put("nullable", field.nullable());
            if (field.maxLength() > 0) {
                node.put("max_length", field.maxLength());
            }
            if (field.type() == ScalarType.ARRAY) {
                node.put("element_type", field.elementType().name()).put("max_capacity", field.maxCapacity());
            }
        }
        return schema;
    }

    /** Row {@code r} as pymilvus takes it: TIMESTAMPTZ as ISO text, JSON as a document, dynamic keys on top. */
    private static ObjectNode row(int r) throws IOException {
        ObjectNode row = JSON.createObjectNode().put("id", TypedRowsSource.id(r));
        ArrayNode vector = row.putArray("embedding");
        for (int c = 0; c < TypedRowsSource.DIMENSION; c++) {
            vector.add((float) (r * 10 + c));
        }
        for (ScalarField field : TypedRowsSource.FIELDS) {
            Object value = TypedRowsSource.value(field, r);
            if (field.isDynamic()) {
                JSON.readTree((String) value).fields().forEachRemaining(e -> row.set(e.getKey(), e.getValue()));
            } else if (value != null && field.type() == ScalarType.TIMESTAMPTZ) {
                row.put(field.name(), Timestamptz.isoUtc((Long) value));
            } else if (value != null && field.type() == ScalarType.JSON) {
                row.set(field.name(), JSON.readTree((String) value));
            } else {
                row.set(field.name(), JSON.valueToTree(value));
            }
        }
        return row;
    }
}
