package io.milvusdm.similarity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvusdm.pipeline.ProgressListener;
import io.milvusdm.similarity.dataset.Dataset;
import io.milvusdm.similarity.dataset.Patch;
import io.milvusdm.similarity.dataset.Sample;
import io.milvusdm.similarity.embed.BatchEmbedder;
import io.milvusdm.similarity.embed.EmbeddingModel;
import io.milvusdm.similarity.store.SimilarityStore.IndexRow;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns a dataset into index rows from one {@link Embeddings} source: an array, a stored field, or a model run
 * in batches with progress. Sample text for a text model comes from a metadata key; patch crops for an image
 * model are cut from the sample's image (box {@code [x, y, w, h]} relative) into temporary PNG files.
 */
final class EmbeddingComputer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Dataset dataset;
    private final String patchesField;
    private final Consumer<String> warnings;

    EmbeddingComputer(Dataset dataset, String patchesField, Consumer<String> warnings) {
        this.dataset = dataset;
        this.patchesField = patchesField;
        this.warnings = warnings;
    }

    /** One item to embed: the key it is indexed by, its sample, and its patch (or null). */
    private record Item(String pk, Sample sample, Patch patch) {
    }

    private List<Item> items() {
        List<Item> items = new ArrayList<>();
        if (patchesField == null) {
            dataset.samples().forEach(s -> items.add(new Item(s.id(), s, null)));
        } else {
            dataset.patches(patchesField).forEach(sp -> items.add(new Item(sp.patch().id(), sp.sample(), sp.patch())));
        }
        return items;
    }

    List<IndexRow> rows(Embeddings source, SimilarityOptions options) throws IOException {
        List<Item> items = items();
        if (source instanceof Embeddings.Array array) {
            if (array.rows().length != items.size()) {
                throw new IllegalArgumentException(array.rows().length + " embeddings for " + items.size() + " "
                        + (patchesField == null ? "samples" : "patches of '" + patchesField + "'") + " of dataset '"
                        + dataset.name() + "': give one row per item, in dataset order");
            }
            List<IndexRow> rows = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                rows.add(new IndexRow(items.get(i).pk(), items.get(i).sample().id(), array.rows()[i]));
            }
            return rows;
        }
        if (source instanceof Embeddings.Field field) {
            List<IndexRow> rows = new ArrayList<>();
            for (Item item : items) {
                float[] vector = item.patch() != null ? item.patch().vectors().get(field.name())
                        : item.sample().vectors().get(field.name());
                if (vector != null) {
                    rows.add(new IndexRow(item.pk(), item.sample().id(), vector));
                }
            }
            if (rows.size() < items.size()) {
                warnings.accept((items.size() - rows.size()) + " of " + items.size() + " items of dataset '"
                        + dataset.name() + "' have no vector '" + field.name() + "' and are not indexed");
            }
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("no item of dataset '" + dataset.name() + "' has a vector field '"
                        + field.name() + "'");
            }
            return rows;
        }
        if (source instanceof Embeddings.FromModel) {
            if (options.model == null) {
                throw new IllegalArgumentException("embeddings from a model, but no model was given");
            }
            return fromModel(items, options.model, options.textField, options.batchSize, options.progress);
        }
        return List.of();
    }

    private List<IndexRow> fromModel(List<Item> items, EmbeddingModel model, String textField, int batchSize,
                                     ProgressListener progress) throws IOException {
        boolean text = textField != null || !model.supportsImages();
        if (text && !model.supportsText()) {
            throw new IllegalArgumentException("model '" + model.name() + "' does not embed text");
        }
        if (text && patchesField != null) {
            throw new IllegalArgumentException("patches are embedded as image crops; model '" + model.name()
                    + "' does not embed images");
        }
        String key = textField != null ? textField : "text";
        List<Item> usable = new ArrayList<>();
        for (Item item : items) {
            boolean has = text ? textOf(item.sample(), key) != null : item.sample().filepath() != null;
            if (has) {
                usable.add(item);
            }
        }
        if (usable.size() < items.size()) {
            warnings.accept((items.size() - usable.size()) + " items of dataset '" + dataset.name() + "' have no "
                    + (text ? "metadata text '" + key + "'" : "filepath") + " and are not indexed");
        }
        float[][] vectors = new float[usable.size()][];
        BatchEmbedder embedder = new BatchEmbedder(model, batchSize, progress);
        BatchEmbedder.BatchSink keep = (first, batch) -> System.arraycopy(batch, 0, vectors, first, batch.length);
        if (text) {
            embedder.embedTexts(usable.stream().map(i -> textOf(i.sample(), key)).toList(), keep);
        } else if (patchesField == null) {
            embedder.embedImages(usable.stream().map(i -> Path.of(i.sample().filepath())).toList(), keep);
        } else {
            embedCrops(model, usable, batchSize, progress, vectors);
        }
        List<IndexRow> rows = new ArrayList<>(usable.size());
        for (int i = 0; i < usable.size(); i++) {
            rows.add(new IndexRow(usable.get(i).pk(), usable.get(i).sample().id(), vectors[i]));
        }
        return rows;
    }

    private static String textOf(Sample sample, String key) {
        try {
            JsonNode value = JSON.readTree(sample.metadataJson()).get(key);
            return value == null || value.isNull() ? null : value.asText();
        } catch (IOException e) {
            return null;
        }
    }

    /** Patches batch by batch: each batch's crops are written, embedded and deleted before the next. */
    private static void embedCrops(EmbeddingModel model, List<Item> items, int batchSize, ProgressListener progress,
                                   float[][] vectors) throws IOException {
        progress.started(items.size(), 0);
        try {
            for (int first = 0; first < items.size(); first += batchSize) {
                List<Item> batch = items.subList(first, Math.min(items.size(), first + batchSize));
                Path dir = Files.createTempDirectory("milvusdm-crops");
                try {
                    List<Path> crops = new ArrayList<>();
                    for (Item item : batch) {
                        crops.add(crop(Path.of(item.sample().filepath()), item.patch(), dir));
                    }
                    float[][] embedded = model.embedImages(crops);
                    System.arraycopy(embedded, 0, vectors, first, embedded.length);
                } finally {
                    try (var files = Files.list(dir)) {
                        for (Path file : files.toList()) {
                            Files.deleteIfExists(file);
                        }
                    }
                    Files.deleteIfExists(dir);
                }
                progress.rowsWritten(batch.size());
            }
        } finally {
            progress.finished();
        }
    }

    /** The patch's box cut from the image, at least one pixel each way, as a PNG in {@code dir}. */
    static Path crop(Path image, Patch patch, Path dir) throws IOException {
        BufferedImage full = ImageIO.read(image.toFile());
        if (full == null) {
            throw new IOException("Cannot decode image " + image + " (patch '" + patch.id() + "')");
        }
        double[] box = patch.box();
        int x = clamp((int) Math.floor(box[0] * full.getWidth()), 0, full.getWidth() - 1);
        int y = clamp((int) Math.floor(box[1] * full.getHeight()), 0, full.getHeight() - 1);
        int w = clamp((int) Math.round(box[2] * full.getWidth()), 1, full.getWidth() - x);
        int h = clamp((int) Math.round(box[3] * full.getHeight()), 1, full.getHeight() - y);
        Path out = dir.resolve(Integer.toHexString(patch.id().hashCode()) + "-" + System.nanoTime() + ".png");
        ImageIO.write(full.getSubimage(x, y, w, h), "png", out.toFile());
        return out;
    }

    private static int clamp(int value, int lo, int hi) {
        return Math.max(lo, Math.min(hi, value));
    }
}
