package io.milvusdm.similarity.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milvusdm.testing.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static io.milvusdm.similarity.embed.MiniLmModelTest.assertClose;
import static io.milvusdm.similarity.embed.MiniLmModelTest.toArray;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** A tiny CLIP-style model written by scripts/fixtures/clip_fixtures.py, against onnxruntime python and Pillow. */
class ClipModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LOSSLESS = List.of(
            "alpha.png", "exact.png", "grey.png", "landscape.png", "palette.png", "portrait.png");

    @TempDir
    static Path dir;
    private static JsonNode reference;
    private static ClipModel model;

    @BeforeAll
    static void writeFixtures() throws IOException {
        reference = JSON.readTree(TestEnvironment.runFixtureScript("clip_fixtures.py", dir.toString()));
        model = ClipModel.open(dir, EmbeddingOptions.DEFAULTS.withBatchSize(4));
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @Test
    void preprocessesAsPillowAndTorchvisionDo() throws IOException {
        for (String name : LOSSLESS) {
            float[] ours = pixels(name);
            assertClose(ours, reference.get("images").get(name).get("pixels"), 1e-6f, name + " pixels");
        }
    }

    @Test
    void jpegPixelsDifferOnlyByTheDecoder() throws IOException {
        float[] ours = pixels("photo.jpg");
        float[] pillow = toArray(reference.get("images").get("photo.jpg").get("pixels"));
        double worst = 0;
        for (int i = 0; i < ours.length; i++) {
            worst = Math.max(worst, Math.abs(ours[i] - pillow[i]));
        }
        // libjpeg and javax.imageio may round the inverse DCT differently: a few levels of 255, divided by std ~0.27
        assertThat(worst).isLessThan(6 / 255.0 / 0.26);
    }

    @Test
    void imageVectorsMatchOnnxRuntimePython() throws IOException {
        List<Path> files = LOSSLESS.stream().map(dir::resolve).toList();
        float[][] ours = model.embedImages(files);
        for (int i = 0; i < files.size(); i++) {
            assertClose(ours[i], reference.get("images").get(LOSSLESS.get(i)).get("vector"), 1e-5f, LOSSLESS.get(i));
            assertThat(MiniLmModelTest.cosine(ours[i], ours[i])).isCloseTo(1.0, within(1e-5));
        }
        float[] jpeg = model.embedImages(List.of(dir.resolve("photo.jpg")))[0];
        float[] pillowJpeg = toArray(reference.get("images").get("photo.jpg").get("vector"));
        assertThat(MiniLmModelTest.cosine(jpeg, pillowJpeg)).isGreaterThan(0.999);
    }

    @Test
    void referencePixelsGiveTheReferenceVectors() {
        float[] pixels = toArray(reference.get("images").get("landscape.png").get("pixels"));
        assertClose(model.embedPixels(pixels, 1)[0], reference.get("images").get("landscape.png").get("vector"),
                1e-5f, "landscape from Pillow's pixels");
    }

    @Test
    void textVectorsMatchOnnxRuntimePython() {
        List<String> prompts = prompts();
        float[][] ours = model.embedTexts(prompts);
        for (int i = 0; i < prompts.size(); i++) {
            assertClose(ours[i], reference.get("texts").get(i), 1e-5f, "prompt '" + prompts.get(i) + "'");
        }
        assertThat(model.dimension()).isEqualTo(16);
        assertThat(model.name()).isEqualTo("tiny-clip");
        assertThat(model.supportsImages()).isTrue();
        assertThat(model.supportsText()).isTrue();
    }

    @Test
    void paddingToMaxLengthChangesNothingUnderTheMask(@TempDir Path tmp) throws IOException {
        List<String> prompts = prompts().subList(0, 5); // short ones: the batch's longest is well under 16 tokens
        try (ClipModel padded = openVariant(tmp, c -> ((ObjectNode) c.get("text")).put("pad_to_max_length", true))) {
            float[][] ours = padded.embedTexts(prompts);
            for (int i = 0; i < prompts.size(); i++) {
                assertClose(ours[i], reference.get("texts").get(i), 1e-5f, "padded prompt " + i);
            }
        }
    }

    @Test
    void meanPoolingOfTokenStates() throws IOException {
        try (ClipModel mean = ClipModel.open(dir.resolve("model-mean.json"), EmbeddingOptions.DEFAULTS)) {
            float[][] ours = mean.embedTexts(prompts());
            for (int i = 0; i < ours.length; i++) {
                assertClose(ours[i], reference.get("texts_mean").get(i), 1e-5f, "prompt " + i);
            }
            assertThat(mean.supportsImages()).isFalse();
            assertThatThrownBy(() -> mean.embedImages(List.of(dir.resolve("exact.png"))))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("tiny-clip-mean").hasMessageContaining("has no image encoder");
        }
    }

    @Test
    void opensByName() {
        try (EmbeddingModel byName = EmbeddingModels.open("clip:" + dir)) {
            assertThat(byName.name()).isEqualTo("tiny-clip");
        }
        assertThatThrownBy(() -> EmbeddingModels.open("clip:" + dir.resolve("nowhere")))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining(dir.resolve("nowhere").resolve("model.json").toString());
        assertThatThrownBy(() -> EmbeddingModels.open("clip:"))
                .isInstanceOf(EmbeddingException.class).hasMessageContaining("clip:/path/to/model-dir");
        assertThatThrownBy(() -> EmbeddingModels.open("word2vec"))
                .isInstanceOf(EmbeddingException.class)
                .hasMessage("unknown embedding model 'word2vec'; known models: " + EmbeddingModels.KNOWN);
    }

    @Test
    void namesTheImageThatCannotBeRead(@TempDir Path tmp) throws IOException {
        Path missing = tmp.resolve("missing.png");
        assertThatThrownBy(() -> model.embedImages(List.of(dir.resolve("exact.png"), missing)))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining(missing.toString());
        Path garbage = Files.writeString(tmp.resolve("garbage.png"), "not an image");
        assertThatThrownBy(() -> model.embedImages(List.of(garbage)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot decode image " + garbage);
    }

    @Test
    void namesTheTensorThatDoesNotFit(@TempDir Path tmp) throws IOException {
        assertThatThrownBy(() -> openVariant(tmp, c -> ((ObjectNode) c.get("image")).put("input", "pixels")))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("image.onnx has no input 'pixels'; its inputs are pixel_values FLOAT[-1, 3, 32, 32]");
        assertThatThrownBy(() -> openVariant(tmp, c -> ((ObjectNode) c.get("image")).put("size", 24)))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("input 'pixel_values' is FLOAT[-1, 3, 32, 32]; the configuration feeds"
                        + " FLOAT[-1, 3, 24, 24]");
        assertThatThrownBy(() -> openVariant(tmp, c -> ((ObjectNode) c.get("text")).put("output", "hidden")))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("text.onnx has no output 'hidden'; its outputs are");
        assertThatThrownBy(() -> openVariant(tmp, c -> ((ObjectNode) c.get("text")).put("output", "token_states")))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("output 'token_states' has shape [-1, -1, 16]; pooling none needs rank 2");
    }

    @Test
    void namesTheConfigKeyThatIsWrong(@TempDir Path tmp) {
        assertThatThrownBy(() -> openVariant(tmp, c -> ((ObjectNode) c.get("image")).put("sise", 32)))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining(".json: image: unknown key \"sise\"; known keys: [input, mean, onnx,");
        assertThatThrownBy(() -> openVariant(tmp, c -> ((ObjectNode) c.get("image")).put("resize", 16)))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining(".json: image.resize must be at least size (32), got 16");
        assertThatThrownBy(() -> openVariant(tmp, c -> ((ObjectNode) c.get("text")).put("pooling", "max")))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining(".json: text.pooling: pooling must be none, mean or cls, got 'max'");
        assertThatThrownBy(() -> openVariant(tmp, c -> ((ObjectNode) c.get("text")).put("tokenizer", "none.json")))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(dir.resolve("none.json").toString());
        assertThatThrownBy(() -> openVariant(tmp, c -> ((ObjectNode) c.get("image")).put("onnx", "none.onnx")))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("ONNX model file " + dir.resolve("none.onnx") + " does not exist");
        assertThatThrownBy(() -> openVariant(tmp, c -> {
            ((ObjectNode) c).remove("image");
            ((ObjectNode) c).remove("text");
        })).isInstanceOf(EmbeddingException.class).hasMessageContaining("needs an \"image\" or a \"text\" encoder");
    }

    @Test
    void batchesGiveTheSameVectorsAsOneByOne() throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LOSSLESS.forEach(name -> files.add(dir.resolve(name)));
        }
        float[][] batched = model.embedImages(files);
        for (int i = 0; i < files.size(); i++) {
            assertClose(batched[i], JSON.valueToTree(model.embedImages(List.of(files.get(i)))[0]), 1e-6f, "image " + i);
        }
    }

    /** The fixture's model.json with one change, written next to the fixture's files (they resolve against it). */
    private static ClipModel openVariant(Path tmp, Consumer<JsonNode> change) throws IOException {
        JsonNode config = JSON.readTree(dir.resolve("model.json").toFile());
        change.accept(config);
        Path file = dir.resolve("variant-" + tmp.getFileName() + ".json");
        JSON.writeValue(file.toFile(), config);
        try {
            return ClipModel.open(file, EmbeddingOptions.DEFAULTS);
        } finally {
            Files.delete(file);
        }
    }

    private static float[] pixels(String name) throws IOException {
        float[] out = new float[3 * 32 * 32];
        model.preprocessor().pixels(dir.resolve(name), out, 0);
        return out;
    }

    private static List<String> prompts() {
        List<String> prompts = new ArrayList<>();
        reference.get("prompts").forEach(p -> prompts.add(p.asText()));
        return prompts;
    }
}
