package io.milvusdm.similarity.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a dataset from a JSONL manifest: one JSON object per line, one sample per object (blank lines and lines
 * starting with {@code #} are skipped). The format is documented in {@code docs/similarity/dataset-manifest.md}:
 *
 * <pre>{"id": "s1", "filepath": "images/cat.jpg", "metadata": {"split": "train"},
 *  "vectors": {"clip": [0.1, 0.2]},
 *  "patches": {"ground_truth": [{"id": "l1", "label": "cat", "box": [0.1, 0.1, 0.5, 0.6], "vectors": {...}}]}}</pre>
 *
 * A relative {@code filepath} is resolved against the manifest's folder. Errors name the file and the line.
 */
public final class DatasetManifest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DatasetManifest() {
    }

    /** The dataset of a manifest, named after the file ({@code cats.jsonl} gives {@code cats}) unless named. */
    public static Dataset read(Path manifest, String name) throws IOException {
        String datasetName = name != null ? name : stem(manifest);
        Path base = manifest.toAbsolutePath().getParent();
        List<Sample> samples = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                try {
                    samples.add(sample(JSON.readTree(trimmed), base));
                } catch (JsonProcessingException e) {
                    throw new ManifestException(manifest, lineNumber, "not a JSON object: " + e.getOriginalMessage());
                } catch (IllegalArgumentException e) {
                    throw new ManifestException(manifest, lineNumber, e.getMessage());
                }
            }
        }
        try {
            return Dataset.of(datasetName, samples);
        } catch (IllegalArgumentException e) {
            throw new ManifestException(manifest, 0, e.getMessage());
        }
    }

    private static String stem(Path manifest) {
        String file = manifest.getFileName().toString();
        int dot = file.indexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    private static Sample sample(JsonNode node, Path base) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object, found " + node.getNodeType());
        }
        String id = text(node, "id", true);
        String filepath = text(node, "filepath", false);
        if (filepath != null && !filepath.contains("://")) {
            filepath = base.resolve(filepath).normalize().toString();
        }
        JsonNode metadata = node.get("metadata");
        if (metadata != null && !metadata.isObject() && !metadata.isNull()) {
            throw new IllegalArgumentException("sample '" + id + "': metadata must be an object");
        }
        Map<String, List<Patch>> patches = new LinkedHashMap<>();
        JsonNode patchFields = node.get("patches");
        if (patchFields != null && !patchFields.isNull()) {
            if (!patchFields.isObject()) {
                throw new IllegalArgumentException("sample '" + id + "': patches must map field names to lists");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = patchFields.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getValue().isArray()) {
                    throw new IllegalArgumentException("sample '" + id + "': patches." + field.getKey()
                            + " must be a list");
                }
                List<Patch> list = new ArrayList<>();
                for (JsonNode patch : field.getValue()) {
                    list.add(patch(patch, id, field.getKey()));
                }
                patches.put(field.getKey(), list);
            }
        }
        String metadataJson = metadata == null || metadata.isNull() ? "{}" : metadata.toString();
        return new Sample(id, filepath, metadataJson, patches, vectors(node.get("vectors"), "sample '" + id + "'"));
    }

    private static Patch patch(JsonNode node, String sampleId, String field) {
        String where = "sample '" + sampleId + "', patches." + field;
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": each patch must be an object");
        }
        String id = text(node, "id", true);
        JsonNode box = node.get("box");
        if (box == null || !box.isArray() || box.size() != 4) {
            throw new IllegalArgumentException(where + ", patch '" + id + "': box must be [x, y, w, h]");
        }
        double[] values = new double[4];
        for (int i = 0; i < 4; i++) {
            if (!box.get(i).isNumber()) {
                throw new IllegalArgumentException(where + ", patch '" + id + "': box values must be numbers");
            }
            values[i] = box.get(i).asDouble();
        }
        return new Patch(id, text(node, "label", false), values, vectors(node.get("vectors"), where + ", patch '" + id + "'"));
    }

    private static Map<String, float[]> vectors(JsonNode node, String where) {
        Map<String, float[]> vectors = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return vectors;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": vectors must map field names to number lists");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode list = field.getValue();
            if (!list.isArray()) {
                throw new IllegalArgumentException(where + ": vectors." + field.getKey() + " must be a list of numbers");
            }
            float[] vector = new float[list.size()];
            for (int i = 0; i < vector.length; i++) {
                if (!list.get(i).isNumber()) {
                    throw new IllegalArgumentException(where + ": vectors." + field.getKey() + "[" + i
                            + "] is not a number");
                }
                vector[i] = (float) list.get(i).asDouble();
            }
            vectors.put(field.getKey(), vector);
        }
        return vectors;
    }

    private static String text(JsonNode node, String key, boolean required) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException("missing \"" + key + "\"");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("\"" + key + "\" must be a string, found " + value.getNodeType());
        }
        return value.asText();
    }

    /** A manifest line that cannot be read: names the file and the line. */
    public static final class ManifestException extends IOException {
        public ManifestException(Path file, int line, String reason) {
            super("Dataset manifest " + file + (line > 0 ? " line " + line : "") + ": " + reason);
        }
    }
}
