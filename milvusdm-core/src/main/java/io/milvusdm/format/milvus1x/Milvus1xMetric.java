package io.milvusdm.format.milvus1x;

import io.milvusdm.pipeline.VectorType;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code Tables.metric_type} codes of Milvus 0.10/1.x ({@code MetricType} in its {@code MetaTypes.h}). The
 * metric decides the vector type: L2 and IP collections store float32 rows, every other metric packed bits.
 */
public enum Milvus1xMetric {
    L2(1, VectorType.FLOAT_VECTOR),
    IP(2, VectorType.FLOAT_VECTOR),
    HAMMING(3, VectorType.BINARY_VECTOR),
    JACCARD(4, VectorType.BINARY_VECTOR),
    TANIMOTO(5, VectorType.BINARY_VECTOR),
    SUBSTRUCTURE(6, VectorType.BINARY_VECTOR),
    SUPERSTRUCTURE(7, VectorType.BINARY_VECTOR);

    private final int code;
    private final VectorType vectorType;

    Milvus1xMetric(int code, VectorType vectorType) {
        this.code = code;
        this.vectorType = vectorType;
    }

    public int code() {
        return code;
    }

    public VectorType vectorType() {
        return vectorType;
    }

    static Optional<Milvus1xMetric> of(int code) {
        return Arrays.stream(values()).filter(m -> m.code == code).findFirst();
    }

    /** "1 L2, 2 IP, …" for messages about a code outside the list. */
    static String known() {
        return Arrays.stream(values()).map(m -> m.code + " " + m.name()).collect(Collectors.joining(", "));
    }
}
