package io.milvusdm.cli.similarity;

import io.milvusdm.similarity.SimilarityIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;

/** {@code milvusdm similarity cleanup}: SimilarityIndex.cleanup. */
@Command(name = "cleanup", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Drops the index's vectors (its Milvus collection); the record stays until deleted.",
        footer = {"", "Example:", "  milvusdm similarity cleanup --dataset pets --key emb_milvus --uri http://127.0.0.1:19530"})
final class CleanupCommand extends IndexCommand {

    @Option(names = "--dataset", paramLabel = "NAME", required = true)
    String dataset;

    @Option(names = "--key", paramLabel = "KEY", required = true)
    String key;

    CleanupCommand(Map<String, String> environment) {
        super(environment);
    }

    @Override
    int run() throws Exception {
        try (SimilarityIndex similarity = index.load(dataset, key, environment, this::warn)) {
            similarity.cleanup();
            out().printf("Dropped the vectors of index '%s'%s%n", key, similarity.config().collectionName() == null
                    ? "" : " (collection " + similarity.config().collectionName() + ")");
        }
        return 0;
    }
}
