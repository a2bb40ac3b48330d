package io.milvusdm.cli.similarity;

import io.milvusdm.similarity.SimilarityIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code milvusdm similarity remove}: remove_from_index. */
@Command(name = "remove", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Removes items by sample id (in a patch index: all patches of those samples) or label id.",
        footer = {"", "Example:", "  milvusdm similarity remove --dataset pets --key emb --sample-id dog2 --warn-missing"})
final class RemoveCommand extends IndexCommand {

    @Option(names = "--dataset", paramLabel = "NAME", required = true)
    String dataset;

    @Option(names = "--key", paramLabel = "KEY", required = true)
    String key;

    @Option(names = "--sample-id", paramLabel = "ID", description = "Repeatable.")
    List<String> sampleIds;

    @Option(names = "--label-id", paramLabel = "ID", description = "Patch index; repeatable.")
    List<String> labelIds;

    @Option(names = "--ids-file", paramLabel = "FILE", description = "Sample ids (label ids with --labels) from a file.")
    Path idsFile;

    @Option(names = "--labels", description = "The ids of --ids-file are label ids.")
    boolean labels;

    @Option(names = "--no-allow-missing", description = "Fail, removing nothing, when an id is not indexed.")
    boolean noAllowMissing;

    @Option(names = "--warn-missing", description = "Report ids that are not indexed.")
    boolean warnMissing;

    RemoveCommand(Map<String, String> environment) {
        super(environment);
    }

    @Override
    int run() throws Exception {
        List<String> samples = sampleIds == null ? null : new ArrayList<>(sampleIds);
        List<String> labelList = labelIds == null ? null : new ArrayList<>(labelIds);
        if (idsFile != null) {
            List<String> fromFile = VectorFiles.ids(idsFile);
            if (labels) {
                labelList = labelList == null ? new ArrayList<>() : labelList;
                labelList.addAll(fromFile);
            } else {
                samples = samples == null ? new ArrayList<>() : samples;
                samples.addAll(fromFile);
            }
        }
        try (SimilarityIndex similarity = index.load(dataset, key, environment, this::warn)) {
            similarity.removeFromIndex(samples, labelList, !noAllowMissing, warnMissing);
            long size = similarity.totalIndexSize();
            if (json) {
                printJson(Map.of("size", size));
            } else {
                out().printf("Index '%s' now holds %d items%n", key, size);
            }
        }
        return 0;
    }
}
