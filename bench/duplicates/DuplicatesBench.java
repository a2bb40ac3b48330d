import io.milvusdm.format.npy.NpyReader;
import io.milvusdm.similarity.BackendKind;
import io.milvusdm.similarity.Duplicates;
import io.milvusdm.similarity.Embeddings;
import io.milvusdm.similarity.Metric;
import io.milvusdm.similarity.MilvusSettings;
import io.milvusdm.similarity.Similarity;
import io.milvusdm.similarity.SimilarityIndex;
import io.milvusdm.similarity.SimilarityOptions;
import io.milvusdm.similarity.dataset.Dataset;
import io.milvusdm.similarity.dataset.Sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The duplicates benchmark's Java side: DuplicatesBench.java DIR BACKEND URI THRESHOLD SIDE. Builds a cosine index
 * over DIR/vectors.npy (build not timed), runs SimilarityIndex.findDuplicates(THRESHOLD), prints one JSON line and
 * writes the duplicate ids to DIR/SIDE.dups for the comparison with numpy's.
 */
public class DuplicatesBench {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        BackendKind backend = BackendKind.parse(args[1]);
        String uri = args[2];
        double threshold = Double.parseDouble(args[3]);
        String side = args[4];
        float[][] vectors = read(dir.resolve("vectors.npy"));
        Dataset.Builder builder = Dataset.builder("bench");
        for (int i = 0; i < vectors.length; i++) {
            builder.add(Sample.of("v" + i, null));
        }
        Path store = dir.resolve("store-" + side + ".db");
        Files.deleteIfExists(store);
        SimilarityOptions.Builder options = SimilarityOptions.builder("dups").backend(backend).metric(Metric.COSINE)
                .embeddings(Embeddings.array(vectors)).store(store).environment(System.getenv())
                .configFile(dir.resolve("none.json"));
        if (backend == BackendKind.MILVUS) {
            options.milvus(MilvusSettings.uri(uri)).collectionName("duplicates_bench");
        }
        try (SimilarityIndex index = Similarity.compute(builder.build(), options.build())) {
            long start = System.nanoTime();
            Duplicates found = index.findDuplicates(threshold);
            double seconds = (System.nanoTime() - start) / 1e9;
            Files.writeString(dir.resolve(side + ".dups"), String.join("\n", found.duplicateIds()));
            System.out.printf("{\"side\": \"%s\", \"rows\": %d, \"seconds\": %.2f, \"kept\": %d, \"duplicates\": %d}%n",
                    side, vectors.length, seconds, found.uniqueIds().size(), found.duplicateIds().size());
            if (backend == BackendKind.MILVUS) {
                index.cleanup();
            }
        }
    }

    static float[][] read(Path file) throws Exception {
        try (NpyReader reader = NpyReader.open(file)) {
            int rows = (int) reader.header().rows();
            int dim = (int) reader.header().columns();
            float[][] out = new float[rows][];
            float[] row = new float[dim];
            for (int i = 0; i < rows; i++) {
                reader.readFloats(i, 1, row, 0);
                out[i] = Arrays.copyOf(row, dim);
            }
            return out;
        }
    }
}
