package io.milvusdm.format.hdf5;

import io.milvusdm.pipeline.VectorType;

import io.milvusdm.pipeline.ScalarField;

import java.nio.file.Path;
import java.util.List;

/**
 * What the pre-scan found in one file of a source.
 *
 * @param index the file's position in the source
 * @param path the file
 * @param vectors the vector dataset
 * @param ids the ids dataset, or {@code null} when the file has none or ids are not read (auto-id)
 * @param vectorType the Milvus vector type the dataset maps to
 * @param dimension the Milvus dimension (bits for binary vectors)
 * @param scalars the scalar fields' datasets, in the schema attribute's order; empty without one
 */
record Hdf5FileScan(int index, Path path, Hdf5Column vectors, Hdf5Column ids, VectorType vectorType,
                    int dimension, List<Hdf5ScalarColumn> scalars, Hdf5ScalarSchema.FieldNames fieldNames) {

    Hdf5FileScan {
        scalars = List.copyOf(scalars);
    }

    /** The scalar fields, in order. */
    List<ScalarField> scalarFields() {
        return scalars.stream().map(Hdf5ScalarColumn::field).toList();
    }

    /** Stored bytes a row's scalar values take. */
    long scalarBytesPerRow() {
        return scalars.stream().mapToLong(Hdf5ScalarColumn::rowBytes).sum();
    }

    long rows() {
        return vectors.rows();
    }

    /** Bytes of one row's vector in a batch (float32 or packed bits), whatever the stored type. */
    long payloadBytesPerRow() {
        return vectorType.bytesPerRow(dimension);
    }
}
