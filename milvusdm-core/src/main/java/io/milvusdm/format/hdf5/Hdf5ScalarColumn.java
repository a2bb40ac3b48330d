package io.milvusdm.format.hdf5;

import io.milvusdm.pipeline.ScalarField;

/**
 * A scalar field of one file, as the pre-scan found it: its description in the {@code schema} attribute, its
 * values' dataset and, for a nullable field, its valid flags' dataset.
 *
 * @param valid the flags' dataset, or null when the field has none
 */
record Hdf5ScalarColumn(Hdf5ScalarSchema.StoredField stored, Hdf5Column values, Hdf5Column valid) {

    ScalarField field() {
        return stored.field();
    }

    /** Stored bytes a row takes in both datasets. */
    long rowBytes() {
        return values.rowBytes() + (valid == null ? 0 : valid.rowBytes());
    }
}
