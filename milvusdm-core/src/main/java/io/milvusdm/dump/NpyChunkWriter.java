package io.milvusdm.dump;

import io.milvusdm.format.npy.NpyStreamWriter;
import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.storage.ObjectStore;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A chunk as Milvus's NumPy bulk import reads it, in milvus-migration's layout: one folder, one
 * {@code <field>.npy} per field ({@code id.npy} int64 {@code (rows,)}, {@code data.npy} float32
 * {@code (rows, dim)} or uint8 {@code (rows, dim/8)}). The row count is known before the first row, so each file
 * streams straight into its object, header first.
 */
final class NpyChunkWriter implements ChunkWriter {

    private final DumpTarget target;
    private final String keyName;
    private final String vectorName;
    private final OutputStream keyObject;
    private final HashingOutputStream keyHash;
    private final NpyStreamWriter keys;
    private final OutputStream vectorObject;
    private final HashingOutputStream vectorHash;
    private final NpyStreamWriter vectors;

    NpyChunkWriter(DumpTarget target, ChunkPlan.Chunk chunk, DumpManifest.Schema schema) throws IOException {
        this.target = target;
        ObjectStore store = target.store();
        this.vectorName = vectorFile(chunk);
        this.vectorObject = store.create(target.key(vectorName));
        this.vectorHash = new HashingOutputStream(vectorObject);
        this.vectors = switch (schema.vectorType()) {
            case FLOAT_VECTOR -> NpyStreamWriter.float32(vectorHash, vectorName, chunk.rows(), schema.dimension());
            case BINARY_VECTOR -> NpyStreamWriter.uint8(vectorHash, vectorName, chunk.rows(), schema.dimension() / 8);
            default -> throw new DumpException("a NumPy dump holds float or binary vectors; the source has "
                    + schema.vectorType());
        };
        if (schema.keyKind() == KeyKind.INT64) {
            this.keyName = keyFile(chunk);
            try {
                this.keyObject = store.create(target.key(keyName));
            } catch (IOException | RuntimeException e) {
                target.forget(vectorObject); // else its multipart upload (or temp file) would outlive the chunk
                throw e;
            }
            this.keyHash = new HashingOutputStream(keyObject);
            this.keys = NpyStreamWriter.int64(keyHash, keyName, chunk.rows());
        } else {
            this.keyName = null;
            this.keyObject = null;
            this.keyHash = null;
            this.keys = null;
        }
    }

    static String vectorFile(ChunkPlan.Chunk chunk) {
        return chunk.name() + "/" + DumpTarget.VECTOR_FIELD + ".npy";
    }

    static String keyFile(ChunkPlan.Chunk chunk) {
        return chunk.name() + "/" + DumpTarget.KEY_FIELD + ".npy";
    }

    @Override
    public void write(VectorBatch batch) throws IOException {
        if (!batch.scalarColumns().isEmpty()) {
            throw new DumpException("a NumPy dump holds ids and vectors only; split " + batch.split().id()
                    + " carries scalar columns");
        }
        if (keys != null) {
            if (!(batch.keys() instanceof PrimaryKeys.Int64Keys int64)) {
                throw new DumpException("split " + batch.split().id() + " has no INT64 ids");
            }
            keys.write(int64.values(), 0, int64.values().length);
        }
        if (batch.vectors() instanceof FloatVectors f) {
            vectors.write(f.values(), 0, f.rowCount() * f.dimension());
        } else if (batch.vectors() instanceof ByteVectors b) {
            vectors.write(b.values(), 0, b.values().length);
        }
    }

    @Override
    public List<DumpManifest.FileEntry> finish() throws IOException {
        List<DumpManifest.FileEntry> files = new ArrayList<>();
        if (keys != null) {
            keys.finish();
            keyObject.close();
            files.add(new DumpManifest.FileEntry(keyName, keyHash.bytes(), keyHash.sha256Hex()));
        }
        vectors.finish();
        vectorObject.close();
        files.add(new DumpManifest.FileEntry(vectorName, vectorHash.bytes(), vectorHash.sha256Hex()));
        return files;
    }

    @Override
    public void abandon() {
        // objects not closed are not committed (the manifest, written last, never names them)
        target.forget(keyObject);
        target.forget(vectorObject);
    }
}
