package io.milvusdm.similarity.dataset;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One item of a dataset: an id, the media file it stands for, free metadata (a JSON object as text), labelled
 * patches grouped by field name (FiftyOne's {@code Detections} fields), and stored embeddings by field name.
 *
 * @param id the sample id, unique within the dataset
 * @param filepath the media file (an image, a text file), or null
 * @param metadataJson a JSON object, {@code {}} when there is none
 * @param patches patch fields: field name to its patches, in order
 * @param vectors stored embeddings by field name
 */
public record Sample(String id, String filepath, String metadataJson, Map<String, List<Patch>> patches,
                     Map<String, float[]> vectors) {

    public Sample {
        Objects.requireNonNull(id, "sample id");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("a sample id is empty");
        }
        metadataJson = metadataJson == null || metadataJson.isBlank() ? "{}" : metadataJson;
        Map<String, List<Patch>> fields = new LinkedHashMap<>();
        if (patches != null) {
            patches.forEach((field, list) -> fields.put(field, List.copyOf(list)));
        }
        patches = java.util.Collections.unmodifiableMap(fields);
        vectors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(vectors == null ? Map.of() : vectors));
    }

    public static Sample of(String id, String filepath) {
        return new Sample(id, filepath, "{}", Map.of(), Map.of());
    }

    /** The patches of one field, empty when the sample has none. */
    public List<Patch> patches(String field) {
        return patches.getOrDefault(field, List.of());
    }

    static boolean sameVectors(Map<String, float[]> a, Map<String, float[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        return a.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), b.get(e.getKey())));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sample s && id.equals(s.id) && Objects.equals(filepath, s.filepath)
                && metadataJson.equals(s.metadataJson) && patches.equals(s.patches) && sameVectors(vectors, s.vectors);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, filepath, metadataJson, patches);
    }
}
