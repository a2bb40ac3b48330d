package io.milvusdm.similarity;

import io.milvusdm.pipeline.ProgressListener;
import io.milvusdm.similarity.dataset.Dataset;
import io.milvusdm.similarity.dataset.Patch;
import io.milvusdm.similarity.dataset.Sample;
import io.milvusdm.similarity.embed.EmbeddingModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Embeddings from an image model: whole images for a sample index, box crops for a patch index, with progress. */
class ImagePatchEmbeddingTest {

    @TempDir
    Path dir;

    /** A stand-in image model: the mean red, green and blue of the image, in 0..1. */
    static final class MeanColourModel implements EmbeddingModel {
        final List<Integer> batchSizes = new ArrayList<>();

        @Override
        public String name() {
            return "mean-colour";
        }

        @Override
        public int dimension() {
            return 3;
        }

        @Override
        public boolean supportsText() {
            return false;
        }

        @Override
        public boolean supportsImages() {
            return true;
        }

        @Override
        public float[][] embedTexts(List<String> texts) {
            throw new UnsupportedOperationException(name() + " does not embed text");
        }

        @Override
        public float[][] embedImages(List<Path> images) throws IOException {
            batchSizes.add(images.size());
            float[][] out = new float[images.size()][3];
            for (int i = 0; i < images.size(); i++) {
                BufferedImage image = ImageIO.read(images.get(i).toFile());
                for (int y = 0; y < image.getHeight(); y++) {
                    for (int x = 0; x < image.getWidth(); x++) {
                        int rgb = image.getRGB(x, y);
                        out[i][0] += ((rgb >> 16) & 0xff) / 255f;
                        out[i][1] += ((rgb >> 8) & 0xff) / 255f;
                        out[i][2] += (rgb & 0xff) / 255f;
                    }
                }
                int pixels = image.getWidth() * image.getHeight();
                for (int c = 0; c < 3; c++) {
                    out[i][c] /= pixels;
                }
            }
            return out;
        }
    }

    /** A 40x20 image: left half red, right half blue. */
    Path twoColourImage(String name) throws IOException {
        BufferedImage image = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 40; x++) {
                image.setRGB(x, y, x < 20 ? 0xff0000 : 0x0000ff);
            }
        }
        Path file = dir.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    @Test
    void patches_are_embedded_as_crops_of_their_box_in_batches_with_progress() throws IOException {
        Dataset.Builder builder = Dataset.builder("imgs");
        for (int s = 0; s < 3; s++) {
            Map<String, List<Patch>> fields = new LinkedHashMap<>();
            fields.put("gt", List.of(new Patch("left" + s, "red", new double[] {0.0, 0.0, 0.5, 1.0}),
                    new Patch("right" + s, "blue", new double[] {0.5, 0.25, 0.5, 0.5})));
            builder.add(new Sample("img" + s, twoColourImage("img" + s + ".png").toString(), "{}", fields, Map.of()));
        }
        MeanColourModel model = new MeanColourModel();
        AtomicLong started = new AtomicLong();
        AtomicLong written = new AtomicLong();
        ProgressListener progress = new ProgressListener() {
            @Override
            public void started(long totalRows, long doneRows) {
                started.set(totalRows);
            }

            @Override
            public void rowsWritten(long rows) {
                written.addAndGet(rows);
            }
        };
        try (SimilarityIndex index = Similarity.compute(builder.build(), SimilarityOptions.builder("crops")
                .model(model).patchesField("gt").batchSize(4).progress(progress).store(dir.resolve("s.db")).build())) {
            IndexedEmbeddings got = index.getEmbeddings(List.of("img1"), null, false, false);
            assertThat(got.labelIds()).containsExactly("left1", "right1");
            assertThat(got.vectors()[0]).containsExactly(1f, 0f, 0f);
            assertThat(got.vectors()[1]).containsExactly(0f, 0f, 1f);
            assertThat(index.totalIndexSize()).isEqualTo(6);
            assertThat(index.config().model()).isEqualTo("mean-colour");
        }
        assertThat(model.batchSizes).containsExactly(4, 2);
        assertThat(started.get()).isEqualTo(6);
        assertThat(written.get()).isEqualTo(6);
        try (var leftovers = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(leftovers.filter(p -> p.getFileName().toString().startsWith("milvusdm-crops"))).isEmpty();
        }
    }

    @Test
    void samples_are_embedded_from_their_files() throws IOException {
        Dataset dataset = Dataset.builder("whole").add("a", twoColourImage("a.png").toString()).build();
        try (SimilarityIndex index = Similarity.compute(dataset, SimilarityOptions.builder("whole")
                .model(new MeanColourModel()).store(dir.resolve("s.db")).build())) {
            assertThat(index.getEmbeddings(List.of("a"), null, false, false).vectors()[0])
                    .containsExactly(0.5f, 0f, 0.5f);
        }
    }
}
