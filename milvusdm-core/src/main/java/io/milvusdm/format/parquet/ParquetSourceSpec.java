package io.milvusdm.format.parquet;

import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.VectorType;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to read from Parquet files of one object store: which columns are the key, the vectors and the scalar
 * fields. Other columns of the files are not read.
 *
 * @param files the objects' keys, read in this order; every file has the same columns
 * @param keyField the primary-key column (int64 or string), or null to read no keys (the target generates them)
 * @param vectorField the vector column: a list of float (FLOAT_VECTOR) or of uint8 (byte-encoded vectors)
 * @param byteVectorType what a list of uint8 holds: BINARY_VECTOR (packed bits, BulkWriter's binary vectors),
 *     FLOAT16_VECTOR or BFLOAT16_VECTOR (two raw little-endian bytes a dimension)
 * @param scalarFields the scalar columns to read, as the target declares them, each from a column of the type
 *     {@link ParquetLayout} writes for it (an integer field also from a narrower integer column, a DOUBLE field
 *     from a float one, a list from its legacy 2-level form)
 */
public record ParquetSourceSpec(List<String> files, String keyField, String vectorField, VectorType byteVectorType,
                                List<ScalarField> scalarFields) {

    public ParquetSourceSpec {
        files = List.copyOf(files);
        Objects.requireNonNull(vectorField, "vectorField");
        Objects.requireNonNull(byteVectorType, "byteVectorType");
        scalarFields = List.copyOf(scalarFields);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a Parquet source needs at least one file");
        }
        if (!byteVectorType.isByteEncoded()) {
            throw new IllegalArgumentException("byteVectorType must be a byte-encoded vector type, got " + byteVectorType);
        }
        Set<String> names = new HashSet<>();
        if (keyField != null) {
            names.add(keyField);
        }
        if (!names.add(vectorField)) {
            throw new IllegalArgumentException("column '" + vectorField + "' is both the key and the vectors");
        }
        for (ScalarField field : scalarFields) {
            if (!names.add(field.name())) {
                throw new IllegalArgumentException("column '" + field.name() + "' is named twice");
            }
        }
    }

    /** Keys and float or binary vectors, no scalar fields. */
    public static ParquetSourceSpec of(List<String> files, String keyField, String vectorField) {
        return new ParquetSourceSpec(files, keyField, vectorField, VectorType.BINARY_VECTOR, List.of());
    }
}
