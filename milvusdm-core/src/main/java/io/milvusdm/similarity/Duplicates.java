package io.milvusdm.similarity;

import java.util.List;
import java.util.Map;

/**
 * What {@link SimilarityIndex#findDuplicates} found: items are visited in dataset order; an item not yet claimed
 * is kept (unique) and claims every unclaimed item strictly closer to it than the threshold as its duplicate.
 *
 * @param threshold the score bound (similarity for cosine/dotproduct, squared distance for euclidean)
 * @param uniqueIds the kept ids, in dataset order
 * @param duplicateIds the claimed ids, in dataset order
 * @param neighbors kept id to its duplicates, closest first, each with its score against the kept item (only kept
 *                  ids with at least one duplicate appear)
 */
public record Duplicates(double threshold, List<String> uniqueIds, List<String> duplicateIds,
                         Map<String, List<Hit>> neighbors) {
}
