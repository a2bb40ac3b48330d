package io.milvusdm.pipeline;

/**
 * What {@link Sink#complete} found after the final flush.
 *
 * @param targetRows the rows the target holds now (collection or partition)
 * @param expectedRows the rows it should hold
 */
public record SinkCompletion(long targetRows, long expectedRows) {

    public boolean matches() {
        return targetRows == expectedRows;
    }
}
