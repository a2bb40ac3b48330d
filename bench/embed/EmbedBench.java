import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvusdm.pipeline.ProgressListener;
import io.milvusdm.similarity.embed.BatchEmbedder;
import io.milvusdm.similarity.embed.ClipModel;
import io.milvusdm.similarity.embed.EmbeddingModel;
import io.milvusdm.similarity.embed.EmbeddingOptions;
import io.milvusdm.similarity.embed.MiniLmModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Java side of bench/embed: milvusdm's models through BatchEmbedder, the same batches as python_embed.py.
 * usage: java -cp CP EmbedBench.java DIR VARIANT CLIP_DIR BATCH THREADS   (VARIANT: FLOAT32 or QUANTISED)
 * Timed after one warm-up batch; model loading is not timed. Prints one JSON line per measurement.
 */
public class EmbedBench {

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args[0]);
        MiniLmModel.Variant variant = MiniLmModel.Variant.valueOf(args[1]);
        Path clipDir = Path.of(args[2]);
        int batch = Integer.parseInt(args[3]);
        EmbeddingOptions options = EmbeddingOptions.DEFAULTS.withBatchSize(batch)
                .withIntraOpThreads(Integer.parseInt(args[4]));

        List<String> texts = List.of(new ObjectMapper().readValue(data.resolve("sentences.json").toFile(),
                String[].class));
        try (MiniLmModel model = MiniLmModel.open(variant, options)) {
            model.embedTexts(texts.subList(0, batch));
            long start = System.nanoTime();
            new BatchEmbedder(model, batch, ProgressListener.NONE).embedTexts(texts, (first, vectors) -> { });
            print(model, texts.size(), start);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(data.resolve("images"))) {
            files = list.sorted().toList();
        }
        try (ClipModel model = ClipModel.open(clipDir, options)) {
            model.embedImages(files.subList(0, batch));
            long start = System.nanoTime();
            new BatchEmbedder(model, batch, ProgressListener.NONE).embedImages(files, (first, vectors) -> { });
            print(model, files.size(), start);
        }
    }

    private static void print(EmbeddingModel model, int inputs, long start) {
        System.out.printf("{\"side\": \"milvusdm\", \"model\": \"%s\", \"inputs\": %d, \"seconds\": %.4f}%n",
                model.name(), inputs, (System.nanoTime() - start) / 1e9);
    }
}
