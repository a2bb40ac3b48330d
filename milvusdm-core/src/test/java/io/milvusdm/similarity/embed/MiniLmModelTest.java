package io.milvusdm.similarity.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvusdm.testing.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MiniLmModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Short and long, punctuation, accents, an emoji, code, and a text past the 256-token limit. */
    private static final List<String> SENTENCES = List.of(
            "A man is eating food.",
            "A man is eating a piece of bread.",
            "The new movie is awesome",
            "Il pleut des cordes à Paris ce matin.",
            "😀 emoji and ünïcödé",
            "SELECT * FROM users WHERE id = 1;",
            "cats",
            "word ".repeat(300) + "end");

    private static MiniLmModel float32;
    private static MiniLmModel quantised;

    @TempDir
    static Path dir;
    private static JsonNode reference;

    @BeforeAll
    static void open() throws IOException {
        float32 = MiniLmModel.open(MiniLmModel.Variant.FLOAT32, EmbeddingOptions.DEFAULTS.withBatchSize(3));
        quantised = MiniLmModel.open(MiniLmModel.Variant.QUANTISED, EmbeddingOptions.DEFAULTS);
        reference = reference();
    }

    @AfterAll
    static void close() {
        float32.close();
        quantised.close();
    }

    @Test
    void float32VectorsAreSentenceTransformersVectors() {
        float[][] ours = float32.embedTexts(SENTENCES);

        assertThat(ours).hasNumberOfRows(SENTENCES.size());
        for (int i = 0; i < SENTENCES.size(); i++) {
            assertThat(ours[i]).hasSize(384);
            assertClose(ours[i], reference.get("onnx").get(float32.name()).get(i), 2e-5f,
                    "onnxruntime python, sentence " + i);
            assertClose(ours[i], reference.get("reference").get(i), 2e-5f, "float32 BERT, sentence " + i);
        }
    }

    @Test
    void quantisedVectorsStayNearTheFloatModel() {
        float[][] ours = quantised.embedTexts(SENTENCES);

        for (int i = 0; i < SENTENCES.size(); i++) {
            assertClose(ours[i], reference.get("onnx").get(quantised.name()).get(i), 2e-5f,
                    "onnxruntime python, sentence " + i);
            // int8 weights: measured 0.987-0.994 over twenty varied sentences (docs/similarity-models.md).
            assertThat(cosine(ours[i], toArray(reference.get("reference").get(i))))
                    .as("cosine to the float32 model, sentence %d", i).isGreaterThan(0.98);
        }
        assertThat(quantised.name()).isNotEqualTo(float32.name());
    }

    @Test
    void paraphrasesAreCloserThanUnrelatedTexts() {
        float[][] v = float32.embedTexts(List.of(
                "a photo of a dog", "a picture of a puppy", "quarterly tax report",
                "How do I reset my password?", "I forgot my login credentials", "Two dogs playing in the snow."));

        assertThat(cosine(v[0], v[1])).isGreaterThan(cosine(v[0], v[2]) + 0.4);
        assertThat(cosine(v[3], v[4])).isGreaterThan(cosine(v[3], v[5]) + 0.3);
        assertThat(cosine(v[0], v[5])).isGreaterThan(cosine(v[0], v[3]));
    }

    @Test
    void vectorsDoNotDependOnTheBatchTheyRanIn() {
        float[][] together = float32.embedTexts(SENTENCES);
        for (int i = 0; i < SENTENCES.size(); i++) {
            float[] alone = float32.embedTexts(List.of(SENTENCES.get(i)))[0];
            for (int d = 0; d < alone.length; d++) {
                assertThat(alone[d]).as("sentence %d dim %d", i, d).isCloseTo(together[i][d], within(1e-5f));
            }
        }
    }

    @Test
    void emptyTextsAndEmptyListsGiveNumbers() {
        assertThat(float32.embedTexts(List.of())).isEmpty();
        float[] empty = float32.embedTexts(List.of(""))[0];
        assertThat(cosine(empty, empty)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void djlNeverCallsHome() {
        // DJL's first tokenizer asks 169.254.169.254 (EC2 metadata) and a telemetry bucket for usage tracking unless
        // one of these holds; opening a model must have made them hold (ai.djl.util.Ec2Utils.callHome).
        assertThat(ai.djl.util.Utils.isOfflineMode()).isTrue();
        assertThat(ai.djl.util.Utils.getEnvOrSystemProperty("OPT_OUT_TRACKING")).isEqualTo("true");
    }

    @Test
    void refusesImagesNamingTheModel() {
        assertThatThrownBy(() -> float32.embedImages(List.of(Path.of("cat.png"))))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("all-minilm-l6-v2 is a text model");
        assertThat(float32.supportsImages()).isFalse();
        assertThat(float32.dimension()).isEqualTo(384);
    }

    /** Hands both variants' own files from the class path to the fixture, with the sentences: one Python run. */
    private static JsonNode reference() throws IOException {
        Path sentences = dir.resolve("sentences.json");
        JSON.writeValue(sentences.toFile(), SENTENCES);
        List<String> args = new ArrayList<>(List.of(sentences.toString()));
        for (MiniLmModel.Variant variant : MiniLmModel.Variant.values()) {
            String name = variant == MiniLmModel.Variant.FLOAT32 ? float32.name() : quantised.name();
            Path onnx = MiniLmModel.copyResource(variant, variant.onnxResource(), dir.resolve(name + ".onnx"));
            Path tokenizer = MiniLmModel.copyResource(variant, variant.tokenizerResource(),
                    dir.resolve(name + "-tokenizer.json"));
            args.add(name + "=" + onnx + "," + tokenizer);
        }
        return JSON.readTree(TestEnvironment.runFixtureScript("minilm_reference.py", args.toArray(String[]::new)));
    }

    static void assertClose(float[] ours, JsonNode theirs, float tolerance, String what) {
        assertThat(theirs.size()).as(what).isEqualTo(ours.length);
        for (int d = 0; d < ours.length; d++) {
            assertThat(ours[d]).as("%s, dim %d", what, d).isCloseTo((float) theirs.get(d).asDouble(),
                    within(tolerance));
        }
    }

    static float[] toArray(JsonNode node) {
        float[] v = new float[node.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) node.get(i).asDouble();
        }
        return v;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
