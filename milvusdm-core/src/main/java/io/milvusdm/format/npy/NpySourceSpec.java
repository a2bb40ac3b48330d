package io.milvusdm.format.npy;

import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.VectorType;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What to read from {@code .npy} files: one or more groups of a vectors file, an optional ids file and a file per
 * scalar field.
 *
 * @param files the groups, in order; when no group has ids, rows are numbered across them in this order
 * @param autoId ignore stored ids and let the target generate them
 * @param byteVectorType what a {@code |u1} vectors array holds: BINARY_VECTOR (packed bits, {@code (rows, d/8)}),
 *     FLOAT16_VECTOR or BFLOAT16_VECTOR (two raw little-endian bytes a dimension, {@code (rows, 2d)}, as pymilvus's
 *     BulkWriter saves them)
 * @param scalarFields the scalar fields every group has a file of, in order: BOOL from {@code |b1}, the integer
 *     types from signed integers no wider than themselves, FLOAT from {@code <f4}, DOUBLE from {@code <f8} or
 *     {@code <f4}, VARCHAR, JSON, GEOMETRY and the dynamic field from unicode ({@code <U<n>}); no nulls
 */
public record NpySourceSpec(List<NpyFiles> files, boolean autoId, VectorType byteVectorType,
                            List<ScalarField> scalarFields) {

    public NpySourceSpec {
        files = List.copyOf(files);
        Objects.requireNonNull(byteVectorType, "byteVectorType");
        scalarFields = List.copyOf(scalarFields);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a NumPy source needs at least one vectors file");
        }
        if (!byteVectorType.isByteEncoded()) {
            throw new IllegalArgumentException("byteVectorType must be a byte-encoded vector type, got "
                    + byteVectorType);
        }
        for (NpyFiles group : files) {
            if (group.scalars().size() != scalarFields.size()) {
                throw new IllegalArgumentException(group.vectors() + " comes with " + group.scalars().size()
                        + " scalar files for " + scalarFields.size() + " scalar fields");
            }
        }
    }

    /** A {@code |u1} vectors array holds binary vectors. */
    public NpySourceSpec(List<NpyFiles> files, boolean autoId, List<ScalarField> scalarFields) {
        this(files, autoId, VectorType.BINARY_VECTOR, scalarFields);
    }

    /** Vectors and ids only. */
    public NpySourceSpec(List<NpyFiles> files, boolean autoId) {
        this(files, autoId, List.of());
    }

    /**
     * One vectors file, its ids and its scalar columns.
     *
     * @param vectors a 2-D float32/float64 array (rows x dimension) or uint8 array (rows x dimension/8 packed bits,
     *     or rows x 2 dimension half floats: see {@link #byteVectorType})
     * @param ids a 1-D (or rows x 1) integer array as long as the vectors, or {@code null}
     * @param scalars a 1-D array as long as the vectors per scalar field of the spec, in its order
     */
    public record NpyFiles(Path vectors, Path ids, List<Path> scalars) {
        public NpyFiles {
            Objects.requireNonNull(vectors, "vectors");
            scalars = List.copyOf(scalars);
        }

        public NpyFiles(Path vectors, Path ids) {
            this(vectors, ids, List.of());
        }
    }

    /** One vectors file with its ids file, or {@code null} ids. */
    public static NpySourceSpec of(Path vectors, Path ids) {
        return new NpySourceSpec(List.of(new NpyFiles(vectors, ids)), false);
    }
}
