package io.milvusdm.job;

import io.milvus.v2.service.partition.request.ListPartitionsReq;
import io.milvusdm.job.MilvusCopy.Unit;
import io.milvusdm.milvus.CollectionTemplate;
import io.milvusdm.milvus.MilvusConnection;
import io.milvusdm.milvus.MilvusOperationException;
import io.milvusdm.milvus.MilvusTarget;
import io.milvusdm.milvus.TargetMismatchException;
import io.milvusdm.milvus.WriteMode;
import io.milvusdm.milvus.source.MilvusSourceException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a {@link MilvusCopyJob} will do, decided before anything is written: its units, and which targets existed
 * before the job.
 *
 * <p>The source's databases and collections are listed and matched against the allow and block lists; a pattern
 * without wildcards that matches nothing (an unknown database or collection) is an error naming what is there.
 * Each collection's template (schema, indexes, ...) is read; collections merged into one target must have the same
 * fields ({@link CollectionTemplate#differences}), and so must an existing target that is not overwritten. Any
 * problem stops the job here, with nothing written.
 *
 * <p>A unit is one source partition into the target partition of the same name ({@code _default} into the default
 * one, first of its collection's units, whatever order a rule lists them in); a collection with a partition key (the server routes its rows) or a rule with {@code merge_partitions} is
 * one unit, all partitions into the default partition.
 *
 * @param units the units, in the order they run: databases, then collections, by name
 * @param existingTargets the targets that existed: {@code db.collection} and, for those,
 *     {@code db.collection/partition}
 */
record MilvusCopyPlan(List<Unit> units, Set<String> existingTargets) {

    static final String DEFAULT_DB = "default";
    static final String DEFAULT_PARTITION = "_default";

    /**
     * Lists and matches the source's databases and collections, reads each collection's template, and checks
     * merges and the targets that exist.
     *
     * @throws MilvusSourceException for an unknown database, collection or partition, no collection matched, or
     *     collections that cannot be merged
     * @throws TargetMismatchException when an existing target that is kept does not fit its source
     */
    static MilvusCopyPlan of(MilvusCopyJob job, MilvusTarget source, MilvusTarget target) throws IOException {
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
                        units.addAll(units(job, dbConnection, db, collection, rule, template,
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
        return new MilvusCopyPlan(units, existing);
    }

    private static boolean globMatchesDb(NamePattern pattern, String db) {
        return new NamePattern(pattern.text(), pattern.database(), "*").matches(db, "x");
    }

    /** The server's databases; servers without databases (Milvus Lite 2.x) have the default one only. */
    static List<String> databases(MilvusConnection connection, String fallback) throws IOException {
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

    private static List<Unit> units(MilvusCopyJob job, MilvusConnection connection, String db, String collection,
                                    CollectionRule rule, CollectionTemplate template, String targetDefaultDb)
            throws IOException {
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
        List<String> partitions = new ArrayList<>(rule.partitions() != null ? rule.partitions() : existing);
        // the default partition's unit may drop and recreate the whole target: it runs before the others, so that
        // it never drops what they wrote
        if (partitions.remove(DEFAULT_PARTITION)) {
            partitions.add(0, DEFAULT_PARTITION);
        }
        List<Unit> units = new ArrayList<>();
        for (String partition : partitions) {
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
}
