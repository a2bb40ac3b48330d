package io.milvusdm.cli.similarity;

import io.milvusdm.similarity.SimilarityIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;

/** {@code milvusdm similarity unique}: the most unique items. */
@Command(name = "unique", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Lists the --count items whose nearest neighbour is farthest, most unique first, with that"
                + " neighbour's score.",
        footer = {"", "Example:", "  milvusdm similarity unique --dataset pets --key emb --count 3"})
final class UniqueCommand extends IndexCommand {

    @Option(names = "--dataset", paramLabel = "NAME", required = true)
    String dataset;

    @Option(names = "--key", paramLabel = "KEY", required = true)
    String key;

    @Option(names = "--count", paramLabel = "N", required = true)
    int count;

    UniqueCommand(Map<String, String> environment) {
        super(environment);
    }

    @Override
    int run() throws Exception {
        try (SimilarityIndex similarity = index.load(dataset, key, environment, this::warn)) {
            printHits(similarity.findUnique(count));
        }
        return 0;
    }
}
