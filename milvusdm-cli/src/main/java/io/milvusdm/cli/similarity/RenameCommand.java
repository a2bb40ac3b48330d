package io.milvusdm.cli.similarity;

import io.milvusdm.similarity.Similarity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;

/** {@code milvusdm similarity rename}: rename_brain_run. */
@Command(name = "rename", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Renames an index record (a Milvus collection keeps its name).",
        footer = {"", "Example:", "  milvusdm similarity rename --dataset pets --key emb --new-key emb_v1"})
final class RenameCommand extends IndexCommand {

    @Option(names = "--dataset", paramLabel = "NAME", required = true)
    String dataset;

    @Option(names = "--key", paramLabel = "KEY", required = true)
    String key;

    @Option(names = "--new-key", paramLabel = "KEY", required = true)
    String newKey;

    RenameCommand(Map<String, String> environment) {
        super(environment);
    }

    @Override
    int run() throws Exception {
        Similarity.rename(index.openStore(environment), dataset, key, newKey);
        out().printf("Renamed index '%s' of dataset '%s' to '%s'%n", key, dataset, newKey);
        return 0;
    }
}
