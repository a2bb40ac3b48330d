package io.milvusdm.cli.similarity;

import io.milvusdm.similarity.Query;
import io.milvusdm.similarity.SimilarityIndex;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code milvusdm similarity query}: FiftyOne's sort_by_similarity. */
@Command(name = "query", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Ranks the index's items by similarity to a query: vectors, ids or text prompts; several are"
                + " averaged into one query vector.",
        footer = {"", "Examples:",
            "  milvusdm similarity query --dataset pets --key emb --id dog1 -k 3",
            "  milvusdm similarity query --dataset pets --key emb --vector examples/similarity/query-dog.json -k 2 --json",
            "  milvusdm similarity query --dataset pets --key text --text 'a dog on the beach' --model minilm -k 2",
            "  milvusdm similarity query --dataset pets --key emb --id cat1 --view cat2 --view dog1 --view bird1"})
final class QueryCommand extends IndexCommand {

    @Option(names = "--dataset", paramLabel = "NAME", required = true)
    String dataset;

    @Option(names = "--key", paramLabel = "KEY", required = true)
    String key;

    static final class QuerySource {
        @Option(names = "--vector", paramLabel = "FILE", description = "Query vector(s): .npy or JSON.")
        Path vector;

        @Option(names = "--id", paramLabel = "ID", description = "Query by indexed id (label id for patches); repeatable.")
        List<String> ids;

        @Option(names = "--text", paramLabel = "PROMPT", description = "Query by text prompt (needs a text model); repeatable.")
        List<String> prompts;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    QuerySource query;

    @Option(names = "-k", paramLabel = "N", description = "How many results (default: all).")
    Integer k;

    @Option(names = "--reverse", description = "Least similar first.")
    boolean reverse;

    @Option(names = "--dist-field", paramLabel = "FIELD", description = "Also store each hit's score under this field.")
    String distField;

    @Option(names = "--view", paramLabel = "SAMPLE_ID", description = "Only results of these samples; repeatable.")
    List<String> view;

    @Option(names = "--view-file", paramLabel = "FILE", description = "Only results of the sample ids in this file.")
    Path viewFile;

    QueryCommand(Map<String, String> environment) {
        super(environment);
    }

    @Override
    int run() throws Exception {
        Query q;
        if (query.vector != null) {
            float[][] rows = VectorFiles.read(query.vector);
            q = rows.length == 1 ? Query.vector(rows[0]) : Query.vectors(List.of(rows));
        } else if (query.ids != null) {
            q = Query.ids(query.ids);
        } else {
            q = new Query.Prompts(query.prompts);
        }
        try (SimilarityIndex similarity = index.load(dataset, key, environment, this::warn)) {
            if (view != null || viewFile != null) {
                List<String> ids = new java.util.ArrayList<>(view == null ? List.of() : view);
                if (viewFile != null) {
                    ids.addAll(VectorFiles.ids(viewFile));
                }
                similarity.useView(ids);
            }
            printHits(similarity.sortBySimilarity(q, k, reverse, distField));
        }
        return 0;
    }
}
