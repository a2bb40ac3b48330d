package io.milvusdm.similarity.embed;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;

/**
 * The {@code model.json} of a CLIP-style model directory: which ONNX files encode images and texts, their tensor
 * names, and the preprocessing. The format is documented, with an example, in docs/similarity-models.md. File names
 * are relative to the directory. Either encoder may be left out (an image-only or text-only model), not both.
 *
 * @param name the name recorded in index records
 * @param image the image encoder, or null
 * @param text the text encoder, or null
 * @param normalize L2-normalise every vector (CLIP compares by cosine)
 */
public record ClipModelConfig(String name, Path file, ImageEncoder image, TextEncoder text, boolean normalize) {

    public static final String FILE_NAME = "model.json";

    public record ImageEncoder(Path onnx, ImageEncoderSpec spec) {
    }

    public record TextEncoder(Path onnx, Path tokenizer, TextEncoderSpec spec) {
    }

    private static final Set<String> TOP_KEYS = Set.of("name", "image", "text", "normalize");
    private static final Set<String> IMAGE_KEYS = Set.of("onnx", "input", "output", "size", "resize", "mean", "std");
    private static final Set<String> TEXT_KEYS = Set.of("onnx", "tokenizer", "input_ids", "attention_mask",
            "token_type_ids", "output", "pooling", "max_length", "pad_to_max_length", "pad_id");

    /** Reads {@code path/model.json}, or {@code path} itself when it names a {@code .json} file. */
    public static ClipModelConfig read(Path path) throws IOException {
        Path file = Files.isDirectory(path) || !path.toString().endsWith(".json") ? path.resolve(FILE_NAME) : path;
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null,
                    "a CLIP-style model directory needs a " + FILE_NAME + " (docs/similarity-models.md)");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JacksonException e) {
            throw new EmbeddingException(file + " is not valid JSON: " + e.getOriginalMessage());
        }
        return parse(root, file);
    }

    static ClipModelConfig parse(JsonNode root, Path file) {
        Reader top = new Reader(root, file.toString(), "", TOP_KEYS);
        Path dir = file.toAbsolutePath().getParent();
        String defaultName = dir.getFileName() == null ? "clip" : dir.getFileName().toString();
        String name = top.text("name", defaultName);
        ImageEncoder image = root.has("image") ? image(top.object("image", IMAGE_KEYS), dir) : null;
        TextEncoder text = root.has("text") ? text(top.object("text", TEXT_KEYS), dir) : null;
        if (image == null && text == null) {
            throw new EmbeddingException(file + ": needs an \"image\" or a \"text\" encoder, or both");
        }
        return new ClipModelConfig(name, file, image, text, top.bool("normalize", true));
    }

    private static ImageEncoder image(Reader in, Path dir) {
        int size = in.positiveInt("size", null);
        int resize = in.positiveInt("resize", size);
        if (resize < size) {
            throw in.error("resize", "must be at least size (" + size + "), got " + resize);
        }
        float[] std = in.rgb("std", ImageEncoderSpec.CLIP_STD);
        for (float s : std) {
            if (!(s > 0)) {
                throw in.error("std", "values must be positive, got " + s);
            }
        }
        ImageEncoderSpec spec = new ImageEncoderSpec(in.text("input", "pixel_values"), in.text("output", "image_embeds"),
                resize, size, in.rgb("mean", ImageEncoderSpec.CLIP_MEAN), std);
        return new ImageEncoder(dir.resolve(in.text("onnx", null)), spec);
    }

    private static TextEncoder text(Reader in, Path dir) {
        TextEncoderSpec spec = new TextEncoderSpec(in.text("input_ids", "input_ids"),
                in.optionalText("attention_mask"), in.optionalText("token_type_ids"), in.text("output", "text_embeds"),
                Pooling.parse(in.text("pooling", "none"), in.where("pooling")), in.positiveInt("max_length", 77),
                in.bool("pad_to_max_length", false), in.nonNegativeLong("pad_id", 0));
        return new TextEncoder(dir.resolve(in.text("onnx", null)), dir.resolve(in.text("tokenizer", "tokenizer.json")),
                spec);
    }

    /** Reads one JSON object's values, each error naming the file and the key's path in it ({@code image.size}). */
    private record Reader(JsonNode node, String file, String path, Set<String> keys) {

        Reader {
            if (!node.isObject()) {
                throw new EmbeddingException(file + ": " + path + " must be a JSON object, got " + node.getNodeType());
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!keys.contains(key)) {
                    throw new EmbeddingException(file + ": " + (path.isEmpty() ? "" : path + ": ") + "unknown key \""
                            + key + "\"; known keys: " + keys.stream().sorted().toList());
                }
            }
        }

        String where(String key) {
            return file + ": " + (path.isEmpty() ? key : path + "." + key);
        }

        EmbeddingException error(String key, String what) {
            return new EmbeddingException(where(key) + " " + what);
        }

        Reader object(String key, Set<String> keys) {
            return new Reader(node.get(key), file, path.isEmpty() ? key : path + "." + key, keys);
        }

        String text(String key, String fallback) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                if (fallback == null) {
                    throw error(key, "is required");
                }
                return fallback;
            }
            if (!value.isTextual() || value.asText().isBlank()) {
                throw error(key, "must be a non-empty string, got " + value);
            }
            return value.asText();
        }

        String optionalText(String key) {
            JsonNode value = node.get(key);
            return value == null || value.isNull() ? null : text(key, null);
        }

        int positiveInt(String key, Integer fallback) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                if (fallback == null) {
                    throw error(key, "is required");
                }
                return fallback;
            }
            if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
                throw error(key, "must be a positive integer, got " + value);
            }
            return value.asInt();
        }

        long nonNegativeLong(String key, long fallback) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (!value.isIntegralNumber() || value.asLong() < 0) {
                throw error(key, "must be a non-negative integer, got " + value);
            }
            return value.asLong();
        }

        boolean bool(String key, boolean fallback) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (!value.isBoolean()) {
                throw error(key, "must be true or false, got " + value);
            }
            return value.asBoolean();
        }

        float[] rgb(String key, float[] fallback) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return fallback.clone();
            }
            if (!value.isArray() || value.size() != 3) {
                throw error(key, "must be three numbers (R, G, B), got " + value);
            }
            float[] out = new float[3];
            for (int i = 0; i < 3; i++) {
                if (!value.get(i).isNumber()) {
                    throw error(key, "must be three numbers (R, G, B), got " + value);
                }
                out[i] = (float) value.get(i).asDouble();
            }
            return out;
        }
    }
}
