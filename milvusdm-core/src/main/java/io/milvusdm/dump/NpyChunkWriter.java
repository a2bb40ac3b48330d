package io.milvusdm.dump;

import io.milvusdm.format.npy.NpyDtype;
import io.milvusdm.format.npy.NpyStreamWriter;
import io.milvusdm.format.npy.NpyUnicodeColumn;
import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.VectorBatch;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A chunk as Milvus's NumPy bulk import reads it, in milvus-migration's layout: one folder, one
 * {@code <field>.npy} per field, each named as its field: the key ({@code (rows,)} int64), the vectors
 * ({@code (rows, dim)} float32 or {@code (rows, dim/8)} uint8), then each scalar field as pymilvus's BulkWriter
 * saves it ({@code bulk_writer/constants.py NUMPY_TYPE_CREATOR}): BOOL {@code |b1}, INT8..INT64 {@code |i1},
 * {@code <i2}, {@code <i4}, {@code <i8}, FLOAT {@code <f4}, DOUBLE {@code <f8}; VARCHAR, JSON (its text), GEOMETRY
 * (its WKT) and the dynamic field ({@code $meta.npy}, a JSON object a row) as unicode {@code <U<n>}, {@code n} the
 * longest value's code points. {@link DumpFormat#check} has refused what the format cannot hold.
 *
 * <p>The row count is known before the first row, so fixed-width files stream straight into their objects, header
 * first; a unicode file's width is known only at the end, so its values are staged on local disk and written out
 * when the chunk is finished.
 */
final class NpyChunkWriter implements ChunkWriter {

    private final DumpTarget target;
    private final ChunkPlan.Chunk chunk;
    private final FieldFile keys;
    private final FieldFile vectors;
    private final List<FieldFile> scalars = new ArrayList<>();

    /**
     * One {@code .npy} file of the chunk: streamed ({@code array} set, its object open), or staged
     * ({@code strings} set, its object created at the end).
     */
    private static final class FieldFile {
        final String name;
        OutputStream object;
        HashingOutputStream hash;
        NpyStreamWriter array;
        NpyUnicodeColumn strings;

        FieldFile(String name) {
            this.name = name;
        }
    }

    NpyChunkWriter(DumpTarget target, ChunkPlan.Chunk chunk, DumpColumns columns) throws IOException {
        this.target = target;
        this.chunk = chunk;
        DumpManifest.Schema schema = columns.schema();
        FieldFile vectorFile = null;
        FieldFile keyFile = null;
        try {
            vectorFile = open(columns.vectorField());
            vectorFile.array = switch (schema.vectorType()) {
                case FLOAT_VECTOR -> NpyStreamWriter.float32(vectorFile.hash, vectorFile.name, chunk.rows(),
                        schema.dimension());
                case BINARY_VECTOR -> NpyStreamWriter.uint8(vectorFile.hash, vectorFile.name, chunk.rows(),
                        schema.dimension() / 8);
                default -> throw new DumpException("a NumPy dump holds float or binary vectors; the source has "
                        + schema.vectorType());
            };
            if (columns.hasKeys()) {
                keyFile = open(columns.keyField());
                keyFile.array = NpyStreamWriter.int64(keyFile.hash, keyFile.name, chunk.rows());
            }
            for (ScalarField field : columns.fields()) {
                scalars.add(scalarFile(field));
            }
        } catch (IOException | RuntimeException e) {
            // else a multipart upload (or temp file) would outlive the chunk
            forget(vectorFile);
            forget(keyFile);
            scalars.forEach(this::forget);
            throw e;
        }
        this.vectors = vectorFile;
        this.keys = keyFile;
    }

    /** The files of a chunk, in manifest order: key, vectors, scalar fields. */
    static List<String> files(ChunkPlan.Chunk chunk, DumpColumns columns) {
        List<String> names = new ArrayList<>();
        if (columns.hasKeys()) {
            names.add(file(chunk, columns.keyField()));
        }
        names.add(file(chunk, columns.vectorField()));
        columns.fields().forEach(field -> names.add(file(chunk, field.name())));
        return names;
    }

    private static String file(ChunkPlan.Chunk chunk, String field) {
        return chunk.name() + "/" + field + ".npy";
    }

    private FieldFile open(String field) throws IOException {
        FieldFile file = new FieldFile(file(chunk, field));
        file.object = target.store().create(target.key(file.name));
        file.hash = new HashingOutputStream(file.object);
        return file;
    }

