package io.milvusdm.cli;

import io.milvusdm.format.milvus1x.Milvus1xPartition;
import io.milvusdm.format.milvus1x.Milvus1xSource;
import io.milvusdm.format.milvus1x.Milvus1xSourceSpec;
import io.milvusdm.job.Milvus1xJobSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One (collection, partition) of an M2M or M2H job: the unit that is written, skipped, summarised and ledgered
 * on its own.
 *
 * @param collectionSpec the collection with every partition the job reads of it: the scope of the repeated-id check
 * @param tag the partition tag, {@value Milvus1xSource#DEFAULT_PARTITION} for the collection's own table
 */
record Milvus1xUnit(Milvus1xSourceSpec collectionSpec, String tag) {

    /**
     * Every unit of a job, collection by collection in file order; within a collection the default partition
     * first (so that an overwrite of the collection's default partition, which drops the collection, cannot undo
     * its partitions), then the partitions as listed, or as the meta lists them when none are named.
     */
    static List<Milvus1xUnit> of(Milvus1xJobSource source) throws IOException {
        List<Milvus1xUnit> units = new ArrayList<>();
        for (Milvus1xSourceSpec spec : source.specs()) {
            // The whole pre-scan of every collection (files, meta row counts, repeated ids) runs here, before
            // any unit writes a row.
            List<String> tags = new ArrayList<>();
            try (Milvus1xSource all = Milvus1xSource.open(spec)) {
                all.partitions().stream().map(Milvus1xPartition::tag).forEach(tags::add);
            }
            if (tags.remove(Milvus1xSource.DEFAULT_PARTITION)) {
                tags.add(0, Milvus1xSource.DEFAULT_PARTITION);
            }
            Milvus1xSourceSpec scope = spec.withPartitions(tags);
            for (String tag : tags) {
                units.add(new Milvus1xUnit(scope, tag));
            }
        }
        return units;
    }

    String collection() {
        return collectionSpec.collection();
    }

    boolean isDefaultPartition() {
        return Milvus1xSource.DEFAULT_PARTITION.equals(tag);
    }

    /**
     * The source restricted to this partition; its pre-scan has run over the collection's partitions in the job,
     * so that a repeated id is resolved the same way whichever partition holds its rows.
     */
    Milvus1xSource open() throws IOException {
        try (Milvus1xSource collection = Milvus1xSource.open(collectionSpec)) {
            return collection.only(tag);
        }
    }

    /** {@code <collection>.<tag>}: names the unit's ledger and its entries in the job's journal. */
    String key() {
        return collection() + "." + tag;
    }

    /** "coll/p1", for summaries. */
    String describe() {
        return collection() + "/" + tag;
    }
}
