package io.milvusdm.pipeline;

/**
 * The scalar field types a batch can carry beside its keys and vectors, named as Milvus names them. Each has one
 * {@link ScalarColumn} implementation; a new type (INT64, DOUBLE, BOOL, ARRAY for Milvus to Milvus) is one more
 * constant here and one more record there.
 */
public enum ScalarType {
    /** UTF-8 strings of at most {@link ScalarField#maxLength()} bytes: {@link ScalarColumn.VarcharColumn}. */
    VARCHAR,
    /** One JSON document per row, as UTF-8 text: {@link ScalarColumn.JsonColumn}. */
    JSON
}
