package io.milvusdm.job;

import io.milvusdm.milvus.IndexSpec;
import io.milvusdm.milvus.MilvusSinkSpec;
import io.milvusdm.milvus.MilvusTarget;
import io.milvusdm.milvus.WriteMode;
import io.milvusdm.pipeline.RunOptions;

/**
 * The Milvus half of a job that writes into Milvus (H2M, F2M, each unit of M2M): where, into what, how, and how fast.
 *
 * @param destination the server, or the local Milvus to start
 * @param collection the target collection
 * @param partition the target partition, or null for none
 * @param mode what to do when the target exists
 * @param metricType the metric from {@code collection_parameter.metric_type}, or null
 * @param dimension the dimension from {@code collection_parameter.dimension}, or null
 * @param autoId let the target generate primary keys
 * @param index the index to build, or null
 * @param workers worker threads, or null for the default
 * @param batchBytes batch size in bytes, or null for the default
 */
public record MilvusJobTarget(Destination destination, String collection, String partition, WriteMode mode,
                              String metricType, Integer dimension, boolean autoId, IndexSpec index, Integer workers,
                              Long batchBytes) {

    /** This target with another collection and partition (null for none): one unit of an M2M job. */
    public MilvusJobTarget forUnit(String unitCollection, String unitPartition) {
        return new MilvusJobTarget(destination, unitCollection, unitPartition, mode, metricType, dimension, autoId,
                index, workers, batchBytes);
    }

    /** The sink spec for the server at {@code target} (the destination's, or a started local one's). */
    public MilvusSinkSpec sinkSpec(MilvusTarget target) {
        return new MilvusSinkSpec(target, collection, partition, mode, metricType, dimension, autoId, index);
    }

    /** The run options: the command line's workers and batch size over the job's, over the defaults. */
    public RunOptions runOptions(Integer cliWorkers, Long cliBatchBytes, boolean resume) {
        int w = cliWorkers != null ? cliWorkers : workers != null ? workers : RunOptions.DEFAULT_WORKERS;
        long b = cliBatchBytes != null ? cliBatchBytes : batchBytes != null ? batchBytes : RunOptions.DEFAULT_BATCH_BYTES;
        return RunOptions.of(w, b, resume);
    }

    /** "collection 'c' partition 'p' on http://host:19530", for summaries. */
    public String describe() {
        return "collection '" + collection + "'" + (partition == null ? "" : " partition '" + partition + "'")
                + " on " + destination.describe();
    }
}
