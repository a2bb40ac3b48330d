package io.milvusdm.format.npy;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What to read from {@code .npy} files: one or more pairs of a vectors file and an optional ids file.
 *
 * @param files the pairs, in order; when no pair has ids, rows are numbered across them in this order
 * @param autoId ignore stored ids and let the target generate them
 */
public record NpySourceSpec(List<NpyFiles> files, boolean autoId) {

    public NpySourceSpec {
        files = List.copyOf(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a NumPy source needs at least one vectors file");
        }
    }

    /**
     * One vectors file and its ids.
     *
     * @param vectors a 2-D float32/float64 array (rows x dimension) or uint8 array (rows x dimension/8 packed bits)
     * @param ids a 1-D (or rows x 1) integer array as long as the vectors, or {@code null}
     */
    public record NpyFiles(Path vectors, Path ids) {
        public NpyFiles {
            Objects.requireNonNull(vectors, "vectors");
        }
    }

    /** One vectors file with its ids file, or {@code null} ids. */
    public static NpySourceSpec of(Path vectors, Path ids) {
        return new NpySourceSpec(List.of(new NpyFiles(vectors, ids)), false);
    }
}
