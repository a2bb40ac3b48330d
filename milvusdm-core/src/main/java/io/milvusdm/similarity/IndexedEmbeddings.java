package io.milvusdm.similarity;

import java.util.List;

/**
 * Vectors read back from an index, row i of {@code vectors} belonging to {@code sampleIds.get(i)} (and
 * {@code labelIds.get(i)} in a patch index; {@code labelIds} is null for a sample index).
 */
public record IndexedEmbeddings(float[][] vectors, List<String> sampleIds, List<String> labelIds) {

    public int size() {
        return vectors.length;
    }
}
