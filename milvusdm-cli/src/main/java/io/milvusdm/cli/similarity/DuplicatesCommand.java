package io.milvusdm.cli.similarity;

import io.milvusdm.similarity.Duplicates;
import io.milvusdm.similarity.Hit;
import io.milvusdm.similarity.SimilarityIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;

/** {@code milvusdm similarity duplicates}: near-duplicate groups within a threshold. */
@Command(name = "duplicates", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Finds near-duplicates: in dataset order, each unclaimed item is kept and claims every"
                + " unclaimed item strictly closer than --threshold (similarity above it for cosine/dotproduct,"
                + " squared distance below it for euclidean).",
        footer = {"", "Example:", "  milvusdm similarity duplicates --dataset pets --key emb --threshold 0.99"})
final class DuplicatesCommand extends IndexCommand {

    @Option(names = "--dataset", paramLabel = "NAME", required = true)
    String dataset;

    @Option(names = "--key", paramLabel = "KEY", required = true)
    String key;

    @Option(names = "--threshold", paramLabel = "SCORE", required = true)
    double threshold;

    DuplicatesCommand(Map<String, String> environment) {
        super(environment);
    }

    @Override
    int run() throws Exception {
        try (SimilarityIndex similarity = index.load(dataset, key, environment, this::warn)) {
            Duplicates found = similarity.findDuplicates(threshold);
            if (json) {
                printJson(found);
                return 0;
            }
            out().printf("%d unique, %d duplicates (threshold %s)%n", found.uniqueIds().size(),
                    found.duplicateIds().size(), threshold);
            for (Map.Entry<String, List<Hit>> group : found.neighbors().entrySet()) {
                out().println(group.getKey() + ":");
                for (Hit hit : group.getValue()) {
                    out().printf("    %s  %s%n", hit.id(), hit.score());
                }
            }
        }
        return 0;
    }
}
