package io.milvusdm.pipeline;

/**
 * The types of the columns a batch can carry beside its keys and its vectors, named as Milvus names them.
 *
 * <p>Every type but {@link #VECTOR} has a typed column a file sink can read ({@link ScalarColumn.VarcharColumn},
 * {@link ScalarColumn.JsonColumn}, {@link ScalarColumn.BoolColumn}, {@link ScalarColumn.IntegerColumn},
 * {@link ScalarColumn.FloatingColumn}, {@link ScalarColumn.ArrayColumn}). A Milvus 2.x source copying into Milvus
 * hands the non-string types over in Milvus's own wire form instead ({@link ScalarColumn.WireColumn}), which only a
 * Milvus sink reads: they are written as they were read.
 */
public enum ScalarType {
    /** UTF-8 strings of at most {@link ScalarField#maxLength()} bytes: {@link ScalarColumn.VarcharColumn}. */
    VARCHAR,
    /** One JSON document per row, as UTF-8 text: {@link ScalarColumn.JsonColumn}. */
    JSON,
    /** {@link ScalarColumn.BoolColumn}. */
    BOOL,
    /** Signed integers of 8 to 64 bits: {@link ScalarColumn.IntegerColumn}. */
    INT8,
    INT16,
    INT32,
    INT64,
    /** IEEE float32 and float64: {@link ScalarColumn.FloatingColumn}. */
    FLOAT,
    DOUBLE,
    /**
     * An ARRAY field: up to {@link ScalarField#maxCapacity()} elements of {@link ScalarField#elementType()} a row,
     * {@link ScalarColumn.ArrayColumn}.
     */
    ARRAY,
    /**
     * Milvus's dynamic field ({@code $meta}): the JSON object of the keys no field declares, a
     * {@link ScalarColumn.JsonColumn} of this type.
     */
    DYNAMIC,
    /**
     * A vector field other than the batch's own vectors: a collection's second FLOAT_VECTOR, or its BINARY,
     * FLOAT16, BFLOAT16 or SPARSE_FLOAT vectors. Carried in wire form only, Milvus to Milvus.
     */
    VECTOR;

    /** Whether this is one of INT8, INT16, INT32, INT64. */
    public boolean isInteger() {
        return this == INT8 || this == INT16 || this == INT32 || this == INT64;
    }

    /** Whether this is FLOAT or DOUBLE. */
    public boolean isFloating() {
        return this == FLOAT || this == DOUBLE;
    }

    /** Whether an ARRAY field may hold elements of this type (Milvus's rule: the scalars and VARCHAR). */
    public boolean isArrayElement() {
        return this == BOOL || isInteger() || isFloating() || this == VARCHAR;
    }

    /** The smallest value of an integer type. */
    public long minValue() {
        return switch (this) {
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            default -> throw new IllegalStateException(this + " is not an integer type");
        };
    }

    /** The largest value of an integer type. */
    public long maxValue() {
        return switch (this) {
            case INT8 -> Byte.MAX_VALUE;
            case INT16 -> Short.MAX_VALUE;
            case INT32 -> Integer.MAX_VALUE;
            case INT64 -> Long.MAX_VALUE;
            default -> throw new IllegalStateException(this + " is not an integer type");
        };
    }
}
