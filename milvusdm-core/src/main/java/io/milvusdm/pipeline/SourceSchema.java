package io.milvusdm.pipeline;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a source produces, known after its pre-scan and before any row moves.
 *
 * @param vectorType the vector type of every row
 * @param dimension the vector dimension (bits for binary vectors); 0 for {@link VectorType#NONE}
 * @param keyKind where primary keys come from
 * @param metric the metric the source records (a Faiss index does), if it records one
 * @param totalRows the rows the source will produce
 * @param scalarFields the scalar columns every batch carries, in this order, names distinct; empty when the
 *     source has none
 */
public record SourceSchema(VectorType vectorType, int dimension, KeyKind keyKind, Optional<String> metric,
                           long totalRows, List<ScalarField> scalarFields) {

    public SourceSchema {
        Objects.requireNonNull(vectorType, "vectorType");
        Objects.requireNonNull(keyKind, "keyKind");
        Objects.requireNonNull(metric, "metric");
        scalarFields = List.copyOf(scalarFields);
        if (vectorType == VectorType.NONE ? dimension != 0 : dimension <= 0) {
            throw new IllegalArgumentException((vectorType == VectorType.NONE ? "a source without vectors has "
                    + "dimension 0" : "dimension must be positive") + ", got " + dimension);
        }
        if (totalRows < 0) {
            throw new IllegalArgumentException("totalRows must not be negative, got " + totalRows);
        }
        Set<String> names = new HashSet<>();
        for (ScalarField field : scalarFields) {
            if (!names.add(field.name())) {
                throw new IllegalArgumentException("scalar field '" + field.name() + "' is declared twice");
            }
        }
    }

    /**
     * What a sink that stores one dense vector a row says to a source without one ({@link VectorType#NONE}), or
     * null when the source has vectors: "the source has no dense vector field (its fields: text VARCHAR(512),
     * sparse VECTOR); <what>".
     *
     * @param what what the sink needs, e.g. "an HDF5 file holds one float32 or binary vector a row"
     */
    public String withoutVectorsMessage(String what) {
        if (vectorType != VectorType.NONE) {
            return null;
        }
        return "the source has no dense vector field (its fields: " + String.join(", ",
                scalarFields.stream().map(ScalarField::describe).toList()) + "); " + what
                + "; such a collection is copied to Milvus only (milvusdm migrate --job, Milvus to Milvus)";
    }

    /** A schema without scalar fields: keys and vectors only. */
    public SourceSchema(VectorType vectorType, int dimension, KeyKind keyKind, Optional<String> metric,
                        long totalRows) {
        this(vectorType, dimension, keyKind, metric, totalRows, List.of());
    }
}
