package io.milvusdm.pipeline;

/**
 * The types of the columns a batch can carry beside its keys and its vectors, named as Milvus names them.
 *
 * <p>Every type but {@link #STRUCT_ARRAY} has a typed column a file sink can read
 * ({@link ScalarColumn.VarcharColumn}, {@link ScalarColumn.JsonColumn}, {@link ScalarColumn.BoolColumn},
 * {@link ScalarColumn.IntegerColumn}, {@link ScalarColumn.FloatingColumn}, {@link ScalarColumn.ArrayColumn}; for
 * {@link #VECTOR}, when its field says which vectors, {@link ScalarColumn.FloatVectorColumn},
 * {@link ScalarColumn.ByteVectorColumn}, {@link ScalarColumn.SparseVectorColumn}). A Milvus 2.x source copying into Milvus
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
     * A GEOMETRY field (Milvus 2.6.4+, Milvus Lite 3.x): one Well-Known Text value a row, in the
     * {@code geometry_wkt_data} slot of its FieldData, as servers return it and as inserts take it; typed, a
     * {@link ScalarColumn.VarcharColumn} of this type.
     */
    GEOMETRY,
    /**
     * A TIMESTAMPTZ field (Milvus 2.6+, Milvus Lite 3.x): one ISO 8601 timestamp with its UTC offset a row
     * ({@code 2024-05-06T07:08:09.123+08:00}, {@code ...Z}), in the {@code string_data} slot of its FieldData, as
     * servers return it and as inserts take it; the offset makes each value one instant. Typed, an
     * {@link ScalarColumn.IntegerColumn} of this type: microseconds since 1970-01-01T00:00:00Z ({@link Timestamptz}).
     */
    TIMESTAMPTZ,
    /**
     * An ARRAY of STRUCT field (Milvus 2.6+): per row, a list of structs, carried as one FieldData whose
     * {@code struct_arrays} hold a column per sub-field (ARRAY for scalars, ARRAY_OF_VECTOR for vectors). Carried
     * in wire form only, Milvus to Milvus.
     */
    STRUCT_ARRAY,
    /**
     * A vector field other than the batch's own vectors: a collection's second FLOAT_VECTOR, or its BINARY,
     * FLOAT16, BFLOAT16, INT8 or SPARSE_FLOAT vectors. Carried in wire form Milvus to Milvus; typed
     * ({@link ScalarField#vector()} says which type: {@link ScalarColumn.FloatVectorColumn},
     * {@link ScalarColumn.ByteVectorColumn}, {@link ScalarColumn.SparseVectorColumn}) into an HDF5 file and back.
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
