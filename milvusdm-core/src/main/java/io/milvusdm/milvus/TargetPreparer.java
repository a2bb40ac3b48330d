package io.milvusdm.milvus;

import io.milvus.v2.common.IndexParam;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.SinkPreparation;
import io.milvusdm.pipeline.VectorType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Applies a job's mode to its target, MilvusDM's way (pymilvusdm/core/data_to_milvus.py), at the level the job
 * names: the partition when one is named, else the collection.
 * <ul>
 *   <li>absent target: created (collection with its index, then the partition), whatever the mode;</li>
 *   <li>{@code skip}: an existing target is left untouched and reported (unlike MilvusDM's H2M, a named partition
 *       that does not exist yet is still created and written, even when the collection exists);</li>
 *   <li>{@code append}, {@code upsert}: written into;</li>
 *   <li>{@code overwrite}: the named partition, else the whole collection, is dropped and recreated. A dropped
 *       collection is replaced whatever its schema was, so it is not checked against the job; a partition's
 *       collection stays and must fit.</li>
 * </ul>
 * Every existing collection that stays is checked against the job before anything changes. On resume nothing is
 * dropped, created or skipped: the target must be there, and fit. Nor is a target skipped that did not exist
 * before the job's first run: an interrupted run of the job created it, before writing a row.
 */
final class TargetPreparer {

    private static final Logger LOG = LoggerFactory.getLogger(TargetPreparer.class);

    private final MilvusConnection connection;
    private final MilvusSinkSpec spec;
    private final CollectionSpec job;
    private final CollectionAdmin admin;
    private final IndexSpec index;

    TargetPreparer(MilvusConnection connection, MilvusSinkSpec spec, CollectionSpec job) throws SinkSpecException {
        this.connection = connection;
        this.spec = spec;
        this.job = job;
        this.admin = new CollectionAdmin(connection, spec.collection(), job.vectorField());
        this.index = effectiveIndex(spec, job, connection.isLite());
    }

