package io.milvusdm.pipeline;

import java.util.Objects;
import java.util.Optional;

/**
 * What a source produces, known after its pre-scan and before any row moves.
 *
 * @param vectorType the vector type of every row
 * @param dimension the vector dimension (bits for binary vectors)
 * @param keyKind where primary keys come from
 * @param metric the metric the source records (a Faiss index does), if it records one
 * @param totalRows the rows the source will produce
 */
public record SourceSchema(VectorType vectorType, int dimension, KeyKind keyKind, Optional<String> metric,
                           long totalRows) {

    public SourceSchema {
        Objects.requireNonNull(vectorType, "vectorType");
        Objects.requireNonNull(keyKind, "keyKind");
        Objects.requireNonNull(metric, "metric");
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        }
        if (totalRows < 0) {
            throw new IllegalArgumentException("totalRows must not be negative, got " + totalRows);
        }
    }
}
