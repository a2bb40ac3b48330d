package io.milvusdm.pipeline;

import java.util.Objects;

/**
 * What a vector field that travels beside a batch's own vectors is: its type, dimension and the metric of its
 * index on the source, which a target indexes it with.
 *
 * @param type the vector type
 * @param dimension floats (bits for binary vectors) a row; 0 for sparse vectors
 * @param metric the metric of the source's index on the field (L2, IP, COSINE, HAMMING, JACCARD, BM25), or null
 *     when the source records none
 */
public record VectorFieldSpec(VectorFieldType type, int dimension, String metric) {

    public VectorFieldSpec {
        Objects.requireNonNull(type, "type");
        if (type.isSparse() ? dimension != 0 : dimension <= 0) {
            throw new IllegalArgumentException(type + (type.isSparse() ? " has no dimension" : " needs a positive"
                    + " dimension") + ", got " + dimension);
        }
        if (type == VectorFieldType.BINARY_VECTOR && dimension % 8 != 0) {
            throw new IllegalArgumentException("a BINARY_VECTOR's dimension is a multiple of 8, got " + dimension);
        }
    }

    /** Bytes a dense row takes; 0 for sparse vectors. */
    public long bytesPerRow() {
        return type.bytesPerRow(dimension);
    }

    /** "FLOAT_VECTOR(128)", "SPARSE_FLOAT_VECTOR": for messages. */
    public String describe() {
        return type.isSparse() ? type.name() : type.name() + "(" + dimension + ")";
    }
}
