package io.milvusdm.job;

import io.milvus.v2.service.database.request.CreateDatabaseReq;
import io.milvus.v2.service.database.request.DescribeDatabaseReq;
import io.milvus.v2.service.partition.request.ListPartitionsReq;
import io.milvusdm.milvus.CollectionTemplate;
import io.milvusdm.milvus.LocalMilvus;
import io.milvusdm.milvus.MilvusConnection;
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

import io.milvusdm.milvus.MilvusOperationException;
import java.util.Locale;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Runs a Milvus 2.x → Milvus 2.x job ({@link MilvusCopyJob}) unit by unit. A collection goes to the target
 * database its rule names, else the target's {@code db}, else the database of the same name as its source's.
 *
 * <h2>Plan, before anything is written</h2>
 * The source's databases and collections are listed and matched against the allow and block lists; a pattern
 * without wildcards that matches nothing (an unknown database or collection) is an error naming what is there.
 * Each collection's template (schema, indexes, ...) is read; collections merged into one target must have the same
 * fields ({@link CollectionTemplate#differences}), and so must an existing target that is not overwritten. Any
 * problem stops the job here, with nothing written.
 *
 * <h2>Units</h2>
 * A unit is one source partition into the target partition of the same name ({@code _default} into the default
 * one), run as one job with its own ledger ({@code <job>.<db>.<collection>.<partition>.ledger}). A collection with a
 * partition key (the server routes its rows) or a rule with {@code merge_partitions} is one unit, all partitions
 * into the default partition. The target collection is created from the template by the first unit that writes
 * into it.
 *
 * <h2>Runs after an interruption</h2>
 * The job's journal ({@link UnitJournal}, {@code <job>.ledger}) records the targets that existed before the first
 * run and which units finished. A run that finds an unfinished run of the same job continues it: finished units are
 * left as they are, the others resume from their ledgers, and modes are decided on the recorded targets, so that
 * a target the interrupted run created is neither skipped nor dropped again.
 *
 * <h2>Modes</h2>
 * A partition's mode ({@code partition_modes}) wins; otherwise the collection's. Once a unit has created or
 * recreated a target collection, later units into it append (or upsert): a second source merged in, or the
 * collection's other partitions, must not drop what the first wrote. Once a target was skipped, its later units
 * are skipped too.
 */
public final class MilvusCopy {

    private static final Logger LOG = LoggerFactory.getLogger(MilvusCopy.class);
    private static final String DEFAULT_DB = "default";
    /** The database and collection property that says in which zone TIMESTAMPTZ text without an offset is read. */
    private static final String TIMEZONE_PROPERTY = "timezone";
    private static final String DEFAULT_PARTITION = "_default";

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
            Plan plan = plan(source, target);
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
                List<UnitResult> results = execute(new Plan(plan.units(), existing), journal, source, target,
                        unitOptions, progress, listener);
                journal.jobFinished();
                return results;
            }
        }
    }

    /**
     * The units, and which targets existed before the job: {@code db.collection} and, for those,
     * {@code db.collection/partition}.
     */
    record Plan(List<Unit> units, Set<String> existingTargets) {
    }

    Plan plan(MilvusTarget source, MilvusTarget target) throws IOException {
        String sourceDefaultDb = Objects.requireNonNullElse(source.dbName(), DEFAULT_DB);
        List<Unit> units = new ArrayList<>();
        Map<String, CollectionTemplate> templates = new LinkedHashMap<>();
        try (MilvusConnection connection = MilvusConnection.open(source)) {
            List<String> databases = databases(connection, sourceDefaultDb);
            for (NamePattern pattern : job.include()) {
                if (pattern.exactDatabase() && !databases.contains(pattern.database())) {
                    throw new MilvusSourceException("Database '" + pattern.database() + "' (from include pattern '"
                            + pattern.text() + "') does not exist at " + connection.where() + "; the databases there: "
                            + String.join(", ", databases));
                }
            }
            for (String db : databases) {
                if (job.include().stream().noneMatch(p -> globMatchesDb(p, db))) {
                    continue;
                }
                try (MilvusConnection dbConnection = MilvusConnection.open(source.withDbName(db))) {
                    List<String> collections = dbConnection.call("List collections of database '" + db + "'",
                            client -> client.listCollections().getCollectionNames());
                    List<String> sorted = new ArrayList<>(new TreeSet<>(collections));
                    for (NamePattern pattern : job.include()) {
                        if (pattern.exact() && pattern.database().equals(db) && !sorted.contains(pattern.collection())) {
                            throw new MilvusSourceException("Collection '" + pattern.collection() + "' (from include "
                                    + "pattern '" + pattern.text() + "') does not exist in database '" + db + "' at "
                                    + dbConnection.where() + "; the collections there: "
                                    + (sorted.isEmpty() ? "none" : String.join(", ", sorted)));
                        }
                    }
                    for (String collection : sorted) {
                        boolean included = job.include().stream().anyMatch(p -> p.matches(db, collection));
                        boolean excluded = job.exclude().stream().anyMatch(p -> p.matches(db, collection));
                        if (!included || excluded) {
                            continue;
                        }
                        CollectionRule rule = job.ruleFor(db, collection);
                        CollectionTemplate template = CollectionTemplate.read(dbConnection, collection);
                        templates.put(db + "." + collection, template);
                        units.addAll(units(dbConnection, db, collection, rule, template,
                                Objects.requireNonNullElse(target.dbName(), db)));
                    }
                }
            }
        }
        if (units.isEmpty()) {
            throw new MilvusSourceException("No collection at " + MilvusTarget.redactUserInfo(source.uri())
                    + " matches the job's include patterns " + job.include().stream().map(NamePattern::text).toList()
                    + (job.exclude().isEmpty() ? "" : " outside its exclude patterns "
                    + job.exclude().stream().map(NamePattern::text).toList()));
        }
        checkMerges(units, templates);
        Set<String> existing = checkExistingTargets(units, templates, target);
        return new Plan(units, existing);
    }

    private static boolean globMatchesDb(NamePattern pattern, String db) {
        return new NamePattern(pattern.text(), pattern.database(), "*").matches(db, "x");
    }

    /** The server's databases; servers without databases (Milvus Lite 2.x) have the default one only. */
    private static List<String> databases(MilvusConnection connection, String fallback) throws IOException {
        try {
            return connection.call("List databases",
                    client -> new ArrayList<>(new TreeSet<>(client.listDatabases().getDatabaseNames())));
        } catch (MilvusOperationException e) {
            if (e.kind() == MilvusOperationException.Kind.UNSUPPORTED) {
                return List.of(fallback);
            }
            throw e;
        }
    }

    private List<Unit> units(MilvusConnection connection, String db, String collection, CollectionRule rule,
                             CollectionTemplate template, String targetDefaultDb) throws IOException {
        String targetDb = targetDefaultDb;
        String targetCollection = collection;
        if (rule.to() != null) {
            int dot = rule.to().indexOf('.');
            targetDb = dot < 0 ? targetDefaultDb : rule.to().substring(0, dot);
            targetCollection = dot < 0 ? rule.to() : rule.to().substring(dot + 1);
        }
        WriteMode mode = rule.mode() != null ? rule.mode() : job.mode();
        List<String> existing = connection.call("List partitions of collection '" + collection + "'",
                client -> client.listPartitions(ListPartitionsReq.builder().collectionName(collection).build()));
        if (rule.partitions() != null) {
            for (String partition : rule.partitions()) {
                if (!existing.contains(partition)) {
                    throw new MilvusSourceException("Collection '" + db + "." + collection + "' has no partition '"
                            + partition + "'; its partitions: " + String.join(", ", existing));
                }
            }
        }
        for (String partition : rule.partitionModes().keySet()) {
            if (!existing.contains(partition)) {
                throw new MilvusSourceException("partition_modes names partition '" + partition + "', which collection '"
                        + db + "." + collection + "' does not have; its partitions: " + String.join(", ", existing));
            }
        }
        if (template.partitionKey().isPresent() || rule.mergePartitions()) {
            return List.of(new Unit(db, collection, rule.partitions(), targetDb, targetCollection, null, rule.filter(),
                    mode, null));
        }
        List<Unit> units = new ArrayList<>();
        for (String partition : rule.partitions() != null ? rule.partitions() : existing) {
            units.add(new Unit(db, collection, List.of(partition), targetDb, targetCollection,
                    partition.equals(DEFAULT_PARTITION) ? null : partition, rule.filter(), mode,
                    rule.partitionModes().get(partition)));
        }
        return units;
    }

    /** Collections merged into one target must have the same fields: checked before anything is written. */
    private static void checkMerges(List<Unit> units, Map<String, CollectionTemplate> templates)
            throws MilvusSourceException {
        Map<String, String> firstSource = new LinkedHashMap<>();
        for (Unit unit : units) {
            String source = unit.sourceDb() + "." + unit.collection();
            String first = firstSource.putIfAbsent(unit.target(), source);
            if (first != null && !first.equals(source)) {
                List<String> differences = templates.get(first).differences(first, templates.get(source), source);
                if (!differences.isEmpty()) {
                    throw new MilvusSourceException("Cannot merge collections '" + first + "' and '" + source
                            + "' into '" + unit.target() + "': " + String.join("; ", differences));
                }
            }
        }
    }

    /**
     * Existing targets that are not to be dropped must take their sources' rows as they are; returns the targets
     * that exist.
     */
    private static Set<String> checkExistingTargets(List<Unit> units, Map<String, CollectionTemplate> templates,
                                                    MilvusTarget target) throws IOException {
        Set<String> existing = new HashSet<>();
        Map<String, List<Unit>> byDb = new LinkedHashMap<>();
        units.forEach(u -> byDb.computeIfAbsent(u.targetDb(), k -> new ArrayList<>()).add(u));
        try (MilvusConnection connection = MilvusConnection.open(target)) {
            List<String> databases = databases(connection, Objects.requireNonNullElse(target.dbName(), DEFAULT_DB));
            for (Map.Entry<String, List<Unit>> entry : byDb.entrySet()) {
                if (!databases.contains(entry.getKey())) {
                    continue;
                }
                try (MilvusConnection db = MilvusConnection.open(target.withDbName(entry.getKey()))) {
                    List<String> collections = db.call("List collections", c -> c.listCollections().getCollectionNames());
                    Set<String> checked = new HashSet<>();
                    for (Unit unit : entry.getValue()) {
                        if (!collections.contains(unit.targetCollection())) {
                            continue;
                        }
                        if (existing.add(unit.target())) {
                            List<String> partitions = db.call("List partitions of collection '"
                                    + unit.targetCollection() + "'", c -> c.listPartitions(ListPartitionsReq.builder()
                                    .collectionName(unit.targetCollection()).build()));
                            partitions.forEach(p -> existing.add(unit.target() + "/" + p));
                        }
                        boolean dropped = unit.mode() == WriteMode.OVERWRITE && unit.targetPartition() == null;
                        String source = unit.sourceDb() + "." + unit.collection();
                        if (dropped || unit.mode() == WriteMode.SKIP || !checked.add(source)) {
                            continue;
                        }
                        CollectionTemplate there = CollectionTemplate.read(db, unit.targetCollection());
                        List<String> differences = templates.get(source).differences(source, there, unit.target());
                        if (!differences.isEmpty()) {
                            throw new TargetMismatchException(unit.targetCollection(), "Collection '" + unit.target()
                                    + "' exists at " + db.where() + " and its fields differ from those of source"
                                    + " collection '" + source + "': " + String.join("; ", differences)
                                    + "; use mode overwrite to replace it, or another target name");
                        }
                    }
                }
            }
        }
        return existing;
    }

    private List<UnitResult> execute(Plan plan, UnitJournal journal, MilvusTarget source, MilvusTarget target,
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
                    unit.targetCollection(), Objects.requireNonNullElse(unit.targetPartition(), DEFAULT_PARTITION),
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
            return unit.partitionMode();
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
        if (db.equals(DEFAULT_DB) || !ready.add(db)) {
            return;
        }
        try (MilvusConnection connection = MilvusConnection.open(target.withDbName(null))) {
            List<String> databases = databases(connection, DEFAULT_DB);
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
