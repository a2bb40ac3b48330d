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
 * @param dimension the vector dimension (bits for binary vectors)
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
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, got " + dimension);
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

    /** A schema without scalar fields: keys and vectors only. */
    public SourceSchema(VectorType vectorType, int dimension, KeyKind keyKind, Optional<String> metric,
                        long totalRows) {
        this(vectorType, dimension, keyKind, metric, totalRows, List.of());
    }
}
