package io.milvusdm.job;

import io.milvusdm.milvus.WriteMode;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a native job says about the source collections one pattern matches.
 *
 * @param pattern the collections it applies to
 * @param to the target {@code [database.]collection}, or null for the source's name in the target's database;
 *     several collections with one {@code to} are merged into it, after a schema check
 * @param filter a Milvus boolean expression rows must match to be copied, or null for all rows
 * @param mode what to do with an existing target, or null for the job's default
 * @param partitions the partitions to copy, or null for all
 * @param partitionModes modes for single partitions, over {@code mode}
 * @param mergePartitions copy every partition into the target collection's default partition (the source's
 *     partitions are not recreated)
 */
public record CollectionRule(NamePattern pattern, String to, String filter, WriteMode mode, List<String> partitions,
                             Map<String, WriteMode> partitionModes, boolean mergePartitions) {

    public CollectionRule {
        Objects.requireNonNull(pattern, "pattern");
        partitions = partitions == null ? null : List.copyOf(partitions);
        partitionModes = Map.copyOf(partitionModes);
    }
}
