package io.milvusdm.similarity.embed;

import io.milvusdm.pipeline.ProgressListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Embeds a long list of texts or image files a batch at a time, telling a {@link ProgressListener} as it goes
 * ({@code started(total, 0)}, {@code rowsWritten(n)} per batch, {@code finished()} at the end, failed or not).
 * The streaming forms hand each batch's vectors to a {@link BatchSink} and keep nothing, so memory holds one batch
 * of inputs, tensors and vectors whatever the list's length. Threads inside a batch are the model's
 * ({@link EmbeddingOptions#intraOpThreads()}).
 */
public final class BatchEmbedder {

    /** Receives the vectors of inputs {@code first .. first + vectors.length - 1}, in input order. */
    @FunctionalInterface
    public interface BatchSink {
        void accept(int first, float[][] vectors) throws IOException;
    }

    private final EmbeddingModel model;
    private final int batchSize;
    private final ProgressListener progress;

    public BatchEmbedder(EmbeddingModel model, int batchSize, ProgressListener progress) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.model = model;
        this.batchSize = batchSize;
        this.progress = progress;
    }

    public void embedTexts(List<String> texts, BatchSink sink) throws IOException {
        run(texts, model::embedTexts, sink);
    }

    public void embedImages(List<Path> images, BatchSink sink) throws IOException {
        run(images, model::embedImages, sink);
    }

    /** All vectors at once: for lists whose vectors fit in memory (a query's prompts, a test). */
    public float[][] embedTexts(List<String> texts) {
        float[][] out = new float[texts.size()][];
        try {
            embedTexts(texts, (first, vectors) -> System.arraycopy(vectors, 0, out, first, vectors.length));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // texts read no file and the sink writes none
        }
        return out;
    }

    public float[][] embedImages(List<Path> images) throws IOException {
        float[][] out = new float[images.size()][];
        embedImages(images, (first, vectors) -> System.arraycopy(vectors, 0, out, first, vectors.length));
        return out;
    }

    private interface Model<T> {
        float[][] embed(List<T> batch) throws IOException;
    }

    private <T> void run(List<T> inputs, Model<T> embed, BatchSink sink) throws IOException {
        progress.started(inputs.size(), 0);
        try {
            for (int first = 0; first < inputs.size(); first += batchSize) {
                List<T> batch = inputs.subList(first, Math.min(inputs.size(), first + batchSize));
                float[][] vectors = embed.embed(batch);
                if (vectors.length != batch.size()) {
                    throw new EmbeddingException(model.name() + " returned " + vectors.length + " vectors for "
                            + batch.size() + " inputs");
                }
                sink.accept(first, vectors);
                progress.rowsWritten(batch.size());
            }
        } finally {
            progress.finished();
        }
    }
}
