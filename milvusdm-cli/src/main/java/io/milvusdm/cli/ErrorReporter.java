package io.milvusdm.cli;

import io.milvusdm.format.milvus1x.DuplicateIdsException;
import io.milvusdm.job.JobFileException;
import io.milvusdm.job.UnfinishedRunException;
import io.milvusdm.milvus.SinkSpecException;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.Set;
import picocli.CommandLine;

/**
 * Turns every failure into one actionable message on stderr and an exit code: a bad command line or job file
 * is {@link ExitCodes#USAGE}, and so are repeated ids a job did not say how to keep (the fix is a job-file key,
 * and nothing was written) and an unfinished run of a changed job (the fix is {@code --restart} or the old job
 * file), anything else {@link ExitCodes#FAILED}. The stack trace appears only under
 * {@code --stacktrace}.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler,
        CommandLine.IExitCodeExceptionMapper {

    private final MilvusdmCommand root;

    ErrorReporter(MilvusdmCommand root) {
        this.root = root;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        err.println("milvusdm: " + describe(e));
        if (root.stacktrace()) {
            e.printStackTrace(err);
        }
        err.flush();
        return getExitCode(e);
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("milvusdm: " + e.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("Try 'milvusdm --help' for more information.");
        }
        err.flush();
        return ExitCodes.USAGE;
    }

    @Override
    public int getExitCode(Throwable e) {
        return e instanceof JobFileException || e instanceof SinkSpecException || e instanceof DuplicateIdsException
                || e instanceof UnfinishedRunException || e instanceof CommandLine.ParameterException
                ? ExitCodes.USAGE : ExitCodes.FAILED;
    }

    /** The exception's message followed by its distinct causes' messages, without class names where a message exists. */
    static String describe(Throwable e) {
        Set<String> parts = new LinkedHashSet<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null || t.getMessage().isBlank()
                    ? t.getClass().getSimpleName() : t.getMessage();
            boolean repeated = parts.stream().anyMatch(p -> p.contains(message) || message.contains(p));
            if (!repeated) {
                parts.add(message);
            }
        }
        return String.join(": ", parts);
    }
}
