package io.milvusdm.job;

import io.milvusdm.dump.DumpException;
import io.milvusdm.dump.DumpFormat;
import io.milvusdm.format.parquet.ParquetSource;
import io.milvusdm.format.parquet.ParquetSourceSpec;
import io.milvusdm.pipeline.Source;
import io.milvusdm.dump.DumpManifest;
import io.milvusdm.dump.DumpTarget;
import io.milvusdm.dump.DumpVerifier;
import io.milvusdm.format.npy.NpySource;
import io.milvusdm.format.npy.NpySourceSpec;
import io.milvusdm.milvus.LocalMilvus;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvusdm.milvus.MilvusConnection;
import io.milvusdm.milvus.MilvusSink;
import io.milvusdm.milvus.MilvusSinkSpec;
import io.milvusdm.milvus.MilvusTarget;
import io.milvusdm.milvus.WriteMode;
import io.milvusdm.milvus.bulkimport.BulkImportClient;
import io.milvusdm.milvus.bulkimport.BulkImportException;
import io.milvusdm.milvus.bulkimport.GrpcBulkImport;
import io.milvusdm.milvus.bulkimport.ImportJobRunner;
import io.milvusdm.milvus.bulkimport.RestBulkImport;
import io.milvusdm.pipeline.JobRunner;
import io.milvusdm.pipeline.JobSummary;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.Ledger;
import io.milvusdm.pipeline.ProgressListener;
import io.milvusdm.pipeline.RunOptions;
import io.milvusdm.pipeline.SinkCompletion;
import io.milvusdm.pipeline.SinkPreparation;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.storage.LocalObjectStore;
import io.milvusdm.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code milvusdm load}: reads the dump's manifest, verifies its files, creates the collection (as every milvusdm
 * job does: {@code id} and {@code embedding}, with {@code target.create.collection}'s metric and dimension), then
 * loads every chunk with the server's bulk import, or, where the server has none (Milvus Lite) or cannot read the
 * dump's storage, with batched inserts of the same files; finally counts the collection against the manifest.
 */
