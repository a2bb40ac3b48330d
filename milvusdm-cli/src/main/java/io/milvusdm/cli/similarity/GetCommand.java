package io.milvusdm.cli.similarity;

import io.milvusdm.format.npy.NpyWriter;
import io.milvusdm.similarity.IndexedEmbeddings;
import io.milvusdm.similarity.SimilarityIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code milvusdm similarity get}: get_embeddings. */
@Command(name = "get", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Reads vectors back by id, in the order given (patch index: all patches of the samples given);"
                + " no ids: every indexed item of the dataset.",
        footer = {"", "Examples:",
            "  milvusdm similarity get --dataset pets --key emb --sample-id cat1 --sample-id dog1 --json",
            "  milvusdm similarity get --dataset pets --key emb --out pets.npy"})
final class GetCommand extends IndexCommand {

    @Option(names = "--dataset", paramLabel = "NAME", required = true)
    String dataset;

    @Option(names = "--key", paramLabel = "KEY", required = true)
    String key;

    @Option(names = "--sample-id", paramLabel = "ID", description = "Repeatable.")
    List<String> sampleIds;

    @Option(names = "--label-id", paramLabel = "ID", description = "Patch index; repeatable.")
    List<String> labelIds;

    @Option(names = "--no-allow-missing", description = "Fail when an id is not indexed.")
    boolean noAllowMissing;

    @Option(names = "--warn-missing", description = "Report ids that are not indexed.")
    boolean warnMissing;

    @Option(names = "--out", paramLabel = "FILE.npy", description = "Write the vectors to a float32 .npy file.")
    Path out;

    GetCommand(Map<String, String> environment) {
        super(environment);
    }

    @Override
    int run() throws Exception {
        try (SimilarityIndex similarity = index.load(dataset, key, environment, this::warn)) {
            IndexedEmbeddings got = similarity.getEmbeddings(sampleIds, labelIds, !noAllowMissing, warnMissing);
            if (out != null) {
                int dim = got.size() == 0 ? similarity.config().dimension() : got.vectors()[0].length;
                try (NpyWriter writer = NpyWriter.float32(out, dim)) {
                    for (float[] row : got.vectors()) {
                        writer.write(row, 0, row.length);
                    }
                }
            }
            if (json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (int i = 0; i < got.size(); i++) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("sample_id", got.sampleIds().get(i));
                    if (got.labelIds() != null) {
                        row.put("label_id", got.labelIds().get(i));
                    }
                    if (out == null) {
                        row.put("vector", got.vectors()[i]);
                    }
                    rows.add(row);
                }
                printJson(rows);
            } else {
                for (int i = 0; i < got.size(); i++) {
                    out().println(got.sampleIds().get(i) + (got.labelIds() == null ? "" : "  " + got.labelIds().get(i))
                            + (out == null ? "  " + java.util.Arrays.toString(got.vectors()[i]) : ""));
                }
                if (out != null) {
                    out().printf("Wrote %d vectors to %s%n", got.size(), out);
                }
            }
        }
        return 0;
    }
}
