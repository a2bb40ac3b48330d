package io.milvusdm.similarity.dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A named, ordered set of samples: what a similarity index is built over. Sample ids and label (patch) ids are
 * unique within the dataset. Load one from a manifest ({@link DatasetManifest}), from a store, or build it in code
 * with {@link #builder(String)}.
 */
public final class Dataset {

    /** Names go into file names and default collection names: letters, digits, {@code _ - .}. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private final String name;
    private final List<Sample> samples;
    private final Map<String, Sample> byId;

    private Dataset(String name, List<Sample> samples) {
        this.name = checkName(name);
        this.samples = List.copyOf(samples);
        Map<String, Sample> index = new LinkedHashMap<>();
        Set<String> labelIds = new HashSet<>();
        for (Sample sample : this.samples) {
            if (index.putIfAbsent(sample.id(), sample) != null) {
                throw new IllegalArgumentException("dataset '" + name + "': sample id '" + sample.id()
                        + "' appears twice");
            }
            for (List<Patch> patches : sample.patches().values()) {
                for (Patch patch : patches) {
                    if (!labelIds.add(patch.id())) {
                        throw new IllegalArgumentException("dataset '" + name + "': label id '" + patch.id()
                                + "' appears twice (sample '" + sample.id() + "')");
                    }
                }
            }
        }
        this.byId = Collections.unmodifiableMap(index);
    }

    public static Dataset of(String name, List<Sample> samples) {
        return new Dataset(name, samples);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a dataset name: use letters, digits, _ - . "
                    + "(at most 128, starting with a letter or digit)");
        }
        return name;
    }

    public String name() {
        return name;
    }

    public List<Sample> samples() {
        return samples;
    }

    public int size() {
        return samples.size();
    }

    /** The sample with this id, or null. */
    public Sample sample(String id) {
        return byId.get(id);
    }

    public List<String> sampleIds() {
        return List.copyOf(byId.keySet());
    }

    /** The patches of one field over the whole dataset, in sample order, each with its sample. */
    public List<SamplePatch> patches(String field) {
        Objects.requireNonNull(field, "patches field");
        List<SamplePatch> out = new ArrayList<>();
        for (Sample sample : samples) {
            for (Patch patch : sample.patches(field)) {
                out.add(new SamplePatch(sample, patch));
            }
        }
        return out;
    }

    /** Whether any sample has this patch field. */
    public boolean hasPatchField(String field) {
        return samples.stream().anyMatch(s -> s.patches().containsKey(field));
    }

    /** A patch with its sample. */
    public record SamplePatch(Sample sample, Patch patch) {
    }

    /** Builds a dataset in code. */
    public static final class Builder {
        private final String name;
        private final List<Sample> samples = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder add(Sample sample) {
            samples.add(Objects.requireNonNull(sample));
            return this;
        }

        public Builder add(String id, String filepath) {
            return add(Sample.of(id, filepath));
        }

        public Dataset build() {
            return new Dataset(name, samples);
        }
    }
}
