package io.milvusdm.similarity.embed;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns inputs into vectors of a fixed dimension. A model embeds text, images, or both (a CLIP-style model puts
 * both in one space, so a text prompt can query an image index). Implementations are thread-safe.
 */
public interface EmbeddingModel extends AutoCloseable {

    /** A stable name recorded in index records, e.g. {@code all-minilm-l6-v2}. */
    String name();

    /** The length of every vector the model returns. */
    int dimension();

    boolean supportsText();

    boolean supportsImages();

    /**
     * Embeds texts, one vector per text, in input order.
     *
     * @throws UnsupportedOperationException when {@link #supportsText()} is false, saying which model it is
     */
    float[][] embedTexts(List<String> texts);

    /**
     * Embeds image files, one vector per file, in input order.
     *
     * @throws IOException naming the file that cannot be read or decoded
     * @throws UnsupportedOperationException when {@link #supportsImages()} is false, saying which model it is
     */
    float[][] embedImages(List<Path> images) throws IOException;

    @Override
    default void close() {
    }
}
