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
     * A vector field other than the batch's own vectors: a collection's second FLOAT_VECTOR, or its BINARY,
     * FLOAT16, BFLOAT16 or SPARSE_FLOAT vectors.
     */
    VECTOR;

    /** Whether columns of this type travel only as {@link ScalarColumn.WireColumn}. */
    public boolean isWireOnly() {
        return this != VARCHAR && this != JSON;
    }
}
