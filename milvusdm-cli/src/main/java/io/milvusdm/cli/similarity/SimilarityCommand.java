package io.milvusdm.cli.similarity;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code milvusdm similarity}: the group of similarity-index commands. */
@Command(name = "similarity", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Similarity indexes over a dataset's embeddings (FiftyOne's compute_similarity and"
                + " sort_by_similarity), in process (default) or in a Milvus collection.",
        footer = {"", "Examples:",
            "  milvusdm similarity create --manifest examples/similarity/pets.jsonl --key emb --embeddings-field emb",
            "  milvusdm similarity query --dataset pets --key emb --id dog1 -k 3",
            "  milvusdm similarity create --dataset pets --key emb_milvus --backend milvus"
                    + " --uri http://127.0.0.1:19530 --embeddings-field emb --metric cosine",
            "  milvusdm similarity list",
            "", "Exit codes: 0 done, 1 failed, 2 bad usage (unknown index, bad ids, bad options)."})
public final class SimilarityCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** The group with its subcommands, each seeing this run's environment. */
    public static CommandLine commandLine(Map<String, String> environment) {
        CommandLine group = new CommandLine(new SimilarityCommand());
        group.addSubcommand("create", new CreateCommand(environment));
        group.addSubcommand("query", new QueryCommand(environment));
        group.addSubcommand("add", new AddCommand(environment));
        group.addSubcommand("remove", new RemoveCommand(environment));
        group.addSubcommand("get", new GetCommand(environment));
        group.addSubcommand("list", new ListCommand(environment));
        group.addSubcommand("info", new InfoCommand(environment));
        group.addSubcommand("rename", new RenameCommand(environment));
        group.addSubcommand("delete", new DeleteCommand(environment));
        group.addSubcommand("cleanup", new CleanupCommand(environment));
        group.addSubcommand("duplicates", new DuplicatesCommand(environment));
        group.addSubcommand("unique", new UniqueCommand(environment));
        return group;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
