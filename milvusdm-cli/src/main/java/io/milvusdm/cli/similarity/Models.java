package io.milvusdm.cli.similarity;

import io.milvusdm.similarity.embed.EmbeddingModel;

/** The embedding models the command line knows by spec. */
final class Models {

    private Models() {
    }

    static boolean known(String spec) {
        return false;
    }

    static EmbeddingModel open(String spec) {
        throw new IllegalArgumentException("unknown model '" + spec + "': no embedding model is built in yet");
    }
}
