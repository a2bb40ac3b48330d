package io.milvusdm.similarity.embed;

/**
 * How a model runs.
 *
 * @param batchSize inputs per forward pass: an {@code embed*} call on a longer list runs several passes, so at most
 *                  one batch of tensors is alive at a time
 * @param intraOpThreads threads ONNX Runtime uses inside one pass; 0 lets it pick (one per core)
 */
public record EmbeddingOptions(int batchSize, int intraOpThreads) {

    public static final int DEFAULT_BATCH_SIZE = 32;

    public static final EmbeddingOptions DEFAULTS = new EmbeddingOptions(DEFAULT_BATCH_SIZE, 0);

    public EmbeddingOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intra-op threads must be 0 (automatic) or more, got " + intraOpThreads);
        }
    }

    public EmbeddingOptions withBatchSize(int size) {
        return new EmbeddingOptions(size, intraOpThreads);
    }

    public EmbeddingOptions withIntraOpThreads(int threads) {
        return new EmbeddingOptions(batchSize, threads);
    }
}
