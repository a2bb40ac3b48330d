package io.milvusdm.format.hdf5;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What to read from HDF5 files.
 *
 * @param files the files, in order; rows are numbered across them in this order
 * @param layout the dataset layout
 * @param vectorDataset the dataset holding vectors: {@code embeddings} for MilvusDM files, {@code train} or
 *     {@code test} (or another name) for ann-benchmarks files
 * @param idsDataset the dataset holding int64 ids, or {@code null} when there is none to read (ann-benchmarks)
 * @param autoId ignore stored ids and let the target generate them
 */
public record Hdf5SourceSpec(List<Path> files, Hdf5Layout layout, String vectorDataset, String idsDataset,
                             boolean autoId) {

    public Hdf5SourceSpec {
        files = List.copyOf(files);
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(vectorDataset, "vectorDataset");
    }

    public static Hdf5SourceSpec milvusdm(List<Path> files, boolean autoId) {
        return new Hdf5SourceSpec(files, Hdf5Layout.MILVUSDM, "embeddings", "ids", autoId);
    }

    public static Hdf5SourceSpec annBenchmarks(List<Path> files, String dataset) {
        return new Hdf5SourceSpec(files, Hdf5Layout.ANN_BENCHMARKS, dataset, null, false);
    }
}
