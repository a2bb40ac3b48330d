package io.milvusdm.cli.similarity;

import io.milvusdm.similarity.SimilarityIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code milvusdm similarity add}: add_to_index. */
@Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Adds vectors to an index; an id already indexed is replaced (or kept with --no-overwrite):"
                + " an index never holds an id twice.",
        footer = {"", "Example:",
            "  milvusdm similarity add --dataset pets --key emb --vectors new.npy --sample-ids new-ids.txt"})
final class AddCommand extends IndexCommand {

    @Option(names = "--dataset", paramLabel = "NAME", required = true)
    String dataset;

    @Option(names = "--key", paramLabel = "KEY", required = true)
    String key;

    @Option(names = "--vectors", paramLabel = "FILE", required = true, description = "Rows to add: .npy or JSON.")
    Path vectors;

    @Option(names = "--sample-ids", paramLabel = "FILE", required = true,
            description = "The rows' sample ids: JSON array or one per line.")
    Path sampleIds;

    @Option(names = "--label-ids", paramLabel = "FILE", description = "Patch index: the rows' label ids.")
    Path labelIds;

    @Option(names = "--no-overwrite", description = "Keep the stored vector of an id already indexed.")
    boolean noOverwrite;

    @Option(names = "--no-allow-existing", description = "Fail, adding nothing, when any id is already indexed.")
    boolean noAllowExisting;

    @Option(names = "--warn-existing", description = "Report ids already indexed.")
    boolean warnExisting;

    AddCommand(Map<String, String> environment) {
        super(environment);
    }

    @Override
    int run() throws Exception {
        float[][] rows = VectorFiles.read(vectors);
        List<String> samples = VectorFiles.ids(sampleIds);
        List<String> labels = labelIds == null ? null : VectorFiles.ids(labelIds);
        try (SimilarityIndex similarity = index.load(dataset, key, environment, this::warn)) {
            similarity.addToIndex(rows, samples, labels,
                    new SimilarityIndex.AddOptions(!noOverwrite, !noAllowExisting, warnExisting));
            long size = similarity.totalIndexSize();
            if (json) {
                printJson(Map.of("added", rows.length, "size", size));
            } else {
                out().printf("Index '%s' now holds %d items%n", key, size);
            }
        }
        return 0;
    }
}
