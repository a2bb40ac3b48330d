package io.milvusdm.format.hdf5;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvusdm.format.hdf5.write.Hdf5Sink;
import io.milvusdm.format.hdf5.write.Hdf5WriteSpec;
import io.milvusdm.pipeline.JobRunner;
import io.milvusdm.pipeline.JobSummary;
import io.milvusdm.pipeline.Ledger;
import io.milvusdm.pipeline.ProgressListener;
import io.milvusdm.pipeline.RunOptions;
import io.milvusdm.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What {@link Hdf5Sink} writes beyond MilvusDM's layout, as h5py sees it: the {@code schema} attribute, scalar
 * fields as UTF-8 string datasets, and chunked shuffle + gzip storage (one chunk, many chunks, none); and our own
 * reader (the H2M path) reads the compressed vectors and ids back bit for bit.
 */
class Hdf5SinkExtrasTest {

    private static final RunOptions SMALL = new RunOptions(2, 1024, 4096, false);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path out;

    @ParameterizedTest(name = "{0} rows, gzip {1}, {2}-byte chunks")
    @CsvSource({"2500, 0, 4096", "2500, 6, 4096", "2500, 1, 1000000", "10, 9, 4096", "0, 4, 4096"})
    void h5py_reads_attributes_scalars_and_compressed_datasets(int rows, int gzip, int chunkBytes)
            throws IOException {
        Path file = out.resolve("extras.h5");
        Hdf5WriteSpec spec = new Hdf5WriteSpec(file, Hdf5WriteSpec.Mode.OVERWRITE,
                new Hdf5WriteSpec.Compression(gzip, chunkBytes));
        JobSummary summary;
        try (ScalarRowsSource source = new ScalarRowsSource(rows);
             Hdf5Sink sink = new Hdf5Sink(spec, source, SMALL);
             Ledger ledger = Ledger.open(out.resolve("l.ledger"), "x", false)) {
            summary = new JobRunner(source, sink, ledger, SMALL, ProgressListener.NONE).run();
        }
        assertThat(summary.status()).isEqualTo(JobSummary.Status.DONE);

        JsonNode dump = JSON.readTree(TestEnvironment.runFixtureScript("hdf5_dump_written.py", file.toString()));
        JsonNode attrs = dump.get("attrs");
        assertThat(attrs.get("dimension").asInt()).isEqualTo(ScalarRowsSource.DIMENSION);
        assertThat(attrs.get("vector_type").asText()).isEqualTo("FLOAT_VECTOR");
        assertThat(attrs.get("metric").asText()).isEqualTo("COSINE");
        assertThat(JSON.readTree(attrs.get("schema").asText())).isEqualTo(JSON.readTree("""
                [{"name":"id","type":"INT64","is_primary":true,"dataset":"ids"},
                 {"name":"embedding","type":"FLOAT_VECTOR","dim":8,"dataset":"embeddings","metric":"COSINE"},
                 {"name":"title","type":"VARCHAR","max_length":256,"nullable":true,"dataset":"title",
                  "valid_dataset":"title.valid"},
                 {"name":"meta","type":"JSON","nullable":false,"dataset":"meta"}]"""));

        JsonNode datasets = dump.get("datasets");
        assertThat(datasets.fieldNames()).toIterable().containsExactlyInAnyOrder("embeddings", "ids", "title",
                "title.valid", "meta");
        List<Long> bits = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        List<String> metas = new ArrayList<>();
        List<Boolean> titled = new ArrayList<>();
        for (long row = 0; row < rows; row++) {
            for (int c = 0; c < ScalarRowsSource.DIMENSION; c++) {
                bits.add(Integer.toUnsignedLong(Float.floatToRawIntBits(ScalarRowsSource.value(row, c))));
            }
            ids.add(ScalarRowsSource.id(row));
            String title = ScalarRowsSource.title(row);
            titles.add(title == null ? "" : title);
            titled.add(title != null);
            metas.add(ScalarRowsSource.meta(row));
        }
        assertDataset(datasets.get("embeddings"), "<f4", List.of(rows, 8), bits, gzip, chunkBytes / 32);
        assertDataset(datasets.get("ids"), "<i8", List.of(rows), ids, gzip, chunkBytes / 8);
        assertThat(datasets.get("title").get("dtype").asText()).startsWith("|S");
        assertThat(values(datasets.get("title"))).isEqualTo(new ArrayList<>(titles));
        assertThat(values(datasets.get("meta"))).isEqualTo(new ArrayList<>(metas));
        assertThat(datasets.get("title.valid").get("dtype").asText()).isEqualTo("|b1");
        List<Boolean> flags = new ArrayList<>();
        datasets.get("title.valid").get("values").forEach(v -> flags.add(v.asBoolean()));
        assertThat(flags).isEqualTo(titled);
        for (String name : List.of("title", "title.valid", "meta")) {
            assertStorage(datasets.get(name), rows, gzip);
        }

        try (Hdf5Source back = Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(file), false))) {
            assertThat(back.schema().totalRows()).isEqualTo(rows);
            if (rows > 0) {
                Hdf5ReadAll all = Hdf5ReadAll.read(back, 1 << 12, 1 << 10);
                all.assertEveryRowReadOnce();
                assertThat(all.keys).containsExactly(ids.stream().mapToLong(Long::longValue).toArray());
                assertThat(all.floatBits).containsExactly(bits.stream().mapToInt(Long::intValue).toArray());
            }
        }
    }

    private static List<Object> values(JsonNode dataset) {
        List<Object> values = new ArrayList<>();
        dataset.get("values").forEach(v -> values.add(v.isTextual() ? v.asText() : (Object) v.asLong()));
        return values;
    }

    private static void assertDataset(JsonNode dataset, String dtype, List<Integer> shape, List<? extends Object> values,
                                      int gzip, int chunkRows) {
        assertThat(dataset.get("dtype").asText()).isEqualTo(dtype);
        List<Integer> found = new ArrayList<>();
        dataset.get("shape").forEach(n -> found.add(n.asInt()));
        assertThat(found).isEqualTo(shape);
        assertThat(values(dataset)).isEqualTo(new ArrayList<Object>(values));
        assertStorage(dataset, shape.get(0), gzip);
        if (gzip > 0 && shape.get(0) > 0) {
            assertThat(dataset.get("chunks").get(0).asInt()).isEqualTo(Math.min(chunkRows, shape.get(0)));
        }
    }

    private static void assertStorage(JsonNode dataset, int rows, int gzip) {
        if (gzip == 0 || rows == 0) {
            assertThat(dataset.get("chunks").isNull()).as("contiguous").isTrue();
            assertThat(dataset.get("compression").isNull()).isTrue();
        } else {
            assertThat(dataset.get("compression").asText()).isEqualTo("gzip");
            assertThat(dataset.get("compression_opts").asInt()).isEqualTo(gzip);
            assertThat(dataset.get("shuffle").asBoolean()).isTrue();
        }
    }
}
