package io.milvusdm.format.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.milvusdm.format.FormatException;
import io.milvusdm.format.UnsupportedFormatException;
import io.milvusdm.format.hdf5.Hdf5Column.ValueKind;
import io.milvusdm.pipeline.VectorType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The pre-scan of one file: opens it, finds the vector and ids datasets (and, in MilvusDM's layout, the scalar
 * datasets its {@code schema} attribute names: {@link Hdf5ScalarScan}), checks their types and shapes and that
 * their bytes are inside the file. Reads no vector.
 */
final class Hdf5Scanner {

    private Hdf5Scanner() {
    }

    static Hdf5FileScan scan(int index, Path file, Hdf5SourceSpec spec) throws IOException {
        long fileSize = Files.size(file);
        try (HdfFile hdf = Hdf5Files.open(file)) {
            try {
                return scan(index, file, spec, hdf, fileSize);
            } catch (RuntimeException e) {
                throw Hdf5Files.wrap(file, "cannot read the HDF5 structure", e);
            }
        }
    }

    private static Hdf5FileScan scan(int index, Path file, Hdf5SourceSpec spec, HdfFile hdf, long fileSize)
            throws FormatException {
        checkNotTruncated(file, hdf, fileSize);
        List<String> present = Hdf5Files.datasetPaths(hdf);
        if (present.isEmpty()) {
            throw new FormatException("the HDF5 file holds no dataset; expected '" + spec.vectorDataset() + "'",
                    file, -1);
        }
        Dataset vectorDataset = Hdf5Files.findDataset(hdf, file, spec.vectorDataset());
        if (vectorDataset == null) {
            throw new FormatException("dataset '" + spec.vectorDataset() + "' not found; the file holds "
                    + present, file, -1);
        }
        Hdf5Column vectors = Hdf5Columns.describe(file, hdf, vectorDataset, fileSize);
        VectorType type = vectorType(file, vectors);
        int dimension = dimension(file, vectors, type);
        Hdf5Column ids = null;
        if (!spec.autoId() && spec.idsDataset() != null) {
            Dataset idsDataset = Hdf5Files.findDataset(hdf, file, spec.idsDataset());
            if (idsDataset != null) {
                ids = Hdf5Columns.describe(file, hdf, idsDataset, fileSize);
                checkIds(file, ids, vectors);
            }
        }
        boolean milvusdm = spec.layout() == Hdf5Layout.MILVUSDM;
        List<Hdf5ScalarColumn> scalars = milvusdm ? Hdf5ScalarScan.scan(file, hdf, fileSize, vectors.rows()) : List.of();
        Hdf5ScalarSchema.FieldNames names = null;
        if (milvusdm) {
            // a file without the schema attribute (MilvusDM's own) stands for MilvusDM's names
            names = Hdf5ScalarScan.fieldNames(file, hdf);
            names = names != null ? names : new Hdf5ScalarSchema.FieldNames(Hdf5ScalarSchema.DEFAULT_KEY_NAME,
                    Hdf5ScalarSchema.DEFAULT_VECTOR_NAME);
        }
        return new Hdf5FileScan(index, file, vectors, ids, type, dimension, scalars, names);
    }

    /**
     * A file cut short still parses when the cut falls in the data, so compare the end-of-file address the
     * writer recorded in the superblock (as libhdf5 does) with the real size. (With a user block, h5py's files
     * have this address equal to the file size: it counts the user block.)
     */
    private static void checkNotTruncated(Path file, HdfFile hdf, long fileSize) throws FormatException {
        long recordedEnd = hdf.getHdfBackingStorage().getSuperblock().getEndOfFileAddress();
        if (recordedEnd > fileSize) {
            throw new FormatException("file is truncated: the superblock records 0x" + Long.toHexString(recordedEnd)
                    + " bytes, found 0x" + Long.toHexString(fileSize), file, fileSize);
        }
    }

    private static VectorType vectorType(Path file, Hdf5Column vectors) throws FormatException {
        if (vectors.kind() == ValueKind.FLOAT && (vectors.elementSize() == 4 || vectors.elementSize() == 8)
                && isRank2(vectors)) {
            return VectorType.FLOAT_VECTOR;
        }
        if (vectors.kind() == ValueKind.UNSIGNED_INT && vectors.elementSize() == 1 && isRank2(vectors)) {
            return VectorType.BINARY_VECTOR;
        }
        if (vectors.kind() == ValueKind.FIXED_BYTES && !isRank2(vectors)) {
            return VectorType.BINARY_VECTOR;
        }
        throw new UnsupportedFormatException("vector dataset '" + vectors.dataset() + "' is " + vectors.dtype()
                + " with " + vectors.rank() + " dimension(s); expected 2-D float32 or float64"
                + " (float vectors), 2-D uint8 or 1-D fixed-length bytes |S<n> (binary vectors)", file, -1);
    }

    private static boolean isRank2(Hdf5Column column) {
        return column.rank() == 2;
    }

    private static int dimension(Path file, Hdf5Column vectors, VectorType type) throws FormatException {
        long dimension = type == VectorType.FLOAT_VECTOR ? vectors.elementsPerRow() : vectors.rowBytes() * 8;
        if (dimension <= 0 || dimension > Integer.MAX_VALUE) {
            throw new FormatException("vector dataset '" + vectors.dataset() + "' has dimension " + dimension,
                    file, -1);
        }
        return (int) dimension;
    }

    private static void checkIds(Path file, Hdf5Column ids, Hdf5Column vectors) throws FormatException {
        boolean integer = ids.kind() == ValueKind.SIGNED_INT && ids.elementSize() <= 8
                || ids.kind() == ValueKind.UNSIGNED_INT && ids.elementSize() <= 4;
        if (!integer || ids.elementsPerRow() != 1) {
            String why = ids.kind() == ValueKind.UNSIGNED_INT && ids.elementSize() == 8
                    ? " (uint64 ids may not fit Milvus's int64 keys)" : "";
            throw new UnsupportedFormatException("ids dataset '" + ids.dataset() + "' is " + ids.dtype()
                    + (ids.rank() == 2 ? " with " + ids.elementsPerRow() + " columns" : "")
                    + "; expected 1-D int64 or a narrower integer type" + why, file, -1);
        }
        if (ids.rows() != vectors.rows()) {
            throw new FormatException("ids count " + ids.rows() + " != vectors count " + vectors.rows(), file, -1);
        }
    }
}
