package io.milvusdm.similarity.embed;

import io.milvusdm.pipeline.ProgressListener;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchEmbedderTest {

    /** Embeds "n" as [n, len]; records the batches it was given. Fails on an image named "bad.png". */
    private static final class RecordingModel implements EmbeddingModel {
        final List<Integer> batches = new ArrayList<>();

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public boolean supportsText() {
            return true;
        }

        @Override
        public boolean supportsImages() {
            return true;
        }

        @Override
        public float[][] embedTexts(List<String> texts) {
            batches.add(texts.size());
            return texts.stream().map(t -> new float[] {Float.parseFloat(t), t.length()}).toArray(float[][]::new);
        }

        @Override
        public float[][] embedImages(List<Path> images) throws IOException {
            batches.add(images.size());
            for (Path image : images) {
                if (image.getFileName().toString().equals("bad.png")) {
                    throw new NoSuchFileException(image.toString());
                }
            }
            return images.stream().map(p -> new float[] {p.toString().length(), 0}).toArray(float[][]::new);
        }
    }

    private static final class RecordingProgress implements ProgressListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void started(long totalRows, long doneRows) {
            events.add("started " + totalRows + " " + doneRows);
        }

        @Override
        public void rowsWritten(long rows) {
            events.add("+" + rows);
        }

        @Override
        public void finished() {
            events.add("finished");
        }
    }

    @Test
    void embedsInBatchesInInputOrderReportingProgress() throws IOException {
        RecordingModel model = new RecordingModel();
        RecordingProgress progress = new RecordingProgress();
        List<String> texts = IntStream.range(0, 10).mapToObj(Integer::toString).toList();
        List<Integer> firsts = new ArrayList<>();
        List<Float> seen = new ArrayList<>();

        new BatchEmbedder(model, 4, progress).embedTexts(texts, (first, vectors) -> {
            firsts.add(first);
            for (float[] v : vectors) {
                seen.add(v[0]);
            }
        });

        assertThat(model.batches).containsExactly(4, 4, 2);
        assertThat(firsts).containsExactly(0, 4, 8);
        assertThat(seen).containsExactly(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f);
        assertThat(progress.events).containsExactly("started 10 0", "+4", "+4", "+2", "finished");
    }

    @Test
    void collectsAllVectorsWhenAsked() {
        float[][] vectors = new BatchEmbedder(new RecordingModel(), 3, ProgressListener.NONE)
                .embedTexts(List.of("5", "6", "7", "8"));
        assertThat(vectors).hasNumberOfRows(4);
        assertThat(vectors[3][0]).isEqualTo(8f);
    }

    @Test
    void aFailedBatchStopsTheRunAndStillFinishesProgress() {
        RecordingModel model = new RecordingModel();
        RecordingProgress progress = new RecordingProgress();
        List<Path> images = List.of(Path.of("a.png"), Path.of("b.png"), Path.of("bad.png"), Path.of("c.png"));

        assertThatThrownBy(() -> new BatchEmbedder(model, 2, progress).embedImages(images))
                .isInstanceOf(NoSuchFileException.class).hasMessage("bad.png");
        assertThat(model.batches).containsExactly(2, 2);
        assertThat(progress.events).containsExactly("started 4 0", "+2", "finished");
    }

    @Test
    void emptyListsAndBadSizes() throws IOException {
        RecordingProgress progress = new RecordingProgress();
        assertThat(new BatchEmbedder(new RecordingModel(), 2, progress).embedImages(List.of())).isEmpty();
        assertThat(progress.events).containsExactly("started 0 0", "finished");
        assertThatThrownBy(() -> new BatchEmbedder(new RecordingModel(), 0, ProgressListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1, got 0");
    }
}