public final class MigrationLoad {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationLoad.class);
    static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

    private MigrationLoad() {
    }

    /**
     * What load did.
     *
     * @param method how the rows went in: the import API, or "batched inserts"
     * @param fallbackReason why batched inserts were used instead of bulk import, or null
     * @param collection the collection
     * @param where the server
     * @param preparation what was done to the collection
     * @param chunks import jobs (or chunks inserted)
     * @param failures file groups that did not load, each with its reason
     * @param targetRows rows in the collection at the end
     * @param expectedRows rows it should hold
     * @param seconds wall time
     */
    public record LoadSummary(String method, String fallbackReason, String collection, String where,
                              String preparation, int chunks, List<ImportJobRunner.Failure> failures, long targetRows,
                              long expectedRows, double seconds) {

        public boolean countMatches() {
            return targetRows == expectedRows;
        }
    }

    /**
     * @param importApi the command line's choice over the config's, or null
     */
    public static LoadSummary run(MigrationJob job, MigrationJob.ImportApi importApi, ProgressListener progress,
                                  Map<String, String> environment) throws IOException, JobFileException {
        long start = System.nanoTime();
        String collection = MigrationDump.collectionName(job);
        MigrationJob.ImportApi api = importApi != null ? importApi : job.loader().importApi();
        try (ObjectStore store = DumpStores.open(job.storage())) {
            DumpTarget dump = DumpStores.dumpTarget(store, job.storage(), collection);
            DumpManifest manifest = readManifest(dump);
            DumpVerifier.verify(dump, manifest, job.loader().verifyChecksums());
            Destination destination = job.destination();
            if (destination.isLocal()) {
                try (LocalMilvus local = LocalMilvus.start(destination.localDataDir(), environment)) {
                    return load(job, dump, manifest, collection, destination.target().withUri(local.uri()), api,
                            "Milvus Lite, which milvusdm starts locally, has no bulk import", progress, start);
                }
            }
            return load(job, dump, manifest, collection, destination.target(), api, null, progress, start);
        }
    }

    private static DumpManifest readManifest(DumpTarget dump) throws IOException {
        if (!dump.store().exists(dump.manifestKey())) {
            throw new DumpException("no dump in " + dump.describe() + ": " + DumpManifest.FILE_NAME
                    + " is missing (run milvusdm dump first; a dump that did not finish has none)");
        }
        try (InputStream in = dump.store().open(dump.manifestKey())) {
            return DumpManifest.read(in, dump.describe() + "/" + DumpManifest.FILE_NAME);
        }
    }

    private static LoadSummary load(MigrationJob job, DumpTarget dump, DumpManifest manifest, String collection,
                                    MilvusTarget server, MigrationJob.ImportApi api, String noImportReason,
                                    ProgressListener progress, long start) throws IOException {
        MilvusSinkSpec spec = sinkSpec(job, manifest, collection, server);
        String reason = noImportReason;
        List<String> serverPaths = null;
        if (reason == null && api != MigrationJob.ImportApi.REST) {
            try (MilvusConnection probe = MilvusConnection.open(server)) {
                if (probe.isLite()) {
                    reason = "Milvus Lite (" + probe.serverVersion() + ") has no bulk import";
                }
            }
        }
        if (reason == null) {
            serverPaths = serverPaths(job, dump, manifest);
            if (serverPaths == null) {
                reason = "the server cannot read " + dump.describe()
                        + " (set target.local.milvusStorageRoot to the folder the server resolves import paths"
                        + " against, with outputDir inside it, or dump to its bucket)";
            }
        }
        if (reason != null && (api == MigrationJob.ImportApi.GRPC || api == MigrationJob.ImportApi.REST)) {
            throw new DumpException("loader.import is " + api.name().toLowerCase(java.util.Locale.ROOT) + " but "
                    + reason);
        }
        if (api == MigrationJob.ImportApi.INSERT) {
            reason = "loader.import is insert";
        }
        if (reason == null) {
            LoadSummary imported = bulkImport(job, manifest, collection, server, spec, serverPaths, api, progress,
                    start);
            if (imported.fallbackReason() == null) {
                return imported;
            }
            reason = imported.fallbackReason();
        }
        LOG.info("Loading {} with batched inserts: {}", dump.describe(), reason);
        return insert(job, dump, manifest, collection, spec, reason, progress, start);
    }

    private static MilvusSinkSpec sinkSpec(MigrationJob job, DumpManifest manifest, String collection,
                                           MilvusTarget server) {
        MigrationJob.CollectionCreate create = job.collection();
        String metric = create != null && create.metricType() != null ? create.metricType() : manifest.schema().metric();
        Integer dim = create == null ? null : create.dim();
        return new MilvusSinkSpec(server, collection, null, WriteMode.APPEND, metric, dim,
                manifest.schema().keyKind() == KeyKind.NONE, null);
    }

    private static SourceSchema schema(DumpManifest manifest) {
        DumpManifest.Schema s = manifest.schema();
        return new SourceSchema(s.vectorType(), s.dimension(), s.keyKind(), Optional.empty(), manifest.totalRows());
    }

    /**
     * The files of each chunk as the server reads them, or null when it cannot: keys in Milvus's bucket for a
     * remote dump; paths relative to {@code milvusStorageRoot} for a local one.
     */
    private static List<String> serverPaths(MigrationJob job, DumpTarget dump, DumpManifest manifest) {
        String base;
        if (job.storage() instanceof DumpStorage.Local local) {
            if (local.milvusStorageRoot() == null) {
                return null;
            }
            Path folder = ((LocalObjectStore) dump.store()).root();
            Path relative = local.milvusStorageRoot().toAbsolutePath().normalize().relativize(folder);
            base = relative.toString().replace('\\', '/');
        } else {
            base = "";
        }
        String prefix = (base.isEmpty() ? "" : base + "/") + dump.prefix();
        List<String> paths = new ArrayList<>();
        for (DumpManifest.Chunk chunk : manifest.chunks()) {
            for (DumpManifest.FileEntry file : chunk.files()) {
                paths.add(prefix + "/" + file.key());
            }
        }
        return paths;
    }

    private static LoadSummary bulkImport(MigrationJob job, DumpManifest manifest, String collection,
                                          MilvusTarget server, MilvusSinkSpec spec, List<String> serverPaths,
                                          MigrationJob.ImportApi api, ProgressListener progress, long start)
            throws IOException {
        try (MilvusSink sink = MilvusSink.open(spec)) {
            SinkPreparation preparation = sink.prepare(schema(manifest), false, -1);
            List<ImportJobRunner.FileGroup> groups = new ArrayList<>();
            int next = 0;
            for (DumpManifest.Chunk chunk : manifest.chunks()) {
                List<String> files = serverPaths.subList(next, next + chunk.files().size());
                next += chunk.files().size();
                groups.add(new ImportJobRunner.FileGroup(chunk.name(), List.copyOf(files), chunk.rows()));
            }
            try (BulkImportClient client = api == MigrationJob.ImportApi.REST ? new RestBulkImport(server)
                    : new GrpcBulkImport(MilvusConnection.open(server))) {
                ImportJobRunner runner = new ImportJobRunner(client, collection, null, job.loader().workers(),
                        Duration.ofSeconds(job.loader().timeoutSeconds()), POLL_INTERVAL, progress);
                List<ImportJobRunner.Failure> failures;
                try {
                    failures = runner.run(groups);
                } catch (BulkImportException e) {
                    if (e.unsupported() && api == MigrationJob.ImportApi.AUTO) {
                        return fallback(e.getMessage());
                    }
                    throw e;
                }
                refreshLoad(server, collection);
                SinkCompletion completion = settledCount(sink, preparation.rowsBefore(), manifest.totalRows(),
                        failures.isEmpty());
                return new LoadSummary(client.api(), null, collection, MilvusTarget.redactUserInfo(server.uri()),
                        preparation.message(), groups.size(), failures, completion.targetRows(),
                        completion.expectedRows(), seconds(start));
            }
        }
    }

    /**
     * Asks the server to load the imported segments now ({@code refresh}), as Milvus's bulk insert docs say to; a
     * server that refuses leaves them to its own schedule, which {@link #settledCount} waits out.
     */
    private static void refreshLoad(MilvusTarget server, String collection) {
        try (MilvusConnection connection = MilvusConnection.open(server)) {
            connection.call("Refresh the load of collection '" + collection + "'", client -> {
                client.loadCollection(LoadCollectionReq.builder().collectionName(collection).refresh(true).build());
                return null;
            });
        } catch (IOException e) {
            LOG.info("{}; counting until the imported rows are visible", e.getMessage());
        }
    }

    /**
     * The collection's count after the import jobs completed. A completed job's segments become visible to queries
     * only once the query node has loaded them (seconds later on Milvus 2.3), so a count short of the expected one is
     * asked again, until it matches or stops growing for {@link #SETTLE_TIMEOUT}.
     */
    private static SinkCompletion settledCount(MilvusSink sink, long rowsBefore, long rows, boolean allCompleted)
            throws IOException {
        SinkCompletion completion = sink.complete(rowsBefore, rows);
        long lastChange = System.nanoTime();
        long lastCount = completion.targetRows();
        while (allCompleted && completion.targetRows() < completion.expectedRows()
                && System.nanoTime() - lastChange < SETTLE_TIMEOUT.toNanos()) {
            try {
                Thread.sleep(POLL_INTERVAL.toMillis() * 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while counting the collection");
            }
            completion = sink.complete(rowsBefore, rows);
            if (completion.targetRows() != lastCount) {
                lastCount = completion.targetRows();
                lastChange = System.nanoTime();
            }
        }
        return completion;
    }

    private static LoadSummary fallback(String reason) {
        return new LoadSummary(null, reason, null, null, null, 0, List.of(), -1, -1, 0);
    }

    private static LoadSummary insert(MigrationJob job, DumpTarget dump, DumpManifest manifest, String collection,
                                      MilvusSinkSpec spec, String reason, ProgressListener progress, long start)
            throws IOException {
        RunOptions options = RunOptions.of(job.loader().workers(), RunOptions.DEFAULT_BATCH_BYTES, false);
        Path ledgerPath = job.file().resolveSibling(job.file().getFileName() + ".load.ledger");
        String jobId = JobIdentity.of(job.file(), spec.target().uri() == null ? "" : spec.target().uri(), collection,
                manifest.source().fingerprint());
        try (Source source = openFiles(dump, manifest, reason);
             MilvusSink sink = MilvusSink.open(spec);
             Ledger ledger = Ledger.open(ledgerPath, jobId, false)) {
            JobSummary summary = new JobRunner(source, sink, ledger, options, progress).run();
            return new LoadSummary("batched inserts", reason, collection,
                    MilvusTarget.redactUserInfo(spec.target().uri()), summary.message(), manifest.chunks().size(),
                    List.of(), summary.targetRows(), summary.expectedRows(), seconds(start));
        }
    }

    /** The dump's files as one source, in chunk order: Parquet from any store, NumPy from a local folder. */
    private static Source openFiles(DumpTarget dump, DumpManifest manifest, String reason) throws IOException {
        if (DumpFormat.PARQUET.label().equals(manifest.fileFormat())) {
            List<String> keys = new ArrayList<>();
            for (DumpManifest.Chunk chunk : manifest.chunks()) {
                for (DumpManifest.FileEntry file : chunk.files()) {
                    keys.add(dump.key(file.key()));
                }
            }
            return ParquetSource.open(dump.store(), ParquetSourceSpec.of(keys, manifest.keyField(),
                    manifest.vectorField()));
        }
        if (!(dump.store() instanceof LocalObjectStore local)) {
            throw new DumpException("batched inserts read NumPy dumps from a local folder; " + reason + ", and "
                    + dump.describe() + " is a bucket: copy the dump to a local folder (target.mode local), or dump"
                    + " as parquet");
        }
        List<NpySourceSpec.NpyFiles> files = new ArrayList<>();
        for (DumpManifest.Chunk chunk : manifest.chunks()) {
            Path vectors = null;
            Path ids = null;
            for (DumpManifest.FileEntry file : chunk.files()) {
                Path path = local.file(dump.key(file.key()));
                if (file.key().endsWith("/" + manifest.vectorField() + ".npy")) {
                    vectors = path;
                } else if (manifest.keyField() != null && file.key().endsWith("/" + manifest.keyField() + ".npy")) {
                    ids = path;
                }
            }
            if (vectors == null) {
                throw new DumpException(chunk.name() + " of " + dump.describe() + " has no " + manifest.vectorField()
                        + ".npy");
            }
            files.add(new NpySourceSpec.NpyFiles(vectors, ids));
        }
        return NpySource.open(new NpySourceSpec(files, manifest.keyField() == null));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
