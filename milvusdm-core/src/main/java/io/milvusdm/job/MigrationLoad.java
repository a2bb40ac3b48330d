package io.milvusdm.job;

import io.milvusdm.dump.DumpException;
import io.milvusdm.pipeline.Source;
import io.milvusdm.dump.DumpManifest;
import io.milvusdm.dump.MilvusMigrationDump;
import io.milvusdm.dump.DumpTarget;
import io.milvusdm.dump.DumpVerifier;
import io.milvusdm.milvus.LocalMilvus;
import io.milvus.v2.service.collection.request.HasCollectionReq;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code milvusdm load}: reads the dump's manifest (or, for a dump milvus-migration wrote, builds one from its
 * layout and .npy headers), verifies its files, applies {@code loader.mode} to the target collection (created with
 * milvus-migration's fields {@code id} and {@code data}, {@code target.create.collection}'s metric, dimension and
 * shards), then loads every chunk not loaded yet with the server's bulk import (REST v2 where the server answers
 * it, else gRPC), or, where the server has none (Milvus Lite) or cannot read the dump's storage, with batched
 * inserts of the same files; finally counts the collection against the manifest.
 *
 * <p>A load ledger per (dump, collection) makes reruns safe: chunks it records as loaded are skipped; a chunk whose
 * import job an earlier run submitted but did not see end is asked about (by job id) and, when that job did not
 * complete, its keys are deleted before it is imported again. Batched inserts record their splits the same way and
 * upsert a split that was started but not committed.
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
     * @param why why this method ran (which probe answered what)
     * @param notes what else the user should know: a dump without manifest, chunks an earlier run loaded
     */
    public record LoadSummary(String method, String fallbackReason, String collection, String where,
                              String preparation, int chunks, List<ImportJobRunner.Failure> failures, long targetRows,
                              long expectedRows, double seconds, String why, List<String> notes) {

        public LoadSummary {
            failures = List.copyOf(failures);
            notes = List.copyOf(notes);
        }

        public boolean countMatches() {
            return targetRows == expectedRows;
        }

        LoadSummary withNotes(List<String> more) {
            List<String> all = new ArrayList<>(more);
            all.addAll(notes);
            return new LoadSummary(method, fallbackReason, collection, where, preparation, chunks, failures,
                    targetRows, expectedRows, seconds, why, all);
        }
    }

    /** The load ledger of the job's collection, beside its config. */
    public static Path ledgerPath(MigrationJob job) throws JobFileException {
        return LoadLedger.path(job.file(), MigrationDump.collectionName(job));
    }

    public static boolean hasLedger(MigrationJob job) throws JobFileException {
        return Files.exists(ledgerPath(job));
    }

    /** The dump to load: its folder and manifest, and what the user should know about it. */
    private record Dump(DumpTarget target, DumpManifest manifest, List<String> notes) {
    }

    /**
     * @param importApi the command line's choice over the config's, or null
     */
    public static LoadSummary run(MigrationJob job, MigrationJob.ImportApi importApi, ProgressListener progress,
                                  Map<String, String> environment) throws IOException, JobFileException {
        return run(job, importApi, false, progress, environment);
    }

    /**
     * @param importApi the command line's choice over the config's, or null
     * @param resume the user asked to resume ({@code --resume}): the ledger is kept even in mode overwrite, which
     *     otherwise starts over (drops the collection and the ledger) once the dump is verified
     */
    public static LoadSummary run(MigrationJob job, MigrationJob.ImportApi importApi, boolean resume,
                                  ProgressListener progress, Map<String, String> environment)
            throws IOException, JobFileException {
        long start = System.nanoTime();
        String collection = MigrationDump.collectionName(job);
        MigrationJob.ImportApi api = importApi != null ? importApi : job.loader().importApi();
        try (ObjectStore store = DumpStores.open(job.storage())) {
            Dump dump = findDump(store, job, collection);
            DumpVerifier.verify(dump.target(), dump.manifest(), job.loader().verifyChecksums());
            if (job.loader().mode() == MigrationJob.LoadMode.OVERWRITE && !resume
                    && Files.deleteIfExists(ledgerPath(job))) {
                LOG.info("loader.mode overwrite: starting over; the earlier load ledger {} is discarded",
                        ledgerPath(job));
            }
            Destination destination = job.destination();
            LoadSummary summary;
            if (destination.isLocal()) {
                try (LocalMilvus local = LocalMilvus.start(destination.localDataDir(), environment)) {
                    summary = load(job, dump, collection, destination.target().withUri(local.uri()), api,
                            "Milvus Lite, which milvusdm starts locally, has no bulk import", progress, start);
                }
            } else {
                summary = load(job, dump, collection, destination.target(), api, null, progress, start);
            }
            return summary.withNotes(dump.notes());
        }
    }

    /**
     * milvusdm's dump (with manifest.json), else one milvus-migration wrote (its Faiss or 1.x layout, no manifest).
     */
    private static Dump findDump(ObjectStore store, MigrationJob job, String collection) throws IOException {
        DumpTarget dump = DumpStores.dumpTarget(store, job.storage(), collection);
        if (store.exists(dump.manifestKey())) {
            try (InputStream in = store.open(dump.manifestKey())) {
                return new Dump(dump, DumpManifest.read(in, dump.describe() + "/" + DumpManifest.FILE_NAME), List.of());
            }
        }
        Optional<MilvusMigrationDump.Found> found = MilvusMigrationDump.discover(store, job.storage().outputDir(),
                collection);
        if (found.isEmpty()) {
            throw new DumpException("no dump in " + dump.describe() + ": " + DumpManifest.FILE_NAME + " is missing"
                    + " (run milvusdm dump first; a dump that did not finish has none), and there is no dump of"
                    + " milvus-migration either (" + MilvusMigrationDump.VECTOR_FILE + " there, or segment folders"
                    + " under migration/tables/" + collection + ")");
        }
        MilvusMigrationDump.Found f = found.get();
        LOG.info("No manifest in {}: loading {} found there", dump.describe(), f.layout());
        return new Dump(f.target(), f.manifest(), List.of("no manifest: " + f.layout() + " in "
                + f.target().describe() + ", described from its .npy headers; no checksums were available, so the"
                + " files' sizes were checked against their shapes but not their content"));
    }

    private static LoadSummary load(MigrationJob job, Dump dump, String collection, MilvusTarget server,
                                    MigrationJob.ImportApi api, String noImportReason, ProgressListener progress,
                                    long start) throws IOException {
        DumpManifest manifest = dump.manifest();
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
            serverPaths = serverPaths(job, dump.target(), manifest);
            if (serverPaths == null) {
                reason = "the server cannot read " + dump.target().describe()
                        + " (set target.local.milvusStorageRoot to the folder the server resolves import paths"
                        + " against, with outputDir inside it, or dump to its bucket)";
            }
        }
        if (reason != null && (api == MigrationJob.ImportApi.GRPC || api == MigrationJob.ImportApi.REST)) {
            throw new DumpException("loader.import is " + api.name().toLowerCase(Locale.ROOT) + " but " + reason);
        }
        if (api == MigrationJob.ImportApi.INSERT) {
            reason = "loader.import is insert";
        }
        if (reason == null) {
            MigrationJob.ImportApi chosen = api;
            String why;
            if (api == MigrationJob.ImportApi.AUTO) {
                String restAbsent;
                try (RestBulkImport rest = new RestBulkImport(server)) {
                    restAbsent = rest.probe();
                }
                chosen = restAbsent == null ? MigrationJob.ImportApi.REST : MigrationJob.ImportApi.GRPC;
                why = restAbsent == null ? "auto: the server answers POST /v2/vectordb/jobs/import/list"
                        : "auto: no REST v2 import (" + restAbsent + "), so gRPC Import";
            } else {
                why = "loader.import is " + api.name().toLowerCase(Locale.ROOT);
            }
            LoadSummary imported = bulkImport(job, dump, collection, server, serverPaths, chosen,
                    api == MigrationJob.ImportApi.AUTO, why, progress, start);
            if (imported.fallbackReason() == null) {
                return imported;
            }
            reason = imported.fallbackReason();
        }
        LOG.info("Loading {} with batched inserts: {}", dump.target().describe(), reason);
        return insert(job, dump, collection, server, reason, progress, start);
    }

    private static MilvusSinkSpec sinkSpec(MigrationJob job, DumpManifest manifest, String collection,
                                           MilvusTarget server, WriteMode mode) {
        MigrationJob.CollectionCreate create = job.collection();
        String metric = create != null && create.metricType() != null ? create.metricType() : manifest.schema().metric();
        Integer dim = create == null ? null : create.dim();
        Integer shards = create == null ? null : create.shardsNum();
        return new MilvusSinkSpec(server, collection, null, mode, metric, dim,
                manifest.schema().keyKind() == KeyKind.NONE, null, null, manifest.vectorField(), shards,
                manifest.keyField());
    }

    /**
     * The write mode for {@code loader.mode}; {@code fail} stops here when the collection exists, before anything
     * changed. A run that resumes an earlier one's ledger appends to what that run loaded, whatever the mode.
     */
    private static WriteMode writeMode(MigrationJob job, MilvusTarget server, String collection, boolean resuming)
            throws IOException {
        MigrationJob.LoadMode mode = job.loader().mode();
        if (resuming) {
            return WriteMode.APPEND;
        }
        if (mode == MigrationJob.LoadMode.FAIL) {
            try (MilvusConnection connection = MilvusConnection.open(server)) {
                boolean exists = connection.call("Check whether collection '" + collection + "' exists",
                        client -> client.hasCollection(HasCollectionReq.builder().collectionName(collection).build()));
                if (exists) {
                    throw new DumpException("collection '" + collection + "' exists on "
                            + MilvusTarget.redactUserInfo(server.uri()) + " and loader.mode is fail; nothing was"
                            + " loaded (use append, skip or overwrite)");
                }
            }
            return WriteMode.APPEND;
        }
        return switch (mode) {
            case SKIP -> WriteMode.SKIP;
            case OVERWRITE -> WriteMode.OVERWRITE;
            default -> WriteMode.APPEND;
        };
    }

    /**
     * The server as the ledger knows it: its URI (without credentials), or for the Milvus Lite milvusdm starts
     * itself, which listens on another port each time, its data folder.
     */
    private static String serverIdentity(MigrationJob job, MilvusTarget server) {
        return job.destination().isLocal() ? "milvus-lite:" + job.destination().localDataDir().toAbsolutePath()
                : MilvusTarget.redactUserInfo(server.uri());
    }

    /** What the dump's rows are, scalar fields included: the collection load creates (or checks) has them. */
    private static SourceSchema schema(DumpTarget dump, DumpManifest manifest) throws DumpException {
        DumpManifest.Schema s = manifest.schema();
        return new SourceSchema(s.vectorType(), s.dimension(), s.keyKind(), Optional.empty(), manifest.totalRows(),
                s.scalarFields(where(dump)));
    }

    private static String where(DumpTarget dump) {
        return dump.describe() + "/" + DumpManifest.FILE_NAME;
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

    private static LoadSummary bulkImport(MigrationJob job, Dump dump, String collection, MilvusTarget server,
                                          List<String> serverPaths, MigrationJob.ImportApi api,
                                          boolean mayFallBack, String why, ProgressListener progress, long start)
            throws IOException {
        DumpManifest manifest = dump.manifest();
        Path ledgerPath = LoadLedger.path(job.file(), collection);
        String identity = LoadLedger.identity(manifest, serverIdentity(job, server), collection, "import");
        List<String> notes = new ArrayList<>();
        LoadLedger ledger = LoadLedger.open(ledgerPath, identity, dump.target().describe());
        boolean fellBack = false;
        try {
            boolean resuming = ledger.resuming();
            WriteMode mode = writeMode(job, server, collection, resuming);
            MilvusSinkSpec spec = sinkSpec(job, manifest, collection, server, mode);
            try (MilvusSink sink = MilvusSink.open(spec);
                 BulkImportClient client = api == MigrationJob.ImportApi.REST ? new RestBulkImport(server)
                         : new GrpcBulkImport(MilvusConnection.open(server))) {
                SinkPreparation preparation = sink.prepare(schema(dump.target(), manifest), resuming,
                        ledger.baselineRows());
                if (preparation.skip()) {
                    return new LoadSummary(client.api(), null, collection, MilvusTarget.redactUserInfo(server.uri()),
                            preparation.message(), 0, List.of(), preparation.rowsBefore(), preparation.rowsBefore(),
                            seconds(start), why + "; loader.mode is skip", notes);
                }
                ledger.recordBaseline(preparation.rowsBefore());
                ImportJobRunner runner = new ImportJobRunner(client, collection, null, job.loader().workers(),
                        Duration.ofSeconds(job.loader().timeoutSeconds()), POLL_INTERVAL, progress);
                List<ImportJobRunner.FileGroup> todo = pendingGroups(job, dump, collection, server, serverPaths,
                        ledger, runner, notes);
                List<ImportJobRunner.Failure> failures;
                try {
                    failures = todo.isEmpty() ? List.of() : runner.run(todo, ledger);
                } catch (BulkImportException e) {
                    if (e.unsupported() && mayFallBack && !ledger.anyJobSubmitted(manifest)) {
                        fellBack = true;
                        return fallback(e.getMessage());
                    }
                    throw e;
                }
                refreshLoad(server, collection);
                SinkCompletion completion = settledCount(sink, ledger.baselineRows(), manifest.totalRows(),
                        failures.isEmpty());
                return new LoadSummary(client.api(), null, collection, MilvusTarget.redactUserInfo(server.uri()),
                        preparation.message(), manifest.chunks().size(), failures, completion.targetRows(),
                        completion.expectedRows(), seconds(start), why, notes);
            }
        } finally {
            ledger.close();
            if (fellBack) {
                // nothing was imported: the insert fallback keeps its own entries
                Files.deleteIfExists(ledgerPath);
            }
        }
    }

    /**
     * The chunks this run imports: those the ledger does not record as loaded. A chunk an earlier run started is
     * settled first: its recorded import jobs are asked about (a completed one means the chunk is loaded; one still
     * running is waited for), and when none completed, the chunk's keys are deleted so that importing it again
     * cannot duplicate rows a job left behind.
     */
    private static List<ImportJobRunner.FileGroup> pendingGroups(MigrationJob job, Dump dump, String collection,
                                                                 MilvusTarget server, List<String> serverPaths,
                                                                 LoadLedger ledger, ImportJobRunner runner,
                                                                 List<String> notes) throws IOException {
        DumpManifest manifest = dump.manifest();
        List<ImportJobRunner.FileGroup> todo = new ArrayList<>();
        int next = 0;
        int done = 0;
        for (DumpManifest.Chunk chunk : manifest.chunks()) {
            List<String> files = List.copyOf(serverPaths.subList(next, next + chunk.files().size()));
            next += chunk.files().size();
            ImportJobRunner.FileGroup group = new ImportJobRunner.FileGroup(chunk.name(), files, chunk.rows());
            if (ledger.isCompleted(chunk.name())) {
                done++;
                continue;
            }
            if (ledger.wasStarted(chunk.name()) && !settleEarlierJobs(ledger, runner, group)) {
                notes.add(clean(dump, chunk, server, collection));
            } else if (ledger.isCompleted(chunk.name())) {
                done++;
                notes.add("chunk " + chunk.name() + ": an earlier run's import job completed after that run ended");
                continue;
            }
            todo.add(group);
        }
        if (done > 0) {
            notes.add(done + " of " + manifest.chunks().size() + " chunks were loaded by an earlier run (ledger "
                    + ledger.path() + ") and skipped");
        }
        return todo;
    }

    /**
     * Deletes the keys of a chunk an earlier run started and did not see load; a NumPy chunk in a bucket, which
     * this build reads only from a local folder, is left to Milvus, which drops the segments of a failed job.
     *
     * @return the note for the summary
     */
    private static String clean(Dump dump, DumpManifest.Chunk chunk, MilvusTarget server, String collection)
            throws IOException {
        String what = "chunk " + chunk.name() + ": an earlier run started it without seeing it load; ";
        Source files;
        try {
            files = DumpFiles.open(dump.target(), dump.manifest(), List.of(chunk), "its keys are needed to clean it");
        } catch (DumpException e) {
            LOG.warn("Chunk {} cannot be cleaned by key: {}", chunk.name(), e.getMessage());
            return what + "its keys could not be read (" + e.getMessage() + "), so it is imported again relying on"
                    + " Milvus having dropped what its failed job wrote";
        }
        long deleted = ChunkCleaner.deleteKeys(server, collection, dump.manifest().keyField(), files);
        return what + "its keys were deleted (" + deleted + " rows) before importing it again";
    }

    /** True when one of the chunk's earlier import jobs completed (the chunk is then recorded as loaded). */
    private static boolean settleEarlierJobs(LoadLedger ledger, ImportJobRunner runner,
                                             ImportJobRunner.FileGroup group) throws IOException {
        for (String jobId : ledger.jobsOf(group.name())) {
            String reason;
            try {
                reason = runner.await(group, jobId);
            } catch (BulkImportException e) {
                reason = e.getMessage();
            }
            if (reason == null) {
                ledger.markCompleted(group.name(), group.rows());
                return true;
            }
            LOG.info("Chunk {}: the earlier import job {} did not complete: {}", group.name(), jobId, reason);
        }
        return false;
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
        return new LoadSummary(null, reason, null, null, null, 0, List.of(), -1, -1, 0, null, List.of());
    }

    private static LoadSummary insert(MigrationJob job, Dump dump, String collection, MilvusTarget server,
                                      String reason, ProgressListener progress, long start) throws IOException {
        DumpManifest manifest = dump.manifest();
        Path ledgerPath = LoadLedger.path(job.file(), collection);
        String identity = LoadLedger.identity(manifest, serverIdentity(job, server), collection, "insert");
        // the files are opened and checked against the manifest before the ledger or the collection is touched
        try (Source source = DumpFiles.open(dump.target(), manifest, manifest.chunks(), reason);
             LoadLedger ledger = LoadLedger.open(ledgerPath, identity, dump.target().describe())) {
            boolean resuming = ledger.resuming();
            MilvusSinkSpec spec = sinkSpec(job, manifest, collection, server,
                    writeMode(job, server, collection, resuming));
            RunOptions options = RunOptions.of(job.loader().workers(), RunOptions.DEFAULT_BATCH_BYTES, true);
            try (MilvusSink sink = MilvusSink.open(spec)) {
                JobSummary summary = new JobRunner(source, sink, ledger.ledger(), options, progress).run();
                List<String> notes = new ArrayList<>();
                if (summary.splitsResumed() > 0) {
                    notes.add(summary.splitsResumed() + " splits were loaded by an earlier run (ledger "
                            + ledger.path() + ") and skipped");
                }
                return new LoadSummary("batched inserts", reason, collection,
                        MilvusTarget.redactUserInfo(spec.target().uri()), summary.message(),
                        manifest.chunks().size(), List.of(), summary.targetRows(), summary.expectedRows(),
                        seconds(start), reason, notes);
            }
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
