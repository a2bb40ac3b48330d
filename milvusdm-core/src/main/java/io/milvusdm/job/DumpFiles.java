package io.milvusdm.job;

import io.milvusdm.dump.DumpException;
import io.milvusdm.dump.DumpFormat;
import io.milvusdm.dump.DumpManifest;
import io.milvusdm.dump.DumpTarget;
import io.milvusdm.format.npy.NpySource;
import io.milvusdm.format.npy.NpySourceSpec;
import io.milvusdm.format.parquet.ParquetSource;
import io.milvusdm.format.parquet.ParquetSourceSpec;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.Source;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.VectorType;
import io.milvusdm.storage.LocalObjectStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A dump's chunks read back as one source, in chunk order, for batched inserts: Parquet from any store, NumPy from a
 * local folder. A list of bytes (Parquet) or a uint8 array (NumPy) holds binary vectors, or FLOAT16/BFLOAT16 ones
 * when the manifest says so: the files alone cannot tell them apart, so the manifest decides, and the files must
 * then agree with it.
 */
final class DumpFiles {

    private DumpFiles() {
    }

    /**
     * Opens the chunks' files (pre-scanning them) and checks that they hold the manifest's vector type and dimension.
     *
     * @param reason why the dump is read rather than imported, for the message that refuses a NumPy dump in a bucket
     * @throws DumpException when a chunk lacks a file or the files' vectors are not the manifest's
     */
    static Source open(DumpTarget dump, DumpManifest manifest, List<DumpManifest.Chunk> chunks, String reason)
            throws IOException {
        Source source = openUnchecked(dump, manifest, chunks, reason);
        try {
            check(source.schema(), manifest, dump);
            return source;
        } catch (IOException | RuntimeException e) {
            source.close();
            throw e;
        }
    }

    private static Source openUnchecked(DumpTarget dump, DumpManifest manifest, List<DumpManifest.Chunk> chunks,
                                        String reason) throws IOException {
        List<ScalarField> fields = manifest.schema().scalarFields(where(dump));
        VectorType byteVectors = byteVectorType(manifest);
        if (DumpFormat.PARQUET.label().equals(manifest.fileFormat())) {
            List<String> keys = new ArrayList<>();
            for (DumpManifest.Chunk chunk : chunks) {
                for (DumpManifest.FileEntry file : chunk.files()) {
                    keys.add(dump.key(file.key()));
                }
            }
            return ParquetSource.open(dump.store(), new ParquetSourceSpec(keys, manifest.keyField(),
                    manifest.vectorField(), byteVectors, fields));
        }
        if (!(dump.store() instanceof LocalObjectStore local)) {
            throw new DumpException("batched inserts read NumPy dumps from a local folder; " + reason + ", and "
                    + dump.describe() + " is a bucket: copy the dump to a local folder (target.mode local), or dump"
                    + " as parquet");
        }
        List<NpySourceSpec.NpyFiles> files = new ArrayList<>();
        for (DumpManifest.Chunk chunk : chunks) {
            Map<String, Path> byName = new HashMap<>();
            for (DumpManifest.FileEntry file : chunk.files()) {
                String name = file.key().substring(file.key().lastIndexOf('/') + 1);
                byName.put(name.substring(0, name.length() - ".npy".length()), local.file(dump.key(file.key())));
            }
            Path vectors = byName.get(manifest.vectorField());
            if (vectors == null) {
                throw new DumpException(chunk.name() + " of " + dump.describe() + " has no " + manifest.vectorField()
                        + ".npy");
            }
            Path ids = manifest.keyField() == null ? null : byName.get(manifest.keyField());
            List<Path> scalars = new ArrayList<>();
            for (ScalarField field : fields) {
                Path file = byName.get(field.name());
                if (file == null) {
                    throw new DumpException(chunk.name() + " of " + dump.describe() + " has no " + field.name()
                            + ".npy, which the manifest's field " + field.describe() + " needs");
                }
                scalars.add(file);
            }
            files.add(new NpySourceSpec.NpyFiles(vectors, ids, scalars));
        }
        return NpySource.open(new NpySourceSpec(files, manifest.keyField() == null, byteVectors, fields));
    }

    /** What bytes in the files hold: the manifest's type when it is byte-encoded (for float vectors, unused). */
    static VectorType byteVectorType(DumpManifest manifest) {
        VectorType type = manifest.schema().vectorType();
        return type != null && type.isByteEncoded() ? type : VectorType.BINARY_VECTOR;
    }

    /**
     * The files' vectors against the manifest's, before a collection is created from either.
     *
     * @throws DumpException naming the dump, what the manifest declares and what the files hold
     */
    static void check(SourceSchema files, DumpManifest manifest, DumpTarget dump) throws DumpException {
        DumpManifest.Schema declared = manifest.schema();
        if (files.vectorType() != declared.vectorType() || files.dimension() != declared.dimension()) {
            throw new DumpException("dump " + dump.describe() + ": " + DumpManifest.FILE_NAME + " declares "
                    + declared.vectorType() + " of dimension " + declared.dimension() + " in field '"
                    + manifest.vectorField() + "', but its " + manifest.fileFormat() + " files hold "
                    + files.vectorType() + " of dimension " + files.dimension() + "; nothing was loaded");
        }
    }

    static String where(DumpTarget dump) {
        return dump.describe() + "/" + DumpManifest.FILE_NAME;
    }
}
