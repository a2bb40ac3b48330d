package io.milvusdm.similarity.embed;

/**
 * A model cannot be opened or run: a missing or unreadable model file, a tensor name the graph does not have, or an
 * output whose shape is not what the configuration says. The message names the file and tensor.
 */
public class EmbeddingException extends RuntimeException {

    public EmbeddingException(String message) {
        super(message);
    }

    public EmbeddingException(String message, Throwable cause) {
        super(message, cause);
    }
}
