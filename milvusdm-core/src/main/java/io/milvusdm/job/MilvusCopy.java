package io.milvusdm.job;

import io.milvus.v2.service.database.request.CreateDatabaseReq;
import io.milvus.v2.service.database.request.DescribeDatabaseReq;
import io.milvusdm.milvus.CollectionTemplate;
import io.milvusdm.milvus.LocalMilvus;
import io.milvusdm.milvus.MilvusConnection;
import io.milvusdm.milvus.MilvusOperationException;
import io.milvusdm.milvus.MilvusSink;
import io.milvusdm.milvus.MilvusSinkSpec;
import io.milvusdm.milvus.MilvusTarget;
import io.milvusdm.milvus.TargetMismatchException;
import io.milvusdm.milvus.WriteMode;
import io.milvusdm.milvus.source.MilvusCollectionSource;
import io.milvusdm.milvus.source.MilvusCollectionSourceSpec;
import io.milvusdm.milvus.source.MilvusSourceException;
import io.milvusdm.pipeline.JobRunner;
import io.milvusdm.pipeline.JobSummary;
import io.milvusdm.pipeline.Ledger;
import io.milvusdm.pipeline.ProgressListener;
import io.milvusdm.pipeline.RunOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs a Milvus 2.x → Milvus 2.x job ({@link MilvusCopyJob}) unit by unit. A collection goes to the target
 * database its rule names, else the target's {@code db}, else the database of the same name as its source's.
 *
 * <h2>Plan, before anything is written</h2>
 * {@link MilvusCopyPlan}: the units, matched and checked (merges, existing targets); any problem stops the job
 * with nothing written.
 *
 * <h2>Units</h2>
 * A unit is one source partition into the target partition of the same name, or a whole collection (a partition
 * key, {@code merge_partitions}), run as one job with its own ledger
 * ({@code <job>.<db>.<collection>.<partition>.ledger}). The target collection is created from the template by the
 * first unit that writes into it.
 *
 * <h2>Runs after an interruption</h2>
 * The job's journal ({@link UnitJournal}, {@code <job>.ledger}) records the targets that existed before the first
 * run and which units finished. A run that finds an unfinished run of the same job continues it: finished units are
 * left as they are, the others resume from their ledgers, and modes are decided on the recorded targets, so that
 * a target the interrupted run created is neither skipped nor dropped again.
 *
 * <h2>Modes</h2>
 * A partition's mode ({@code partition_modes}) wins; otherwise the collection's. Once a unit has created or
 * recreated a target collection, later units into it append (or upsert; a partition's own overwrite appends too): a second source merged in, or the
 * collection's other partitions, must not drop what the first wrote. Once a target was skipped, its later units
 * are skipped too.
 */
public final class MilvusCopy {

    private static final Logger LOG = LoggerFactory.getLogger(MilvusCopy.class);
    /** The database and collection property that says in which zone TIMESTAMPTZ text without an offset is read. */
    private static final String TIMEZONE_PROPERTY = "timezone";

    /**
     * One source partition (or several) into one target.
     *
     * @param sourceDb the source database
     * @param collection the source collection
     * @param partitions the source partitions read, or null for all
     * @param targetDb the target database
     * @param targetCollection the target collection
     * @param targetPartition the target partition, or null for the default one
     * @param filter the rows' filter, or null
     * @param mode the collection's mode
     * @param partitionMode the partition's own mode, or null
     */
    public record Unit(String sourceDb, String collection, List<String> partitions, String targetDb,
                       String targetCollection, String targetPartition, String filter, WriteMode mode,
                       WriteMode partitionMode) {

        /** "default.books/_default → archive.books": for summaries. */
        public String describe() {
            return sourceDb + "." + collection + (partitions == null ? "" : "/" + String.join(",", partitions))
                    + " → " + targetDb + "." + targetCollection + (targetPartition == null ? "" : "/" + targetPartition);
        }

        String target() {
            return targetDb + "." + targetCollection;
        }

        /** The collection, or {@code collection/partition} for a unit into a named partition. */
        String exactTarget() {
            return targetPartition == null ? target() : target() + "/" + targetPartition;
        }

        /** {@code <db>.<collection>.<partitions>}: names the unit's ledger and its entries in the job's journal. */
        String key() {
            return sourceDb + "." + collection + "." + (partitions == null ? "all" : String.join("+", partitions));
        }
    }

    /**
     * What one unit did.
     *
     * @param duplicateKeyRows rows of the source that share their primary key with another (reported, see
     *     {@link MilvusCollectionSource#duplicateKeyRows()})
     * @param skippedFields source fields not copied (function outputs, types this version cannot name)
     */
    public record UnitResult(Unit unit, JobSummary summary, long duplicateKeyRows, List<String> skippedFields) {
    }

    /** Called after each unit, so that a command line can print as the job goes. */
    @FunctionalInterface
    public interface UnitListener {
        void finished(UnitResult result);

        /**
         * Called before the first unit when this run continues an interrupted one.
         *
         * @param journal the job's journal
         * @param unitsFinished units the interrupted run finished (left as they are)
         */
        default void resuming(Path journal, long unitsFinished) {
        }
    }

    private final MilvusCopyJob job;
    private final Map<String, String> environment;

    public MilvusCopy(MilvusCopyJob job, Map<String, String> environment) {
        this.job = job;
        this.environment = environment;
    }

    /**
     * Plans and runs the job, starting the local Milvus servers it names. The job's journal ({@link UnitJournal},
     * beside the job file) decides whether this run continues an interrupted one: then every unit resumes from
     * its ledger, and modes are decided on the targets as they were before the first run.
     *
     * @param options the workers and batch size; its {@code resume} flag is ignored (the journal and
     *     {@code rerun} decide)
     * @param rerun what to do with an earlier run's journal
     * @param progress a progress listener for each unit
     * @throws MilvusSourceException for an unknown database, collection or partition, or collections that cannot be
     *     merged; nothing is written then
     * @throws TargetMismatchException when an existing target does not fit its source (found before any write)
     */
    public List<UnitResult> run(RunOptions options, UnitJournal.Rerun rerun, Function<Unit, ProgressListener> progress,
                                UnitListener listener) throws IOException {
        try (LocalMilvus localSource = job.source().isLocal() ? LocalMilvus.start(job.source().localDataDir(), environment) : null;
             LocalMilvus localTarget = job.target().isLocal() ? LocalMilvus.start(job.target().localDataDir(), environment) : null) {
            MilvusTarget source = localSource == null ? job.source().target() : job.source().target().withUri(localSource.uri());
            MilvusTarget target = localTarget == null ? job.target().target() : job.target().target().withUri(localTarget.uri());
            MilvusCopyPlan plan = MilvusCopyPlan.of(job, source, target);
            String jobId = JobIdentity.of(job.jobFile(), job.target().describe());
            try (UnitJournal journal = UnitJournal.open(UnitJournal.path(ledgerBase()), jobId, rerun)) {
                if (journal.resuming()) {
                    listener.resuming(journal.path(), journal.unitsFinishedBefore());
                }
                Set<String> existing = journal.resuming()
                        ? journal.existingTargets().orElse(plan.existingTargets()) : plan.existingTargets();
                journal.recordExistingTargets(existing);
                RunOptions unitOptions = new RunOptions(options.workers(), options.batchBytes(), options.splitBytes(),
                        journal.resuming());
                List<UnitResult> results = execute(new MilvusCopyPlan(plan.units(), existing), journal, source, target,
                        unitOptions, progress, listener);
                journal.jobFinished();
                return results;
            }
        }
    }

    private List<UnitResult> execute(MilvusCopyPlan plan, UnitJournal journal, MilvusTarget source, MilvusTarget target,
                                     RunOptions options, Function<Unit, ProgressListener> progress,
                                     UnitListener listener) throws IOException {
        List<UnitResult> results = new ArrayList<>();
        Set<String> fresh = new HashSet<>();
        Set<String> skipped = new HashSet<>();
        Set<String> readyDatabases = new HashSet<>();
        for (Unit unit : plan.units()) {
            ensureDatabase(source, unit, target, readyDatabases);
            WriteMode mode = effectiveMode(unit, plan.existingTargets(), fresh, skipped);
            MilvusTarget sourceDb = source.withDbName(unit.sourceDb());
            MilvusTarget targetDb = target.withDbName(unit.targetDb());
            Optional<JobSummary> finished = journal.finishedEarlier(unit.key());
            UnitResult result = finished.isPresent() ? new UnitResult(unit, finished.get(), 0, List.of())
                    : copy(unit, mode, journal, sourceDb, targetDb, options, progress);
            if (!plan.existingTargets().contains(unit.target())
                    || mode == WriteMode.OVERWRITE && unit.targetPartition() == null) {
                fresh.add(unit.target());
            }
            if (result.summary().status() == JobSummary.Status.SKIPPED && unit.targetPartition() == null) {
                skipped.add(unit.target());
            }
            results.add(result);
            listener.finished(result);
        }
        return results;
    }

    private UnitResult copy(Unit unit, WriteMode mode, UnitJournal journal, MilvusTarget sourceDb,
                            MilvusTarget targetDb, RunOptions options,
                            Function<Unit, ProgressListener> progress) throws IOException {
        LOG.info("Copying {} (mode {})", unit.describe(), mode.name().toLowerCase(Locale.ROOT));
        journal.unitStarted(unit.key());
        UnitResult result;
        try (MilvusCollectionSource reader = MilvusCollectionSource.open(new MilvusCollectionSourceSpec(sourceDb,
                unit.collection(), unit.partitions(), null, MilvusCollectionSourceSpec.Fields.ALL_WIRE,
                unit.filter()))) {
            CollectionTemplate template = reader.template().orElseThrow();
            // the target as the job names it: a local Milvus listens on another port each run
            String jobId = JobIdentity.of(job.jobFile(), job.target().describe(), unit.targetDb(),
                    unit.targetCollection(), Objects.requireNonNullElse(unit.targetPartition(), MilvusCopyPlan.DEFAULT_PARTITION),
                    unit.describe());
            try (MilvusSink sink = MilvusSink.open(MilvusSinkSpec.fromTemplate(targetDb, unit.targetCollection(),
                    unit.targetPartition(), mode, template));
                 Ledger ledger = Ledger.open(ledgerPath(unit), jobId, options.resume())) {
                JobSummary summary = new JobRunner(reader, sink, ledger, options, progress.apply(unit)).run();
                result = new UnitResult(unit, summary, reader.duplicateKeyRows(), reader.skippedFields());
            }
        }
        journal.unitFinished(unit.key(), result.summary());
        return result;
    }

    /**
     * The mode a unit runs with. A target the job itself creates is never skipped: in a first run skip and append
     * both create it, and in a resumed run it may exist only because the interrupted run created it before writing
     * its first row.
     */
    private static WriteMode effectiveMode(Unit unit, Set<String> existing, Set<String> fresh, Set<String> skipped) {
        WriteMode mode = modeBeforeCreation(unit, fresh, skipped);
        return mode == WriteMode.SKIP && !existing.contains(unit.exactTarget()) ? WriteMode.APPEND : mode;
    }

    private static WriteMode modeBeforeCreation(Unit unit, Set<String> fresh, Set<String> skipped) {
        if (unit.partitionMode() != null) {
            // a partition's overwrite must not drop what this job wrote into the collection it created or recreated
            return unit.partitionMode() == WriteMode.OVERWRITE && fresh.contains(unit.target()) ? WriteMode.APPEND
                    : unit.partitionMode();
        }
        if (skipped.contains(unit.target())) {
            return WriteMode.SKIP;
        }
        if (fresh.contains(unit.target())) {
            return unit.mode() == WriteMode.UPSERT ? WriteMode.UPSERT : WriteMode.APPEND;
        }
        return unit.mode();
    }

    /**
     * Creates the target database when it is missing (the default one always exists), with the timezone of the
     * source database the first unit into it reads, if it has one: TIMESTAMPTZ values without an offset are read
     * in it. Other database properties (replicas, resource groups, quotas, write denial) describe the source's
     * deployment and are not copied.
     */
    private static void ensureDatabase(MilvusTarget source, Unit unit, MilvusTarget target, Set<String> ready)
            throws IOException {
        String db = unit.targetDb();
        if (db.equals(MilvusCopyPlan.DEFAULT_DB) || !ready.add(db)) {
            return;
        }
        try (MilvusConnection connection = MilvusConnection.open(target.withDbName(null))) {
            List<String> databases = MilvusCopyPlan.databases(connection, MilvusCopyPlan.DEFAULT_DB);
            if (!databases.contains(db)) {
                Map<String, String> properties = timezoneOf(source, unit.sourceDb());
                connection.call("Create database '" + db + "'", client -> {
                    client.createDatabase(CreateDatabaseReq.builder().databaseName(db).properties(properties).build());
                    return null;
                });
                LOG.info("Created database '{}' at {}{}", db, connection.where(),
                        properties.isEmpty() ? "" : " with " + properties);
            }
        }
    }

    /**
     * {@code timezone -> zone} when database {@code db} of {@code source} has that property, else empty (also for
     * servers without DescribeDatabase, before Milvus 2.4, whose databases have no properties to read).
     */
    private static Map<String, String> timezoneOf(MilvusTarget source, String db) throws IOException {
        try (MilvusConnection connection = MilvusConnection.open(source.withDbName(null))) {
            Map<String, String> properties = connection.call("Describe database '" + db + "'", client -> client
                    .describeDatabase(DescribeDatabaseReq.builder().databaseName(db).build()).getProperties());
            String zone = properties == null ? null : properties.get(TIMEZONE_PROPERTY);
            return zone == null ? Map.of() : Map.of(TIMEZONE_PROPERTY, zone);
        } catch (MilvusOperationException e) {
            LOG.debug("Database '{}' of the source not described; its target is created without properties: {}",
                    db, e.getMessage());
            return Map.of();
        }
    }

    /** {@code <job>.<db>.<collection>.<partition>.ledger} beside the job file (or in the working directory). */
    private Path ledgerPath(Unit unit) {
        Path base = ledgerBase();
        return base.resolveSibling(base.getFileName() + "." + unit.key() + ".ledger");
    }

    /** The job file, which the ledgers are named after; {@code milvusdm-copy} in the working directory without one. */
    private Path ledgerBase() {
        return job.jobFile() != null ? job.jobFile().toAbsolutePath() : Path.of("milvusdm-copy").toAbsolutePath();
    }
}
