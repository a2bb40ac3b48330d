package io.milvusdm.pipeline;

/**
 * What {@link Sink#prepare} decided.
 *
 * @param skip the target exists and the mode says to leave it untouched: no row is written
 * @param message what was done, for the summary ("created collection 'c'", "skipped: partition 'p' exists")
 * @param rowsBefore the target's row count before the job wrote anything
 */
public record SinkPreparation(boolean skip, String message, long rowsBefore) {
}
