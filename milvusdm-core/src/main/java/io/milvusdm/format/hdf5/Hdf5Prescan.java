package io.milvusdm.format.hdf5;

import io.milvusdm.format.FormatException;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.SourceSchema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Scans every file of a source and checks that they agree, so that a source that cannot be read whole fails
 * before the target is touched.
 *
 * @param files the scan of each file, in the spec's order
 * @param firstRows for each file, the global index of its first row (rows are numbered across files)
 * @param keys where primary keys come from
 * @param schema what the source produces
 */
record Hdf5Prescan(List<Hdf5FileScan> files, long[] firstRows, Keys keys, SourceSchema schema) {

    /** Where a source's primary keys come from. */
    enum Keys {
        /** Every file has an ids dataset. */
        STORED_IDS,
        /** No file has ids: a row's key is its global row index. */
        ROW_INDEX,
        /** Auto-id: the target generates keys. */
        NONE
    }

    static Hdf5Prescan run(Hdf5SourceSpec spec) throws IOException {
        if (spec.files().isEmpty()) {
            throw new IllegalArgumentException("an HDF5 source needs at least one file");
        }
        List<Hdf5FileScan> files = new ArrayList<>();
        for (int i = 0; i < spec.files().size(); i++) {
            files.add(Hdf5Scanner.scan(i, spec.files().get(i), spec));
        }
        Hdf5FileScan first = files.get(0);
        long[] firstRows = new long[files.size()];
        long total = 0;
        for (Hdf5FileScan file : files) {
            checkAgrees(first, file);
            firstRows[file.index()] = total;
            total = Math.addExact(total, file.rows());
        }
        Keys keys = keys(spec, files);
        SourceSchema schema = new SourceSchema(first.vectorType(), first.dimension(),
                keys == Keys.NONE ? KeyKind.NONE : KeyKind.INT64, Optional.empty(), total, first.scalarFields());
        return new Hdf5Prescan(List.copyOf(files), firstRows, keys, schema);
    }

    private static void checkAgrees(Hdf5FileScan first, Hdf5FileScan file) throws FormatException {
        if (first.vectorType() != file.vectorType() || first.dimension() != file.dimension()) {
            throw new FormatException("vectors disagree across files: " + first.path().getFileName() + " has "
                    + describe(first) + ", " + file.path().getFileName() + " has " + describe(file),
                    file.path(), -1);
        }
        if (!Objects.equals(first.fieldNames(), file.fieldNames())) {
            throw new FormatException("key and vector fields disagree across files: " + first.path().getFileName()
                    + " names them " + describe(first.fieldNames()) + ", " + file.path().getFileName() + " "
                    + describe(file.fieldNames()), file.path(), -1);
        }
        if (!first.scalarFields().equals(file.scalarFields())) {
            throw new FormatException("scalar fields disagree across files: " + first.path().getFileName() + " has "
                    + Hdf5ScalarScan.describe(first.scalars()) + ", " + file.path().getFileName() + " has "
                    + Hdf5ScalarScan.describe(file.scalars()), file.path(), -1);
        }
    }

    private static String describe(Hdf5ScalarSchema.FieldNames names) {
        return names == null ? "not at all" : "'" + names.key() + "' and '" + names.vector() + "'";
    }

    private static String describe(Hdf5FileScan file) {
        return file.vectorType() + " dim " + file.dimension() + " (" + file.vectors().dtype() + ")";
    }

    private static Keys keys(Hdf5SourceSpec spec, List<Hdf5FileScan> files) throws FormatException {
        if (spec.autoId()) {
            return Keys.NONE;
        }
        Hdf5FileScan withIds = files.stream().filter(f -> f.ids() != null).findFirst().orElse(null);
        Hdf5FileScan withoutIds = files.stream().filter(f -> f.ids() == null).findFirst().orElse(null);
        if (withIds != null && withoutIds != null) {
            throw new FormatException("some files have the ids dataset '" + spec.idsDataset() + "' and others not: "
                    + withIds.path().getFileName() + " has it, " + withoutIds.path().getFileName() + " has not",
                    withoutIds.path(), -1);
        }
        return withIds != null ? Keys.STORED_IDS : Keys.ROW_INDEX;
    }
}
