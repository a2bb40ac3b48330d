package io.milvusdm.dump;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.VectorType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;

/**
 * What a dump holds: written last, as {@code manifest.json} beside the chunk folders, so a dump without one is
 * unfinished. Load reads it to create the collection, to name the files of each import job, to verify every file
 * (size and SHA-256) and to check the target's count; a second dump of the same source finds it and skips.
 *
 * <h2>Layout ({@value #FORMAT} version {@value #VERSION})</h2>
 * <pre>
 * {"format": "milvusdm-dump", "version": 2,
 *  "source": {"description": "faiss index /data/ivf.index", "fingerprint": "sha256 of what identifies it"},
 *  "collection": "test1w",
 *  "schema": {"vectorType": "FLOAT_VECTOR", "dimension": 128, "keyKind": "INT64", "metric": "L2", "totalRows": 10000,
 *             "fields": [{"name": "title", "type": "VARCHAR", "maxLength": 512, "nullable": true}, …]},
 *  "fileFormat": "npy", "keyField": "id", "vectorField": "embedding",
 *  "chunks": [{"name": "chunk-00000", "rows": 5000,
 *              "files": [{"key": "chunk-00000/id.npy", "bytes": 40128, "sha256": "…"}, …]}, …]}
 * </pre>
 * File keys are relative to the manifest's folder, so a dump can be moved or copied into Milvus's bucket whole.
 *
 * <p>Version 2 added {@code schema.fields}, the scalar fields (a Milvus 2.x collection's), each with a column in
 * every file ({@link DumpField}). A dump without scalar fields is still written as version 1, which every milvusdm
 * reads; one with them as version 2, so that an older milvusdm stops rather than load it without them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DumpManifest(String format, int version, SourceIdentity source, String collection, Schema schema,
                           String fileFormat, String keyField, String vectorField, List<Chunk> chunks) {

    public static final String FORMAT = "milvusdm-dump";
    public static final int VERSION = 2;
    /** The version of a dump without scalar fields. */
    static final int VERSION_WITHOUT_FIELDS = 1;
    public static final String FILE_NAME = "manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final com.fasterxml.jackson.databind.ObjectWriter ONE_LINE =
            JSON.writer().without(SerializationFeature.INDENT_OUTPUT);

    public DumpManifest {
        chunks = List.copyOf(chunks);
    }

    /**
     * What the dump was made from.
     *
     * @param description for people: the work mode and the files or collection
     * @param fingerprint SHA-256 over what identifies the source's content (paths, sizes, modification times,
     *     or a collection's name and row count): equal fingerprints mean the same data
     */
    public record SourceIdentity(String description, String fingerprint) {
    }

    /**
     * The rows' shape, as the source declared it.
     *
     * @param fields the scalar fields, in column order; empty (and not written) when there are none
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Schema(VectorType vectorType, int dimension, KeyKind keyKind, String metric, long totalRows,
                         List<DumpField> fields) {

        public Schema {
            fields = fields == null ? List.of() : List.copyOf(fields);
        }

        /** Keys and vectors only. */
        public Schema(VectorType vectorType, int dimension, KeyKind keyKind, String metric, long totalRows) {
            this(vectorType, dimension, keyKind, metric, totalRows, List.of());
        }

        /** The schema a dump of a source of {@code schema} records. */
        public static Schema of(SourceSchema schema) {
            return new Schema(schema.vectorType(), schema.dimension(), schema.keyKind(), schema.metric().orElse(null),
                    schema.totalRows(), schema.scalarFields().stream().map(DumpField::of).toList());
        }

        /** As {@code manifest.json} holds it, on one line: for messages, and for ledger identities. */
        public static String describe(Schema schema) {
            try {
                return ONE_LINE.writeValueAsString(schema);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("a schema always serialises", e);
            }
        }

        /**
         * The scalar fields as the pipeline declares them.
         *
         * @param where the manifest, for messages
         */
        public List<ScalarField> scalarFields(String where) throws DumpException {
            List<ScalarField> scalars = new java.util.ArrayList<>();
            for (DumpField field : fields) {
                scalars.add(field.toField(where));
            }
            return scalars;
        }
    }

    /** The version a manifest with this schema is written as: 1 without scalar fields, else {@link #VERSION}. */
    static int versionFor(Schema schema) {
        return schema.fields().isEmpty() ? VERSION_WITHOUT_FIELDS : VERSION;
    }

    /** One import job's files: a folder of one {@code <field>.npy} per field, or one Parquet file. */
    public record Chunk(String name, long rows, List<FileEntry> files) {
        public Chunk {
            files = List.copyOf(files);
        }
    }

    /** A file of a chunk, with what load verifies before it trusts it. */
    public record FileEntry(String key, long bytes, String sha256) {
        public FileEntry {
            Objects.requireNonNull(key, "key");
        }
    }

    public long totalRows() {
        return chunks.stream().mapToLong(Chunk::rows).sum();
    }

    public void write(OutputStream out) throws IOException {
        JSON.writeValue(out, this);
    }

    /**
     * @param where the manifest's location, for messages
     * @throws DumpException when it is not a manifest of a version this build reads
     */
    public static DumpManifest read(InputStream in, String where) throws IOException {
        DumpManifest manifest;
        try {
            manifest = JSON.readValue(in, DumpManifest.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new DumpException("manifest " + where + " is not valid: " + e.getOriginalMessage());
        }
        if (!FORMAT.equals(manifest.format())) {
            throw new DumpException("manifest " + where + ": expected format '" + FORMAT + "', found '"
                    + manifest.format() + "'");
        }
        if (manifest.version() < 1 || manifest.version() > VERSION) {
            throw new DumpException("manifest " + where + " has version " + manifest.version() + "; this milvusdm reads"
                    + " version 1.." + VERSION + " (a newer milvusdm wrote it?)");
        }
        if (manifest.schema() == null || manifest.chunks() == null) {
            throw new DumpException("manifest " + where + " has no schema or no chunks");
        }
        // a key missing here would surface later as a NullPointerException, or a null fileFormat be read as npy
        require(manifest.source(), "source", where);
        require(manifest.source().fingerprint(), "source.fingerprint", where);
        require(manifest.schema().vectorType(), "schema.vectorType", where);
        require(manifest.schema().keyKind(), "schema.keyKind", where);
        require(manifest.fileFormat(), "fileFormat", where);
        if (DumpFormat.of(manifest.fileFormat()) == null) {
            throw new DumpException("manifest " + where + ": expected fileFormat 'npy' or 'parquet', found '"
                    + manifest.fileFormat() + "'");
        }
        require(manifest.vectorField(), "vectorField", where);
        if (manifest.schema().keyKind() != KeyKind.NONE) {
            require(manifest.keyField(), "keyField (schema.keyKind is " + manifest.schema().keyKind() + ")", where);
        }
        return manifest;
    }

    private static void require(Object value, String key, String where) throws DumpException {
        if (value == null || value instanceof String text && text.isBlank()) {
            throw new DumpException("manifest " + where + " has no " + key + "; a milvusdm dump's manifest always"
                    + " has it (was the file edited or written by another tool?)");
        }
    }
}
