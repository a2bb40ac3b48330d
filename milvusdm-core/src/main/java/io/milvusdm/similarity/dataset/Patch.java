package io.milvusdm.similarity.dataset;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A labelled region of a sample (FiftyOne's {@code Detection}): its own id (the "label id"), a label, and a box
 * {@code [x, y, width, height]} relative to the image size, each in [0, 1].
 *
 * @param id the label id, unique within the dataset
 * @param label the class label, e.g. {@code dog}
 * @param box {@code [x, y, w, h]}, relative
 * @param vectors stored embeddings by field name (may be empty)
 */
public record Patch(String id, String label, double[] box, Map<String, float[]> vectors) {

    public Patch {
        Objects.requireNonNull(id, "patch id");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("a patch id is empty");
        }
        if (box == null || box.length != 4) {
            throw new IllegalArgumentException("patch '" + id + "': box must be [x, y, w, h], found "
                    + (box == null ? "none" : Arrays.toString(box)));
        }
        box = box.clone();
        vectors = Map.copyOf(vectors == null ? Map.of() : vectors);
    }

    public Patch(String id, String label, double[] box) {
        this(id, label, box, Map.of());
    }

    @Override
    public double[] box() {
        return box.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Patch p && id.equals(p.id) && Objects.equals(label, p.label) && Arrays.equals(box, p.box)
                && Sample.sameVectors(vectors, p.vectors);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, label, Arrays.hashCode(box));
    }

    @Override
    public String toString() {
        return "Patch[id=" + id + ", label=" + label + ", box=" + Arrays.toString(box) + ", vectors="
                + vectors.keySet() + "]";
    }
}
