package io.milvusdm.dump;

import java.io.IOException;

/** The file formats of a dump, each as Milvus bulk import reads it. */
public enum DumpFormat {
    /** One folder per chunk, one {@code <field>.npy} per field: milvus-migration's layout. */
    NPY("npy"),
    /** One Parquet file per chunk, BulkWriter's layout: the format Milvus recommends for import. */
    PARQUET("parquet");

    private final String label;

    DumpFormat(String label) {
        this.label = label;
    }

    /** The name in configs and manifests. */
    public String label() {
        return label;
    }

    ChunkWriter open(DumpTarget target, ChunkPlan.Chunk chunk, DumpManifest.Schema schema) throws IOException {
        return switch (this) {
            case NPY -> new NpyChunkWriter(target, chunk, schema);
            case PARQUET -> new ParquetChunkWriter(target, chunk, schema);
        };
    }

    /** The names, relative to the dump's folder, of the files this format writes for a chunk. */
    java.util.List<String> fileNames(ChunkPlan.Chunk chunk, DumpManifest.Schema schema) {
        return switch (this) {
            case NPY -> schema.keyKind() == io.milvusdm.pipeline.KeyKind.NONE
                    ? java.util.List.of(NpyChunkWriter.vectorFile(chunk))
                    : java.util.List.of(NpyChunkWriter.keyFile(chunk), NpyChunkWriter.vectorFile(chunk));
            case PARQUET -> java.util.List.of(ParquetChunkWriter.file(chunk));
        };
    }

    /** The format a config or manifest names, or null when unknown. */
    public static DumpFormat of(String label) {
        for (DumpFormat format : values()) {
            if (format.label.equalsIgnoreCase(label)) {
                return format;
            }
        }
        return null;
    }
}
