package io.milvusdm.job;

import io.milvusdm.dump.DumpFormat;
import io.milvusdm.dump.DumpManifest;
import io.milvusdm.dump.DumpOptions;
import io.milvusdm.dump.DumpSummary;
import io.milvusdm.dump.DumpTarget;
import io.milvusdm.dump.Dumper;
import io.milvusdm.milvus.source.MilvusCollectionSource;
import io.milvusdm.pipeline.Ledger;
import io.milvusdm.pipeline.ProgressListener;
import java.nio.file.Path;
import io.milvusdm.pipeline.Source;
import io.milvusdm.storage.ObjectStore;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code milvusdm dump}: opens the config's source (its pre-scan runs first), checks the store
 * ({@code checkBucket}), and writes the dump into {@code <outputDir>/migration/<collection>/}.
 */
public final class MigrationDump {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationDump.class);

    private MigrationDump() {
    }

    /**
     * @param chunkBytes the command line's chunk size over the config's, or null
     * @param format the command line's format over the config's, or null
     */
    public static DumpSummary run(MigrationJob job, Long chunkBytes, DumpFormat format, ProgressListener progress)
            throws IOException, JobFileException {
        return run(job, chunkBytes, format, false, progress);
    }

    /**
     * @param resume skip the chunks that the ledger ({@code <config>.dump.ledger}) records as written by an earlier
     *     run of the same config, source (content and schema) and options
     */
    public static DumpSummary run(MigrationJob job, Long chunkBytes, DumpFormat format, boolean resume,
                                  ProgressListener progress) throws IOException, JobFileException {
        String collection = collectionName(job);
        DumpFormat chosen = format != null ? format : DumpFormat.of(job.dumper().format());
        long chunk = chunkBytes != null ? chunkBytes : job.dumper().chunkBytes();
        // a batch never spans chunks: small chunks read in smaller batches
        DumpOptions options = new DumpOptions(chosen, job.dumper().workers(), chunk,
                Math.min(chunk, job.dumper().batchBytes()));
        try (Source source = job.source().open()) {
            // a Milvus collection keeps its own names, so that load recreates its fields as they were
            MilvusCollectionSource collectionSource = source instanceof MilvusCollectionSource c ? c : null;
            String keyField = collectionSource == null ? DumpTarget.KEY_FIELD : collectionSource.keyField();
            String vectorField = collectionSource == null ? DumpTarget.VECTOR_FIELD : collectionSource.vectorField();
            Dumper.check(source.schema(), options.format(), keyField, vectorField, job.source().describe());
            if (collectionSource != null) {
                for (String skipped : collectionSource.skippedFields()) {
                    LOG.warn("Field {} of {} is not dumped: a dump holds one vector field and scalar fields",
                            skipped, job.source().describe());
                }
            }
            try (ObjectStore store = DumpStores.open(job.storage())) {
                DumpStores.check(store, job.storage());
                DumpTarget target = DumpStores.dumpTarget(store, job.storage(), collection);
                DumpManifest.SourceIdentity identity = new DumpManifest.SourceIdentity(job.source().describe(),
                        job.source().fingerprint(source.schema().totalRows()));
                // the schema too: a collection recreated with other fields keeps its fingerprint, and a resumed
                // dump must not mix chunks of two schemas
                String jobId = JobIdentity.of(job.file(), identity.fingerprint(), target.describe(),
                        options.format().label(), Long.toString(options.chunkBytes()),
                        DumpManifest.Schema.describe(DumpManifest.Schema.of(source.schema())), keyField, vectorField);
                try (Ledger ledger = Ledger.open(ledgerPath(job), jobId, resume)) {
                    return new Dumper(source, target, options, progress, ledger).run(identity, collection, keyField,
                            vectorField);
                }
            }
        }
    }

    /** Where a dump records the chunks it wrote: beside the config, {@code <config>.dump.ledger}. */
    public static Path ledgerPath(MigrationJob job) {
        return job.file().resolveSibling(job.file().getFileName() + ".dump.ledger");
    }

    /** {@code target.create.collection.name}, or for milvus2x the source collection's name. */
    static String collectionName(MigrationJob job) throws JobFileException {
        if (job.collection() != null && job.collection().name() != null) {
            return job.collection().name();
        }
        if (job.source() instanceof MigrationSource.Milvus2x milvus2x) {
            return milvus2x.spec().collection();
        }
        throw new JobFileException(job.file(), "target.create.collection.name: required: the collection the dump is"
                + " for (its folder is <outputDir>/migration/<name>)");
    }
}