    private FieldFile scalarFile(ScalarField field) throws IOException {
        NpyDtype dtype = switch (field.type()) {
            case BOOL -> NpyDtype.BOOL;
            case INT8 -> NpyDtype.int_(1);
            case INT16 -> NpyDtype.int_(2);
            case INT32 -> NpyDtype.int_(4);
            case INT64 -> NpyDtype.int_(8);
            case FLOAT -> NpyDtype.float_(4);
            case DOUBLE -> NpyDtype.float_(8);
            default -> null;
        };
        if (dtype == null) {
            FieldFile file = new FieldFile(file(chunk, field.name()));
            file.strings = NpyUnicodeColumn.create(target.describe() + "/" + file.name, null);
            return file;
        }
        FieldFile file = open(field.name());
        file.array = NpyStreamWriter.column(file.hash, file.name, dtype, chunk.rows());
        return file;
    }

    @Override
    public void write(VectorBatch batch) throws IOException {
        if (keys != null) {
            if (!(batch.keys() instanceof PrimaryKeys.Int64Keys int64)) {
                throw new DumpException("split " + batch.split().id() + " has no INT64 ids");
            }
            keys.array.write(int64.values(), 0, int64.values().length);
        }
        if (batch.vectors() instanceof FloatVectors f) {
            vectors.array.write(f.values(), 0, f.rowCount() * f.dimension());
        } else if (batch.vectors() instanceof ByteVectors b) {
            vectors.array.write(b.values(), 0, b.values().length);
        }
        List<ScalarColumn> columns = batch.scalarColumns();
        if (columns.size() != scalars.size()) {
            throw new DumpException("split " + batch.split().id() + " has " + columns.size() + " scalar columns, "
                    + chunk.name() + " holds " + scalars.size());
        }
        for (int c = 0; c < columns.size(); c++) {
            write(scalars.get(c), columns.get(c), batch);
        }
    }

    private static void write(FieldFile file, ScalarColumn column, VectorBatch batch) throws IOException {
        if (column.nullCount() > 0) {
            throw new DumpException("column '" + column.name() + "' of split " + batch.split().id() + " has "
                    + column.nullCount() + " nulls, which a .npy file cannot hold");
        }
        int rows = column.rowCount();
        if (column instanceof ScalarColumn.BoolColumn bools) {
            file.array.write(bools.values(), 0, rows);
        } else if (column instanceof ScalarColumn.IntegerColumn ints) {
            file.array.write(ints.values(), 0, rows);
        } else if (column instanceof ScalarColumn.FloatingColumn floats) {
            file.array.write(floats.values(), 0, rows);
        } else if (column instanceof ScalarColumn.VarcharColumn strings) {
            for (String value : strings.values()) {
                file.strings.add(value);
            }
        } else if (column instanceof ScalarColumn.JsonColumn documents) {
            for (byte[] value : documents.values()) {
                file.strings.add(new String(value, StandardCharsets.UTF_8));
            }
        } else {
            throw new DumpException("column '" + column.name() + "' (" + column.type() + ") of split "
                    + batch.split().id() + " has no .npy form");
        }
    }

    /** -1: each header states the chunk's row count before its first row, so a chunk cannot end early. */
    @Override
    public long bytesWritten() {
        return -1;
    }

    @Override
    public List<DumpManifest.FileEntry> finishEarly() {
        throw new UnsupportedOperationException("a NumPy chunk's headers hold its row count: it cannot end early");
    }

    @Override
    public List<DumpManifest.FileEntry> finish() throws IOException {
        List<DumpManifest.FileEntry> files = new ArrayList<>();
        if (keys != null) {
            files.add(close(keys));
        }
        files.add(close(vectors));
        for (FieldFile file : scalars) {
            if (file.strings != null) {
                file.object = target.store().create(target.key(file.name));
                file.hash = new HashingOutputStream(file.object);
                file.strings.writeTo(file.hash);
                file.strings.close();
            } else {
                file.array.finish();
            }
            file.object.close();
            files.add(new DumpManifest.FileEntry(file.name, file.hash.bytes(), file.hash.sha256Hex()));
        }
        return files;
    }

    private static DumpManifest.FileEntry close(FieldFile file) throws IOException {
        file.array.finish();
        file.object.close();
        return new DumpManifest.FileEntry(file.name, file.hash.bytes(), file.hash.sha256Hex());
    }

    @Override
    public void abandon() {
        // objects not closed are not committed (the manifest, written last, never names them)
        forget(keys);
        forget(vectors);
        scalars.forEach(this::forget);
    }

    private void forget(FieldFile file) {
        if (file == null) {
            return;
        }
        if (file.object != null) {
            target.forget(file.object);
        }
        if (file.strings != null) {
            try {
                file.strings.close();
            } catch (IOException e) {
                // a staging file left in the temporary folder; nothing of the dump refers to it
            }
        }
    }
}
