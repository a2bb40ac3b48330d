package io.milvusdm.job;

import io.milvusdm.milvus.WriteMode;

import java.util.Map;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A Milvus 2.x → Milvus 2.x job, as read from a native job file ({@link NativeJobFile}).
 *
 * @param jobFile the file it was read from (the unit ledgers live beside it), or null when built in code
 * @param source the server read (its database is the default for patterns that name none)
 * @param target the server written; its database, when given, receives the collections whose rule names none,
 *     else each goes to the database named like its source's
 * @param include the collections to copy (allow list)
 * @param exclude collections left out even when included (block list)
 * @param mode the mode of collections no rule gives one
 * @param rules per-collection settings; a collection takes the first rule whose pattern matches it
 * @param workers worker threads, or null for the default
 * @param batchBytes bytes per insert request, or null for the default
 */
public record MilvusCopyJob(Path jobFile, Destination source, Destination target, List<NamePattern> include,
                            List<NamePattern> exclude, WriteMode mode, List<CollectionRule> rules, Integer workers,
                            Long batchBytes) {

    public MilvusCopyJob {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mode, "mode");
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        rules = List.copyOf(rules);
    }

    /** The rule for {@code db.collection}: the first that matches, else one that keeps every default. */
    public CollectionRule ruleFor(String db, String collection) {
        return rules.stream().filter(r -> r.pattern().matches(db, collection)).findFirst()
                .orElse(new CollectionRule(new NamePattern(db + "." + collection, db, collection), null, null, null,
                        null, Map.of(), false));
    }
}
