package io.milvusdm.format.hdf5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvusdm.format.FormatException;
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
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorFieldType;
import io.milvusdm.testing.TestEnvironment;
import io.milvusdm.testing.VectorRowsSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every vector type a collection has besides its batch vectors, through {@link Hdf5Sink}: h5py reads each dense
 * field as a rows × width dataset of its dtype, a sparse field as CSR parts, the valid masks and the attributes;
 * then {@link Hdf5Source} (the H2M path) restores the fields from the {@code schema} attribute and reads every
 * vector back, contiguous and gzip. A file whose vector datasets disagree is refused at the pre-scan.
 */
class Hdf5VectorFieldsTest {

    private static final RunOptions SMALL = new RunOptions(2, 1024, 4096, false);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> DTYPES = Map.of("title", "<f4", "bits", "|u1", "half", "<f2",
            "brain", "<u2", "code", "|i1");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "gzip {0}")
    @ValueSource(ints = {0, 5})
    void h5py_reads_each_vector_field_in_its_dtype_and_h2m_reads_every_vector_back(int gzip) throws IOException {
        int rows = 203;
        Path file = write(rows, gzip);

        JsonNode dump = JSON.readTree(TestEnvironment.runFixtureScript("hdf5_dump_written.py", file.toString()));
        JsonNode datasets = dump.get("datasets");
        for (ScalarField field : VectorRowsSource.FIELDS) {
            ScalarColumn expected = VectorRowsSource.column(field, 0, rows);
            if (field.vector().type().isSparse()) {
                assertSparse(datasets, (ScalarColumn.SparseVectorColumn) expected, rows);
            } else {
                JsonNode dataset = datasets.get(field.name());
                assertThat(dataset.get("dtype").asText()).as(field.name()).isEqualTo(DTYPES.get(field.name()));
                int width = field.vector().type() == VectorFieldType.BINARY_VECTOR ? field.vector().dimension() / 8
                        : field.vector().dimension();
                assertThat(dataset.get("shape").toString()).as(field.name()).isEqualTo("[" + rows + "," + width + "]");
                assertThat(dataset.get("attrs").get("dim").asInt()).isEqualTo(field.vector().dimension());
                assertThat(dataset.get("compression").isNull()).isEqualTo(gzip == 0);
                assertThat(longs(dataset.get("values"))).as(field.name()).containsExactly(storedValues(expected));
            }
            JsonNode attrs = datasets.get(field.vector().type().isSparse() ? "sp.indptr" : field.name()).get("attrs");
            assertThat(attrs.get("milvus_type").asText()).isEqualTo(field.vector().type().name());
            assertThat(attrs.get("nullable").asInt()).isEqualTo(field.nullable() ? 1 : 0);
            assertThat(attrs.path("metric").asText(null)).isEqualTo(field.vector().metric());
            if (field.nullable()) {
                List<Boolean> flags = new ArrayList<>();
                datasets.get(field.name() + ".valid").get("values").forEach(v -> flags.add(v.asBoolean()));
                for (int row = 0; row < rows; row++) {
                    assertThat(flags.get(row)).as("%s.valid[%d]", field.name(), row)
                            .isEqualTo(!VectorRowsSource.isNull(field, row));
                }
            }
        }
        assertThat(datasets.get("brain").get("attrs").get("encoding").asText()).isEqualTo("bfloat16");
        JsonNode schema = JSON.readTree(dump.get("attrs").get("schema").asText());
        assertThat(schema.toString()).contains("{\"name\":\"half\",\"type\":\"FLOAT16_VECTOR\",\"dim\":2,"
                + "\"nullable\":true,\"dataset\":\"half\",\"valid_dataset\":\"half.valid\"}",
                "{\"name\":\"sp\",\"type\":\"SPARSE_FLOAT_VECTOR\",\"metric\":\"IP\",\"nullable\":true,\"format\":"
                        + "\"csr\",\"indptr_dataset\":\"sp.indptr\",\"indices_dataset\":\"sp.indices\",\"dataset\":"
                        + "\"sp.data\",\"valid_dataset\":\"sp.valid\"}");

        try (Hdf5Source back = Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(file), false))) {
            assertThat(back.schema().scalarFields()).isEqualTo(VectorRowsSource.FIELDS);
            int read = 0;
            for (Split split : back.splits(2048)) {
                try (BatchReader reader = back.open(split, 1500)) {
                    for (VectorBatch batch = reader.next(); batch != null; batch = reader.next()) {
                        assertColumns(batch);
                        read += batch.rowCount();
                    }
                }
            }
            assertThat(read).isEqualTo(rows);
        }
    }

    private static void assertSparse(JsonNode datasets, ScalarColumn.SparseVectorColumn expected, int rows) {
        JsonNode indptr = datasets.get("sp.indptr");
        JsonNode indices = datasets.get("sp.indices");
        JsonNode data = datasets.get("sp.data");
        assertThat(indptr.get("dtype").asText()).isEqualTo("<i8");
        assertThat(indices.get("dtype").asText()).isEqualTo("<u4");
        assertThat(data.get("dtype").asText()).isEqualTo("<f4");
        assertThat(indptr.get("shape").toString()).isEqualTo("[" + (rows + 1) + "]");
        assertThat(longs(indptr.get("values"))).containsExactly(
                java.util.Arrays.stream(expected.offsets()).asLongStream().toArray());
        assertThat(longs(indices.get("values"))).containsExactly(
                java.util.Arrays.stream(expected.indices()).mapToLong(Integer::toUnsignedLong).toArray());
        long[] bits = new long[expected.values().length];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = Integer.toUnsignedLong(Float.floatToRawIntBits(expected.values()[i]));
        }
        assertThat(longs(data.get("values"))).containsExactly(bits);
        assertThat(indptr.get("attrs").get("csr_part").asText()).isEqualTo("indptr");
        assertThat(data.get("attrs").get("format").asText()).isEqualTo("csr");
    }

    /** A dense column as h5py's values read: float32 and float16 as bits, uint8 and uint16 unsigned, int8 signed. */
    private static long[] storedValues(ScalarColumn column) {
        if (column instanceof ScalarColumn.FloatVectorColumn floats) {
            long[] out = new long[floats.values().length];
            for (int i = 0; i < out.length; i++) {
                out[i] = Integer.toUnsignedLong(Float.floatToRawIntBits(floats.values()[i]));
            }
            return out;
        }
        ScalarColumn.ByteVectorColumn bytes = (ScalarColumn.ByteVectorColumn) column;
        byte[] values = bytes.values();
        return switch (bytes.vectorType()) {
            case BINARY_VECTOR -> java.util.stream.IntStream.range(0, values.length).mapToLong(i -> values[i] & 0xFF)
                    .toArray();
            case INT8_VECTOR -> java.util.stream.IntStream.range(0, values.length).mapToLong(i -> values[i]).toArray();
            default -> java.util.stream.IntStream.range(0, values.length / 2)
                    .mapToLong(i -> (values[2 * i] & 0xFF) | (values[2 * i + 1] & 0xFF) << 8).toArray();
        };
    }

    private static long[] longs(JsonNode values) {
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).asLong();
        }
        return out;
    }

    private static void assertColumns(VectorBatch batch) {
        List<ScalarColumn> columns = batch.scalarColumns();
        assertThat(columns).hasSize(VectorRowsSource.FIELDS.size());
        for (int c = 0; c < columns.size(); c++) {
            ScalarField field = VectorRowsSource.FIELDS.get(c);
            ScalarColumn found = columns.get(c);
            ScalarColumn expected = VectorRowsSource.column(field, batch.firstRow(), batch.rowCount());
            String where = field.name() + " rows " + batch.firstRow() + "+" + batch.rowCount();
            assertThat(found.getClass()).as(where).isEqualTo(expected.getClass());
            for (int row = 0; row < batch.rowCount(); row++) {
                assertThat(found.isNull(row)).as("%s null at %d", where, row).isEqualTo(expected.isNull(row));
            }
            if (found instanceof ScalarColumn.SparseVectorColumn sparse) {
                ScalarColumn.SparseVectorColumn wanted = (ScalarColumn.SparseVectorColumn) expected;
                assertThat(sparse.offsets()).as(where).containsExactly(wanted.offsets());
                assertThat(sparse.indices()).as(where).containsExactly(wanted.indices());
                assertThat(storedValues(new ScalarColumn.FloatVectorColumn("v", 1, sparse.values(), null))).as(where)
                        .containsExactly(storedValues(new ScalarColumn.FloatVectorColumn("v", 1, wanted.values(), null)));
            } else {
                assertThat(storedValues(found)).as(where).containsExactly(storedValues(expected));
            }
        }
    }

    @Test
    void a_sparse_field_whose_offsets_disagree_with_its_values_is_refused_before_any_row_is_read() throws IOException {
        Path file = write(40, 0);
        Path broken = dir.resolve("broken.h5");
        TestEnvironment.runFixtureScript("hdf5_extra_vectors.py", "damage", file.toString(), broken.toString(), "9",
                "sp.indices", "sp.data");

        assertThatThrownBy(() -> Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(broken), false)))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("dataset 'sp.indptr' runs from 0 to ")
                .hasMessageContaining("; expected 0 to 9, the length of 'sp.data'");
    }

    @Test
    void a_dense_field_with_another_row_count_is_refused_before_any_row_is_read() throws IOException {
        Path file = write(40, 0);
        Path broken = dir.resolve("broken.h5");
        TestEnvironment.runFixtureScript("hdf5_extra_vectors.py", "damage", file.toString(), broken.toString(), "39",
                "title");

        assertThatThrownBy(() -> Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(broken), false)))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("dataset 'title' has 39 rows of 3 elements; expected 40 rows (one per vector)"
                        + " of 3 for field title FLOAT_VECTOR(3) nullable");
    }

    private Path write(int rows, int gzip) throws IOException {
        Path file = dir.resolve("vectors.h5");
        Files.deleteIfExists(file);
        Hdf5WriteSpec spec = new Hdf5WriteSpec(file, Hdf5WriteSpec.Mode.OVERWRITE,
                gzip == 0 ? Hdf5WriteSpec.Compression.none() : new Hdf5WriteSpec.Compression(gzip, 200));
        try (VectorRowsSource source = new VectorRowsSource(rows);
             Hdf5Sink sink = new Hdf5Sink(spec, source, SMALL);
             Ledger ledger = Ledger.open(dir.resolve(gzip + ".ledger"), "v" + gzip, false)) {
            JobSummary summary = new JobRunner(source, sink, ledger, SMALL, ProgressListener.NONE).run();
            assertThat(summary.status()).isEqualTo(JobSummary.Status.DONE);
        }
        Files.deleteIfExists(dir.resolve(gzip + ".ledger"));
        return file;
    }
}
