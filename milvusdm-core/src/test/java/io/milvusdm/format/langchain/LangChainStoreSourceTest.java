package io.milvusdm.format.langchain;

import com.fasterxml.jackson.databind.JsonNode;
import io.milvusdm.format.langchain.LangChainFixtures.Expected;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorType;
import io.milvusdm.format.UnsupportedFormatException;
import io.milvusdm.format.faiss.Recovery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.milvusdm.format.langchain.LangChainFixtures.json;
import static io.milvusdm.format.langchain.LangChainFixtures.readAll;
import static io.milvusdm.format.langchain.LangChainFixtures.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Stores LangChain wrote, over flat, HNSW, IVF, id-map, SQ and PQ indexes, come out as LangChain holds them: ids,
 * texts, metadata, and vectors bit for bit as faiss itself reconstructs them (stored or decoded).
 */
class LangChainStoreSourceTest {

    @ParameterizedTest
    @FieldSource("io.milvusdm.format.langchain.LangChainFixtures#READABLE")
    void every_row_comes_out_as_langchain_holds_it(String name) throws Exception {
        Path folder = store(name);
        Expected expected = Expected.of(folder);
        try (LangChainStoreSource source = LangChainStoreSource.open(folder, expected.lossy())) {
            SourceSchema schema = source.schema();
            assertThat(schema.vectorType()).isEqualTo(VectorType.FLOAT_VECTOR);
            assertThat(schema.dimension()).isEqualTo(expected.dimension());
            assertThat(schema.keyKind()).isEqualTo(KeyKind.VARCHAR);
            assertThat(schema.metric()).isEqualTo(Optional.of(expected.metric()));
            assertThat(schema.totalRows()).isEqualTo(expected.rows());

            assertSameRows(Rows.of(readAll(source, 8 << 20, 8 << 20)), expected);
        }
    }

    @Test
    void an_index_of_lossy_codes_needs_allow_lossy() {
        Path faiss = store("ivf_pq").resolve("index.faiss");
        assertThatThrownBy(() -> LangChainStoreSource.open(faiss.getParent()))
                .isInstanceOf(UnsupportedFormatException.class)
                .hasMessageStartingWith("the vectors of this IwPQ index are stored as lossy codes (PQ")
                .hasMessageContaining("set allow_lossy: true in the job or pass --allow-lossy");
    }

    @Test
    void the_source_reports_how_the_vectors_were_recovered() throws Exception {
        try (LangChainStoreSource exact = LangChainStoreSource.open(store("hnsw"));
             LangChainStoreSource decoded = LangChainStoreSource.open(store("sq_fp16"))) {
            assertThat(exact.index().describe().recovery()).isInstanceOf(Recovery.Exact.class);
            assertThat(exact.index().describe().root().fourcc()).isEqualTo("IHNf");
            assertThat(decoded.index().describe().recovery()).isInstanceOfSatisfying(Recovery.Decoded.class,
                    d -> assertThat(d.lossy()).isFalse());
        }
    }

    @Test
    void the_text_field_is_sized_from_the_longest_text_and_metadata_keeps_its_key_order() throws Exception {
        try (LangChainStoreSource source = LangChainStoreSource.open(store("basic"))) {
            // the longest text is 'x' * 1000 plus a suffix: rounded up to 1024
            assertThat(source.schema().scalarFields()).containsExactly(ScalarField.varchar("text", 1024, false),
                    ScalarField.json("metadata", false));
            ScalarColumn.JsonColumn metadata = (ScalarColumn.JsonColumn) readAll(source, 1 << 20, 1 << 20).get(0)
                    .scalarColumns().get(1);
            List<String> keys = new ArrayList<>();
            json(metadata.values()[0]).fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactly("source", "page", "score", "flag", "none", "tags", "pair", "big", "clé",
                    "nested");
        }
        assertThat(LangChainStore.textMaxLength(0)).isEqualTo(256);
        assertThat(LangChainStore.textMaxLength(257)).isEqualTo(512);
        assertThat(LangChainStore.textMaxLength(512)).isEqualTo(512);
        assertThat(LangChainStore.textMaxLength(40_000)).isEqualTo(65_535);
    }

