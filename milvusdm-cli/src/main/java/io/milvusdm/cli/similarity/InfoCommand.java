package io.milvusdm.cli.similarity;

import io.milvusdm.similarity.IndexRecord;
import io.milvusdm.similarity.Similarity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;

/** {@code milvusdm similarity info}: get_brain_info. */
@Command(name = "info", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prints one index record (never credentials: none are stored).",
        footer = {"", "Example:", "  milvusdm similarity info --dataset pets --key emb"})
final class InfoCommand extends IndexCommand {

    @Option(names = "--dataset", paramLabel = "NAME", required = true)
    String dataset;

    @Option(names = "--key", paramLabel = "KEY", required = true)
    String key;

    InfoCommand(Map<String, String> environment) {
        super(environment);
    }

    @Override
    int run() throws Exception {
        IndexRecord record = Similarity.info(index.openStore(environment), dataset, key);
        printJson(record);
        return 0;
    }
}
