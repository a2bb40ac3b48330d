package io.milvusdm.cli.similarity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvusdm.format.npy.NpyReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Vectors and ids from files: {@code .npy} (2-D float32/float64, or 1-D for one vector) or JSON. */
final class VectorFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private VectorFiles() {
    }

    /** Rows of a {@code .npy} file or of a JSON array of number arrays (a flat array is one row). */
    static float[][] read(Path file) throws IOException {
        if (file.getFileName().toString().endsWith(".npy")) {
            try (NpyReader reader = NpyReader.open(file)) {
                long[] shape = reader.header().shape();
                int rows = shape.length == 1 ? 1 : Math.toIntExact(shape[0]);
                int dim = Math.toIntExact(shape.length == 1 ? shape[0] : shape[1]);
                float[] flat = new float[Math.multiplyExact(rows, dim)];
                reader.readFloats(0, shape.length == 1 ? 1 : rows, flat, 0);
                float[][] out = new float[rows][];
                for (int i = 0; i < rows; i++) {
                    out[i] = Arrays.copyOfRange(flat, i * dim, (i + 1) * dim);
                }
                return out;
            }
        }
        JsonNode root = JSON.readTree(file.toFile());
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new IOException(file + ": expected a JSON array of vectors (arrays of numbers)");
        }
        boolean flat = root.get(0).isNumber();
        List<float[]> rows = new ArrayList<>();
        for (JsonNode row : flat ? List.of(root) : iterable(root)) {
            if (!row.isArray()) {
                throw new IOException(file + ": row " + rows.size() + " is not an array of numbers");
            }
            float[] vector = new float[row.size()];
            for (int i = 0; i < vector.length; i++) {
                if (!row.get(i).isNumber()) {
                    throw new IOException(file + ": row " + rows.size() + ", item " + i + " is not a number");
                }
                vector[i] = (float) row.get(i).asDouble();
            }
            rows.add(vector);
        }
        return rows.toArray(float[][]::new);
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /** Ids from a JSON array of strings, or one id per line. */
    static List<String> ids(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.stripLeading().startsWith("[")) {
            List<String> ids = new ArrayList<>();
            JSON.readTree(text).forEach(node -> ids.add(node.asText()));
            return ids;
        }
        return text.lines().filter(line -> !line.isEmpty()).toList();
    }
}