    @Test
    void small_batches_and_splits_stay_within_their_bytes_and_cover_every_row_once() throws Exception {
        Expected expected = Expected.of(store("basic"));
        try (LangChainStoreSource source = LangChainStoreSource.open(store("basic"))) {
            long batchBytes = 3_000;
            List<VectorBatch> batches = readAll(source, 10_000, batchBytes);
            assertThat(source.splits(10_000)).hasSizeGreaterThan(5);
            assertThat(batches).hasSizeGreaterThan(20);
            for (VectorBatch batch : batches) {
                assertThat(batch.rowCount() == 1 || batch.byteSize() <= batchBytes)
                        .as("batch at %d of %s: %d bytes", batch.firstRow(), batch.split().id(), batch.byteSize())
                        .isTrue();
            }
            assertSameRows(Rows.of(batches), expected);
        }
    }

    @Test
    void batches_of_an_ivf_store_are_cut_where_long_texts_would_overflow_them() throws Exception {
        Expected expected = Expected.of(store("ivf_flat"));
        try (LangChainStoreSource source = LangChainStoreSource.open(store("ivf_flat"))) {
            // one row in eleven carries a 1000-byte text: Faiss batches sized for the average row must be cut
            long batchBytes = 4_000;
            List<VectorBatch> batches = readAll(source, 1 << 20, batchBytes);
            for (VectorBatch batch : batches) {
                assertThat(batch.rowCount() == 1 || batch.byteSize() <= batchBytes)
                        .as("batch at %d of %s: %d bytes", batch.firstRow(), batch.split().id(), batch.byteSize())
                        .isTrue();
            }
            assertSameRows(Rows.of(batches), expected);
        }
    }

    /** The rows read are the expected ones, each id once, compared by id: text, metadata, vector bits. */
    private static void assertSameRows(Rows rows, Expected expected) {
        assertThat(rows.ids).containsExactlyInAnyOrderElementsOf(expected.ids());
        Map<String, Integer> readAt = new HashMap<>();
        for (int i = 0; i < rows.ids.size(); i++) {
            readAt.put(rows.ids.get(i), i);
        }
        int d = expected.dimension();
        int[] readBits = rawBits(rows.vectors);
        int[] expectedBits = rawBits(expected.vectors());
        for (int i = 0; i < expected.rows(); i++) {
            String id = expected.ids().get(i);
            int r = readAt.get(id);
            assertThat(rows.texts.get(r)).as("text of %s", id).isEqualTo(expected.texts().get(i));
            assertThat(rows.metadata.get(r)).as("metadata of %s", id).isEqualTo(expected.metadata().get(i));
            assertThat(Arrays.copyOfRange(readBits, r * d, (r + 1) * d)).as("vector of %s", id)
                    .isEqualTo(Arrays.copyOfRange(expectedBits, i * d, (i + 1) * d));
        }
    }

    /** The rows of a list of batches, concatenated. */
    private record Rows(List<String> ids, List<String> texts, List<JsonNode> metadata, float[] vectors) {
        static Rows of(List<VectorBatch> batches) {
            List<String> ids = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            List<JsonNode> metadata = new ArrayList<>();
            List<float[]> vectors = new ArrayList<>();
            for (VectorBatch batch : batches) {
                ids.addAll(List.of(((PrimaryKeys.VarcharKeys) batch.keys()).values()));
                texts.addAll(List.of(((ScalarColumn.VarcharColumn) batch.scalarColumns().get(0)).values()));
                for (byte[] value : ((ScalarColumn.JsonColumn) batch.scalarColumns().get(1)).values()) {
                    metadata.add(json(value));
                }
                vectors.add(((FloatVectors) batch.vectors()).values());
            }
            int total = vectors.stream().mapToInt(v -> v.length).sum();
            float[] all = new float[total];
            int at = 0;
            for (Iterator<float[]> it = vectors.iterator(); it.hasNext(); ) {
                float[] next = it.next();
                System.arraycopy(next, 0, all, at, next.length);
                at += next.length;
            }
            return new Rows(ids, texts, metadata, all);
        }
    }

    static int[] rawBits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
