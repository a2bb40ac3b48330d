package io.milvusdm.cli.similarity;

import io.milvusdm.similarity.IndexRecord;
import io.milvusdm.similarity.Similarity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;

/** {@code milvusdm similarity list}: list_brain_runs. */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Lists the index records of one dataset, or of all.",
        footer = {"", "Example:", "  milvusdm similarity list --dataset pets --json"})
final class ListCommand extends IndexCommand {

    @Option(names = "--dataset", paramLabel = "NAME", description = "Only this dataset's indexes.")
    String dataset;

    ListCommand(Map<String, String> environment) {
        super(environment);
    }

    @Override
    int run() throws Exception {
        List<IndexRecord> records = Similarity.list(index.openStore(environment), dataset);
        if (json) {
            printJson(records);
            return 0;
        }
        for (IndexRecord r : records) {
            out().printf("%-20s %-20s %-8s %-10s dim=%d%s%s%n", r.dataset(), r.key(), r.config().backend(),
                    r.config().metric(), r.config().dimension(),
                    r.config().patchesField() == null ? "" : " patches=" + r.config().patchesField(),
                    r.config().collectionName() == null ? "" : " collection=" + r.config().collectionName());
        }
        return 0;
    }
}
