package io.milvusdm.format.hdf5;

import io.milvusdm.pipeline.ScalarField;

/**
 * A scalar or vector field of one file, as the pre-scan found it: its description in the {@code schema} attribute,
 * its values' dataset (a sparse vector field's entries' values), for a sparse vector field its offsets and indices,
 * and, for a nullable field, its valid flags' dataset.
 *
 * @param valid the flags' dataset, or null when the field has none
 * @param indptr a sparse vector field's offsets, rows + 1; else null
 * @param indices a sparse vector field's entries' indices; else null
 */
record Hdf5ScalarColumn(Hdf5ScalarSchema.StoredField stored, Hdf5Column values, Hdf5Column valid, Hdf5Column indptr,
                        Hdf5Column indices) {

    Hdf5ScalarColumn(Hdf5ScalarSchema.StoredField stored, Hdf5Column values, Hdf5Column valid) {
        this(stored, values, valid, null, null);
    }

    ScalarField field() {
        return stored.field();
    }

    /** Stored bytes a row takes in its datasets; a sparse field's at the file's average entries a row. */
    long rowBytes() {
        long flags = valid == null ? 0 : valid.rowBytes();
        if (indptr == null) {
            return values.rowBytes() + flags;
        }
        long entries = values.rows() / Math.max(1, indptr.rows() - 1) + 1;
        return indptr.elementSize() + entries * (indices.elementSize() + values.elementSize()) + flags;
    }
}
