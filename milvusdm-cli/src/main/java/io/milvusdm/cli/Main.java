package io.milvusdm.cli;

import io.milvusdm.cli.similarity.SimilarityCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** The {@code milvusdm} entry point. Only {@link #main} exits the JVM; {@link #run} returns the exit code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(out, err, System.getenv(), args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line with the given streams and environment, and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, Map<String, String> environment, String... args) {
        MilvusdmCommand root = new MilvusdmCommand(environment);
        CommandLine commandLine = new CommandLine(root);
        // added here rather than in @Command(subcommands) so that it sees this run's environment
        commandLine.addSubcommand("to-faiss", new ToFaissCommand(environment));
        commandLine.addSubcommand("to-hdf5", new ToHdf5Command(environment));
        commandLine.addSubcommand("similarity", SimilarityCommand.commandLine(environment));
        commandLine.addSubcommand("dump", new DumpCommand(environment));
        commandLine.addSubcommand("load", new LoadCommand(environment));
        commandLine.addSubcommand("migrate", new MigrateCommand(environment));
        ErrorReporter reporter = new ErrorReporter(root);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(reporter);
        commandLine.setParameterExceptionHandler(reporter);
        commandLine.setExitCodeExceptionMapper(reporter);
        return commandLine.execute(args);
    }
}
