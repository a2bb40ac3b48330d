package io.milvusdm.pipeline;

/**
 * The types of the columns a batch can carry beside its keys and its vectors, named as Milvus names them.
 * VARCHAR and JSON have columns of their own ({@link ScalarColumn.VarcharColumn}, {@link ScalarColumn.JsonColumn}),
 * which every sink can read. The others come from a Milvus 2.x source and travel in Milvus's own wire form
 * ({@link ScalarColumn.WireColumn}), for a Milvus target: they are written as they were read.
 */
public enum ScalarType {
    /** UTF-8 strings of at most {@link ScalarField#maxLength()} bytes: {@link ScalarColumn.VarcharColumn}. */
    VARCHAR,
    /** One JSON document per row, as UTF-8 text: {@link ScalarColumn.JsonColumn}. */
    JSON,
    BOOL,
    INT8,
    INT16,
    INT32,
    INT64,
    FLOAT,
    DOUBLE,
    /** An ARRAY field, of any element type. */
    ARRAY,
    /** Milvus's dynamic field ({@code $meta}): the JSON object of the keys no field declares. */
    DYNAMIC,
    /**
     * A GEOMETRY field (Milvus 2.6.4+, Milvus Lite 3.x): one Well-Known Text value a row, in the
     * {@code geometry_wkt_data} slot of its FieldData, as servers return it and as inserts take it.
     */
    GEOMETRY,
    /**
     * A TIMESTAMPTZ field (Milvus 2.6+, Milvus Lite 3.x): one ISO 8601 timestamp with its UTC offset a row
     * ({@code 2024-05-06T07:08:09.123+08:00}, {@code ...Z}), in the {@code string_data} slot of its FieldData, as
     * servers return it and as inserts take it; the offset makes each value one instant.
     */
    TIMESTAMPTZ,
    /**
     * An ARRAY of STRUCT field (Milvus 2.6+): per row, a list of structs, carried as one FieldData whose
     * {@code struct_arrays} hold a column per sub-field (ARRAY for scalars, ARRAY_OF_VECTOR for vectors).
     */
    STRUCT_ARRAY,
    /**
     * A vector field other than the batch's own vectors: a collection's second FLOAT_VECTOR, or its BINARY,
     * FLOAT16, BFLOAT16, INT8 or SPARSE_FLOAT vectors.
     */
    VECTOR;

    /** Whether columns of this type travel only as {@link ScalarColumn.WireColumn}. */
    public boolean isWireOnly() {
        return this != VARCHAR && this != JSON;
    }
}
