package io.milvusdm.cli;

import io.milvusdm.format.milvus1x.Milvus1xPartition;
import io.milvusdm.format.milvus1x.Milvus1xSource;
import io.milvusdm.format.milvus1x.Milvus1xSourceSpec;
import io.milvusdm.job.Milvus1xJobSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One (collection, partition) of an M2M or M2H job: the unit that is written, skipped, summarised and ledgered
 * on its own.
 *
 * @param workPath the Milvus 1.x work path
 * @param collection the source collection, also the target's name
 * @param tag the partition tag, {@value Milvus1xSource#DEFAULT_PARTITION} for the collection's own table
 */
record Milvus1xUnit(Path workPath, String collection, String tag) {

    /**
     * Every unit of a job, collection by collection in file order; within a collection the default partition
     * first (so that an overwrite of the collection's default partition, which drops the collection, cannot undo
     * its partitions), then the partitions as listed, or as the meta lists them when none are named.
     */
    static List<Milvus1xUnit> of(Milvus1xJobSource source) throws IOException {
        List<Milvus1xUnit> units = new ArrayList<>();
        for (Milvus1xSourceSpec spec : source.specs()) {
            List<String> tags = new ArrayList<>(spec.partitionTags());
            if (tags.isEmpty()) {
                try (Milvus1xSource all = Milvus1xSource.open(spec)) {
                    all.partitions().stream().map(Milvus1xPartition::tag).forEach(tags::add);
                }
            }
            if (tags.remove(Milvus1xSource.DEFAULT_PARTITION)) {
                tags.add(0, Milvus1xSource.DEFAULT_PARTITION);
            }
            for (String tag : tags) {
                units.add(new Milvus1xUnit(source.workPath(), spec.collection(), tag));
            }
        }
        return units;
    }

    boolean isDefaultPartition() {
        return Milvus1xSource.DEFAULT_PARTITION.equals(tag);
    }

    /** The source restricted to this partition; its pre-scan has run. */
    Milvus1xSource open() throws IOException {
        return Milvus1xSource.open(new Milvus1xSourceSpec(workPath, collection, List.of(tag)));
    }

    /** "coll/p1", for summaries. */
    String describe() {
        return collection + "/" + tag;
    }
}