    /**
     * The index the collection gets: the job's, else AUTOINDEX (BIN_FLAT for binary vectors). On Milvus Lite the
     * default is FLAT: lite builds indexes in the same Python process that takes the inserts.
     */
    static IndexSpec effectiveIndex(MilvusSinkSpec spec, CollectionSpec job, boolean lite) throws SinkSpecException {
        if (spec.index() == null) {
            String type = job.vectorType() == VectorType.BINARY_VECTOR ? "BIN_FLAT" : lite ? "FLAT" : "AUTOINDEX";
            return new IndexSpec(type, Map.of());
        }
        try {
            IndexParam.IndexType.valueOf(spec.index().indexType().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SinkSpecException("Unknown index type '" + spec.index().indexType() + "' for collection '"
                    + spec.collection() + "'; Milvus knows " + Arrays.toString(IndexParam.IndexType.values()));
        }
        return spec.index();
    }

    IndexSpec index() {
        return index;
    }

    /**
     * @param ownTarget the target did not exist before the job's first run: if it exists now an interrupted run of
     *     this job created it, and skip does not apply to it
     */
    SinkPreparation prepare(boolean resuming, long baselineRows, boolean ownTarget) throws IOException {
        // a job without vectors of its own (Milvus to Milvus) creates what its template says; the server judges it
        if (connection.isLite() && job.vectorType() != VectorType.FLOAT_VECTOR && job.vectorType() != VectorType.NONE) {
            throw new MilvusOperationException("Create collection '" + spec.collection() + "'",
                    MilvusOperationException.Kind.UNSUPPORTED, "Milvus Lite (" + connection.serverVersion() + ") at "
                    + connection.where() + " does not support " + job.vectorType() + " fields; use a Milvus server");
        }
        String collection = spec.collection();
        String partition = spec.partition();
        if (!admin.exists()) {
            requireNotResuming(resuming, "collection '" + collection + "'");
            createCollection();
            String message = "created collection '" + collection + "'";
            if (partition != null) {
                admin.createPartition(partition);
                message += " with partition '" + partition + "'";
            }
            return new SinkPreparation(false, message, 0);
        }
        if (partition == null && spec.mode() == WriteMode.OVERWRITE && !resuming) {
            admin.drop();
            createCollection();
            return new SinkPreparation(false, "dropped and recreated collection '" + collection + "'", 0);
        }
        ExistingCollection existing = ExistingCollection.read(connection, collection, job.vectorField());
        if (job.template() != null) {
            checkAgainstTemplate();
        } else {
            existing.check(job);
        }
        if (partition != null && !admin.partitionExists(partition)) {
            requireNotResuming(resuming, "partition '" + partition + "' of collection '" + collection + "'");
            admin.createPartition(partition);
            ensureCountable(existing);
            return new SinkPreparation(false, "created partition '" + partition + "' in collection '" + collection + "'", 0);
        }
        String what = partition == null ? "collection '" + collection + "'"
                : "partition '" + partition + "' of collection '" + collection + "'";
        if (resuming) {
            ensureCountable(existing);
            long before = baselineRows >= 0 ? baselineRows : count();
            return new SinkPreparation(false, "resuming into " + what, before);
        }
        if (ownTarget && spec.mode() == WriteMode.SKIP) {
            ensureCountable(existing);
            return new SinkPreparation(false, "writing into " + what + ", which an interrupted run of this job created",
                    count());
        }
        switch (spec.mode()) {
            case SKIP -> {
                long before = admin.isLoaded() ? count() : -1;
                LOG.info("{} exists; mode skip leaves it untouched", what);
                return new SinkPreparation(true, "skipped: " + what + " exists", before);
            }
            case OVERWRITE -> {
                admin.dropPartition(partition);
                admin.createPartition(partition);
                ensureCountable(existing);
                return new SinkPreparation(false, "dropped and recreated " + what, 0);
            }
            default -> {
                ensureCountable(existing);
                return new SinkPreparation(false, (spec.mode() == WriteMode.UPSERT ? "upserting into " : "appending to ")
                        + what, count());
            }
        }
    }

    /** The rows of the job's target: the named partition, else the collection. */
    long count() throws MilvusOperationException {
        return admin.count(spec.partition(), job.keyField(), job.keyKind());
    }

    private void createCollection() throws MilvusOperationException {
        if (job.template() != null) {
            admin.createFromTemplate(job.template());
            admin.load();
            return;
        }
        admin.create(job);
        admin.createIndex(index, job.metric());
        for (ScalarField field : job.scalarFields()) {
            if (field.isTypedVector()) {
                admin.createIndex(field.name(), otherIndex(field, index, connection.isLite()), otherMetric(field));
            }
        }
        admin.load();
    }

    /**
     * The index of a vector field besides the job's own (Milvus loads no collection without an index on each):
     * a FLOAT_VECTOR one gets the main field's index when that is float too, sparse vectors
     * SPARSE_INVERTED_INDEX (Milvus Lite takes no other), binary vectors BIN_FLAT, the others AUTOINDEX (FLAT on
     * Milvus Lite).
     */
    static IndexSpec otherIndex(ScalarField field, IndexSpec main, boolean lite) {
        return switch (field.vector().type()) {
            case FLOAT_VECTOR -> isFloatIndex(main) ? main : new IndexSpec(lite ? "FLAT" : "AUTOINDEX", Map.of());
            case SPARSE_FLOAT_VECTOR -> new IndexSpec("SPARSE_INVERTED_INDEX", Map.of());
            case BINARY_VECTOR -> new IndexSpec("BIN_FLAT", Map.of());
            case FLOAT16_VECTOR, BFLOAT16_VECTOR, INT8_VECTOR -> new IndexSpec(lite ? "FLAT" : "AUTOINDEX", Map.of());
        };
    }

    private static boolean isFloatIndex(IndexSpec index) {
        String type = index.indexType().toUpperCase(Locale.ROOT);
        return !type.startsWith("BIN_") && !type.startsWith("SPARSE_");
    }

    /** The metric the source's index on the field had, else the type's usual one: L2, HAMMING, IP for sparse. */
    static String otherMetric(ScalarField field) {
        if (field.vector().metric() != null) {
            return field.vector().metric().toUpperCase(Locale.ROOT);
        }
        return switch (field.vector().type()) {
            case BINARY_VECTOR -> "HAMMING";
            case SPARSE_FLOAT_VECTOR -> "IP";
            default -> "L2";
        };
    }

    /**
     * Gives an existing collection what counting needs: an index (Milvus loads no collection without one on its
     * vector field; MilvusDM created none) and the loaded state.
     */
    private void ensureCountable(ExistingCollection existing) throws MilvusOperationException {
        if (existing.indexType() == null && job.template() == null) {
            LOG.info("Collection '{}' has no vector index; creating {} (metric {}) so that it can be loaded and counted",
                    spec.collection(), index.indexType(), job.metric());
            admin.createIndex(index, job.metric());
        } else if (spec.index() != null && !existing.indexType().equalsIgnoreCase(spec.index().indexType())) {
            LOG.warn("Collection '{}' keeps its {} index; the job's {} is not built (one index per field)",
                    spec.collection(), existing.indexType(), spec.index().indexType());
        }
        if (!admin.isLoaded()) {
            admin.load();
        }
    }

    /** An existing target of Milvus to Milvus must take the source's rows as they are: the same fields. */
    private void checkAgainstTemplate() throws IOException {
        CollectionTemplate target = CollectionTemplate.read(connection, spec.collection());
        String source = job.template().schema().getName();
        List<String> differences = job.template().differences("source " + source, target,
                "target " + spec.collection());
        if (!differences.isEmpty()) {
            throw new TargetMismatchException(spec.collection(), "Collection '" + spec.collection()
                    + "' exists and its fields differ from those of source collection '" + source + "': "
                    + String.join("; ", differences));
        }
    }

    private void requireNotResuming(boolean resuming, String what) throws TargetMismatchException {
        if (resuming) {
            throw new TargetMismatchException(spec.collection(), "Cannot resume: " + what + " does not exist any more; "
                    + "the interrupted run wrote into it. Start the job over: run it with --restart (migrate, M2M) or without"
                    + " --resume.");
        }
    }
}
