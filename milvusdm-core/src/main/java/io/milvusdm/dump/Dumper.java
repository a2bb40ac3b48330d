package io.milvusdm.dump;

import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.Ledger;
import io.milvusdm.pipeline.ProgressListener;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.Source;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a source into a dump: the splits grouped into chunks of at most {@link DumpOptions#chunkBytes()}, each
 * chunk written by one of {@link DumpOptions#workers()} workers, batch by batch straight into its objects, and
 * the manifest last. Memory is one batch per worker plus each file's write buffer, whatever the source's size.
 *
 * <p>A dump whose manifest names the same source fingerprint, file format, schema and key and vector column names,
 * and whose files are all there with their sizes, is not written again: the summary says it was recognised. Any
 * other earlier dump in the folder is replaced.
 */
public final class Dumper {

    private static final Logger LOG = LoggerFactory.getLogger(Dumper.class);
    /** The bytes a value of variable size is assumed to take when chunks are planned. */
    static final int NOMINAL_VALUE_BYTES = 64;

    private final Source source;
    private final DumpTarget target;
    private final DumpOptions options;
    private final ProgressListener progress;
    private final Ledger ledger;

    public Dumper(Source source, DumpTarget target, DumpOptions options, ProgressListener progress) {
        this(source, target, options, progress, null);
    }

    /**
     * @param ledger where written chunks are recorded, so that a dump interrupted and run again with the ledger
     *     opened for resume writes only the chunks it lacks; null for none
     */
    public Dumper(Source source, DumpTarget target, DumpOptions options, ProgressListener progress, Ledger ledger) {
        this.source = source;
        this.target = target;
        this.options = options;
        this.progress = progress;
        this.ledger = ledger;
    }

    /**
     * A dump in milvus-migration's names: {@code id} and {@code data}.
     *
     * @param identity what identifies the source's content, recorded in the manifest
     * @param collection the collection the dump is for
     */
    public DumpSummary run(DumpManifest.SourceIdentity identity, String collection) throws IOException {
        return run(identity, collection, DumpTarget.KEY_FIELD, DumpTarget.VECTOR_FIELD);
    }

    /**
     * @param identity what identifies the source's content, recorded in the manifest
     * @param collection the collection the dump is for
     * @param keyField the primary key's column (and field) name
     * @param vectorField the vectors' column (and field) name
     * @throws DumpException before anything is written when the format cannot hold a field of the source
     */
    public DumpSummary run(DumpManifest.SourceIdentity identity, String collection, String keyField,
                           String vectorField) throws IOException {
        long start = System.nanoTime();
        SourceSchema schema = source.schema();
        String withoutVectors = schema.withoutVectorsMessage("a " + options.format().label() + " dump of "
                + identity.description() + " holds one dense vector a row");
        if (withoutVectors != null) {
            throw new DumpException(withoutVectors);
        }
        DumpColumns columns = columns(schema, keyField, vectorField);
        options.format().check(columns, identity.description());
        DumpManifest.Schema manifestSchema = columns.schema();
        String writtenKeyField = schema.keyKind() == KeyKind.NONE ? null : keyField;
        DumpManifest existing = existingManifest();
        if (existing != null) {
            List<String> differences = differences(existing, identity, manifestSchema, writtenKeyField, vectorField);
            if (differences.isEmpty() && filesPresent(existing)) {
                LOG.info("{} already holds a dump of {}", target.describe(), identity.description());
                return new DumpSummary(true, existing, target.describe(), 0, seconds(start));
            }
            LOG.info("{} holds a dump that is not the one this run writes ({}); it is replaced", target.describe(),
                    differences.isEmpty() ? "files missing or of another size" : String.join("; ", differences));
            target.store().delete(target.manifestKey());
        }
        long bytesPerRow = schema.vectorType().bytesPerRow(schema.dimension())
                + (schema.keyKind() == KeyKind.NONE ? 0 : Long.BYTES) + scalarRowBytes(schema.scalarFields());
        // sources cut splits by vector payload; a chunk also holds the ids and scalar fields
        long vectorBytes = schema.vectorType().bytesPerRow(schema.dimension());
        List<Split> splits = source.splits(Math.max(vectorBytes, options.chunkBytes() / bytesPerRow * vectorBytes));
        List<ChunkPlan.Chunk> plan = ChunkPlan.plan(splits, bytesPerRow, options.chunkBytes());
        // a planned chunk is written as one or more manifest chunks (it ends early when its rows are larger)
        AtomicReferenceArray<List<DumpManifest.Chunk>> written = new AtomicReferenceArray<>(plan.size());
        List<ChunkPlan.Chunk> todo = new ArrayList<>();
        long resumedRows = 0;
        for (ChunkPlan.Chunk chunk : plan) {
            written.set(chunk.index(), resumed(chunk, columns));
            if (written.get(chunk.index()) == null) {
                todo.add(chunk);
            } else {
                resumedRows += chunk.rows();
            }
        }
        if (resumedRows > 0) {
            LOG.info("{}: {} of {} chunks were written by an earlier run", target.describe(),
                    plan.size() - todo.size(), plan.size());
        }
        progress.started(schema.totalRows(), resumedRows);
        try {
            runChunks(todo, columns, written);
        } finally {
            progress.finished();
        }
        List<DumpManifest.Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < written.length(); i++) {
            chunks.addAll(written.get(i));
        }
        long rows = 0;
        for (DumpManifest.Chunk chunk : chunks) {
            rows += chunk.rows();
        }
        if (rows != schema.totalRows()) {
            throw new DumpException("the source announced " + schema.totalRows() + " rows but " + rows
                    + " were dumped to " + target.describe());
        }
        DumpManifest manifest = new DumpManifest(DumpManifest.FORMAT, DumpManifest.versionFor(manifestSchema),
                identity, collection, manifestSchema, options.format().label(),
                writtenKeyField, vectorField, chunks);
        try (OutputStream out = target.store().create(target.manifestKey())) {
            manifest.write(out);
        }
        if (existing != null) {
            removeStale(existing, manifest);
        }
        return new DumpSummary(false, manifest, target.describe(), rows - resumedRows, seconds(start));
    }

    /**
     * Checks that {@code format} holds every column of a source of {@code schema}: a caller that sets up stores or
     * ledgers first calls this, so that a dump that cannot be written leaves nothing behind.
     *
     * @param what the source, for the message
     * @throws DumpException naming every field the format cannot hold, and why
     */
    public static void check(SourceSchema schema, DumpFormat format, String keyField, String vectorField,
                             String what) throws DumpException {
        format.check(columns(schema, keyField, vectorField), what);
    }

    private static DumpColumns columns(SourceSchema schema, String keyField, String vectorField) {
        return new DumpColumns(keyField, vectorField, DumpManifest.Schema.of(schema), schema.scalarFields());
    }

    /**
     * What makes an earlier dump other than the one this run would write: another source content, file format,
     * schema (vector type, dimension, key kind, metric, rows, scalar fields) or column names; empty when it is the
     * same dump. A source whose fingerprint stays (a collection recreated with the same rows but other fields) is
     * told apart by its schema.
     */
    private List<String> differences(DumpManifest existing, DumpManifest.SourceIdentity identity,
                                     DumpManifest.Schema schema, String keyField, String vectorField) {
        List<String> differences = new ArrayList<>();
        if (!existing.source().fingerprint().equals(identity.fingerprint())) {
            differences.add("another source: " + existing.source().description());
        }
        if (!existing.fileFormat().equals(options.format().label())) {
            differences.add("fileFormat " + existing.fileFormat() + ", not " + options.format().label());
        }
        if (!java.util.Objects.equals(existing.keyField(), keyField)
                || !existing.vectorField().equals(vectorField)) {
            differences.add("key and vector fields " + existing.keyField() + ", " + existing.vectorField() + ", not "
                    + keyField + ", " + vectorField);
        }
        if (!existing.schema().equals(schema)) {
            differences.add("schema " + DumpManifest.Schema.describe(existing.schema()) + ", not "
                    + DumpManifest.Schema.describe(schema));
        }
        return differences;
    }

    /**
     * A chunk the ledger records as written by an earlier run, with its continuations, its files hashed again
     * (reading what is there costs far less than writing it anew); null when it must be written.
     */
    private List<DumpManifest.Chunk> resumed(ChunkPlan.Chunk chunk, DumpColumns columns) throws IOException {
        if (ledger == null || !ledger.isCommitted(chunk.name())) {
            return null;
        }
        List<DumpManifest.Chunk> pieces = new ArrayList<>();
        long rows = 0;
        for (int k = 0; rows < chunk.rows(); k++) {
            String name = k == 0 ? chunk.name() : continuationName(chunk, k);
            java.util.OptionalLong committed = ledger.committedRows(name);
            if (committed.isEmpty() || committed.getAsLong() <= 0) {
                return null;
            }
            ChunkPlan.Chunk piece = piece(chunk, name, committed.getAsLong());
            List<DumpManifest.FileEntry> files = new ArrayList<>();
            for (String file : options.format().fileNames(piece, columns)) {
                if (!target.store().exists(target.key(file))) {
                    return null;
                }
                files.add(DumpVerifier.describe(target, file));
            }
            pieces.add(new DumpManifest.Chunk(name, piece.rows(), files));
            rows += piece.rows();
        }
        return rows == chunk.rows() ? pieces : null;
    }

    /** {@code chunk-00003-1}, {@code chunk-00003-2}, ...: where a chunk that ended early goes on. */
    private static String continuationName(ChunkPlan.Chunk chunk, int k) {
        return chunk.name() + "-" + k;
    }

    private static ChunkPlan.Chunk piece(ChunkPlan.Chunk chunk, String name, long rows) {
        return new ChunkPlan.Chunk(chunk.index(), name, chunk.splits(), rows, chunk.bytes());
    }

    /** Deletes the files of the dump this one replaced that the new manifest does not name. */
    private void removeStale(DumpManifest replaced, DumpManifest manifest) throws IOException {
        java.util.Set<String> kept = new java.util.HashSet<>();
        manifest.chunks().forEach(chunk -> chunk.files().forEach(file -> kept.add(file.key())));
        for (DumpManifest.Chunk chunk : replaced.chunks()) {
            for (DumpManifest.FileEntry file : chunk.files()) {
                if (!kept.contains(file.key())) {
                    target.store().delete(target.key(file.key()));
                }
            }
        }
    }

    private DumpManifest existingManifest() throws IOException {
        if (!target.store().exists(target.manifestKey())) {
            return null;
        }
        try (InputStream in = target.store().open(target.manifestKey())) {
            return DumpManifest.read(in, target.describe() + "/" + DumpManifest.FILE_NAME);
        } catch (DumpException e) {
            LOG.warn("{}; it is replaced", e.getMessage());
            return null;
        }
    }

    private boolean filesPresent(DumpManifest manifest) throws IOException {
        for (DumpManifest.Chunk chunk : manifest.chunks()) {
            for (DumpManifest.FileEntry file : chunk.files()) {
                String key = target.key(file.key());
                if (!target.store().exists(key) || target.store().size(key) != file.bytes()) {
                    return false;
                }
            }
        }
        return true;
    }

    private void runChunks(List<ChunkPlan.Chunk> plan, DumpColumns columns,
                           AtomicReferenceArray<List<DumpManifest.Chunk>> written)
            throws IOException {
        ConcurrentLinkedQueue<ChunkPlan.Chunk> todo = new ConcurrentLinkedQueue<>(plan);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < Math.min(options.workers(), Math.max(1, plan.size())); i++) {
            Thread worker = new Thread(() -> {
                ChunkPlan.Chunk chunk;
                while (failure.get() == null && (chunk = todo.poll()) != null) {
                    try {
                        written.set(chunk.index(), writeChunk(chunk, columns));
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }
            }, "milvusdm-dump-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while dumping to " + target.describe());
            }
        }
        Throwable t = failure.get();
        if (t instanceof IOException e) {
            throw e;
        } else if (t instanceof RuntimeException e) {
            throw e;
        } else if (t instanceof Error e) {
            throw e;
        }
    }

    /**
     * Writes a planned chunk. Its size was planned from nominal sizes for strings, documents and lists; where the
     * format can ({@link ChunkWriter#bytesWritten()}), a chunk whose files reach the chunk size ends there and its
     * remaining rows go into a continuation ({@code chunk-00003-1}, ...), each one file and one import job. The
     * continuations are committed to the ledger before the chunk itself, so that a committed chunk has them all.
     */
    private List<DumpManifest.Chunk> writeChunk(ChunkPlan.Chunk chunk, DumpColumns columns) throws IOException {
        List<DumpManifest.Chunk> pieces = new ArrayList<>();
        ChunkPlan.Chunk piece = chunk;
        ChunkWriter writer = options.format().open(target, piece, columns);
        long rows = 0;
        long pieceRows = 0;
        try {
            for (Split split : chunk.splits()) {
                try (BatchReader reader = source.open(split, options.batchBytes())) {
                    for (VectorBatch batch = reader.next(); batch != null; batch = reader.next()) {
                        if (pieceRows > 0 && rows < chunk.rows()
                                && writer.bytesWritten() >= options.chunkBytes()) {
                            pieces.add(new DumpManifest.Chunk(piece.name(), pieceRows, writer.finishEarly()));
                            piece = piece(chunk, continuationName(chunk, pieces.size()), chunk.rows() - rows);
                            writer = options.format().open(target, piece, columns);
                            pieceRows = 0;
                        }
                        writer.write(batch);
                        rows += batch.rowCount();
                        pieceRows += batch.rowCount();
                        progress.rowsWritten(batch.rowCount());
                        source.recycle(batch);
                    }
                }
            }
            if (rows != chunk.rows()) {
                throw new DumpException(chunk.name() + " of " + target.describe() + ": its splits announced "
                        + chunk.rows() + " rows, the source gave " + rows);
            }
            pieces.add(new DumpManifest.Chunk(piece.name(), pieceRows, writer.finish()));
        } catch (IOException | RuntimeException | Error e) {
            writer.abandon();
            throw e;
        }
        if (ledger != null) {
            for (int k = pieces.size() - 1; k >= 0; k--) {
                ledger.markCommitted(pieces.get(k).name(), pieces.get(k).rows());
            }
        }
        LOG.debug("{}: {} rows in {} chunk(s)", chunk.name(), rows, pieces.size());
        return pieces;
    }

    /**
     * What a row's scalar fields are assumed to take when chunks are planned: fixed-width types their width, the
     * others (strings, documents, lists) a nominal {@value #NOMINAL_VALUE_BYTES} bytes; the files hold what the
     * rows hold.
     */
    static long scalarRowBytes(List<ScalarField> fields) {
        long bytes = 0;
        for (ScalarField field : fields) {
            bytes += switch (field.type()) {
                case BOOL, INT8 -> 1;
                case INT16 -> 2;
                case INT32, FLOAT -> 4;
                case INT64, DOUBLE, TIMESTAMPTZ -> 8;
                default -> NOMINAL_VALUE_BYTES;
            };
        }
        return bytes;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
