package io.milvusdm.dump;

import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.ScalarField;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * Checks, before anything is written, that this format holds every column of the dump.
     *
     * <p>Milvus's NumPy import (importutilv2/numpy) reads a {@code .npy} file of a fixed-width dtype per field: no
     * nulls (it takes every row of a file as a value), no ARRAY ({@code checkUnsupportedDataType}), and no
     * TIMESTAMPTZ (its header check accepts string dtypes for VARCHAR, JSON and GEOMETRY only). Parquet holds every
     * scalar type, and one vector field.
     *
     * @param what the source, for the message
     * @throws DumpException naming every field the format cannot hold, and why
     */
    void check(DumpColumns columns, String what) throws DumpException {
        Map<String, List<String>> refused = new LinkedHashMap<>();
        DumpManifest.Schema schema = columns.schema();
        if (this == NPY && schema.keyKind() == KeyKind.VARCHAR) {
            refused.computeIfAbsent("a VARCHAR primary key (milvusdm's NumPy dumps hold INT64 keys, as"
                    + " milvus-migration's id.npy)", r -> new ArrayList<>()).add(columns.keyField());
        }
        for (ScalarField field : columns.fields()) {
            String why = switch (field.type()) {
                case VECTOR, STRUCT_ARRAY -> "another vector or a struct (a dump holds one vector field)";
                case ARRAY -> this == NPY ? "ARRAY (Milvus's NumPy import has none)" : null;
                case TIMESTAMPTZ -> this == NPY ? "TIMESTAMPTZ (Milvus's NumPy import reads no such file)" : null;
                default -> null;
            };
            if (why == null && this == NPY && field.nullable()) {
                why = "nullable (a .npy file has no nulls: Milvus's NumPy import takes every row as a value)";
            }
            if (why != null) {
                refused.computeIfAbsent(why, r -> new ArrayList<>()).add(field.name());
            }
        }
        if (!refused.isEmpty()) {
            List<String> groups = new ArrayList<>();
            refused.forEach((why, names) -> groups.add(why + ": " + String.join(", ", names)));
            throw new DumpException("a " + label + " dump cannot hold these fields of " + what + ": "
                    + String.join("; ", groups) + (this == NPY ? ". Dump it as parquet" : ""));
        }
    }

    ChunkWriter open(DumpTarget target, ChunkPlan.Chunk chunk, DumpColumns columns) throws IOException {
        return switch (this) {
            case NPY -> new NpyChunkWriter(target, chunk, columns);
            case PARQUET -> new ParquetChunkWriter(target, chunk, columns);
        };
    }

    /** The names, relative to the dump's folder, of the files this format writes for a chunk. */
    List<String> fileNames(ChunkPlan.Chunk chunk, DumpColumns columns) {
        return switch (this) {
            case NPY -> NpyChunkWriter.files(chunk, columns);
            case PARQUET -> List.of(ParquetChunkWriter.file(chunk));
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
