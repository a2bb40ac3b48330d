package io.milvusdm.similarity;

/**
 * One result of a similarity query: the sample, the label (patch) for a patch index, and the score in the
 * index's metric (see {@link Metric}: similarity for cosine and dotproduct, squared distance for euclidean).
 *
 * @param sampleId the sample
 * @param labelId the patch's label id, or null for a sample index
 * @param score the score
 */
public record Hit(String sampleId, String labelId, double score) {

    /** The id the index is keyed by: the label id for a patch index, else the sample id. */
    public String id() {
        return labelId != null ? labelId : sampleId;
    }
}
