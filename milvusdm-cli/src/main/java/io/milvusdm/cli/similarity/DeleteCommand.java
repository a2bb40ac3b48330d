package io.milvusdm.cli.similarity;

import io.milvusdm.similarity.Similarity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;

/** {@code milvusdm similarity delete}: delete_brain_run. */
@Command(name = "delete", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Deletes an index record. A Milvus collection stays: run cleanup first to drop it.",
        footer = {"", "Example:", "  milvusdm similarity delete --dataset pets --key emb"})
final class DeleteCommand extends IndexCommand {

    @Option(names = "--dataset", paramLabel = "NAME", required = true)
    String dataset;

    @Option(names = "--key", paramLabel = "KEY", required = true)
    String key;

    DeleteCommand(Map<String, String> environment) {
        super(environment);
    }

    @Override
    int run() throws Exception {
        Similarity.delete(index.openStore(environment), dataset, key);
        out().printf("Deleted index record '%s' of dataset '%s'%n", key, dataset);
        return 0;
    }
}
