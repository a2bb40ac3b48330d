package io.milvusdm.cli.similarity;

import io.milvusdm.similarity.embed.EmbeddingException;
import io.milvusdm.similarity.embed.EmbeddingModel;
import io.milvusdm.similarity.embed.EmbeddingModels;

/** The embedding models the command line opens by spec ({@link EmbeddingModels#KNOWN}). */
final class Models {

    private Models() {
    }

    /** @throws IllegalArgumentException (a usage error) for an unknown or unreadable model */
    static EmbeddingModel open(String spec) {
        try {
            return EmbeddingModels.open(spec);
        } catch (EmbeddingException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
