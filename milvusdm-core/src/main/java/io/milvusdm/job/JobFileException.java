package io.milvusdm.job;

import java.nio.file.Path;
import java.util.List;

/** A job file that cannot be run as written: every problem found, each naming its key. */
public class JobFileException extends Exception {

    private final transient Path file;
    private final List<String> problems;

    public JobFileException(Path file, List<String> problems) {
        super(describe(file, problems));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    public JobFileException(Path file, String problem) {
        this(file, List.of(problem));
    }

    private static String describe(Path file, List<String> problems) {
        String where = file == null ? "job" : "job file " + file;
        if (problems.size() == 1) {
            return where + ": " + problems.get(0);
        }
        return where + ": " + problems.size() + " problems:\n  - " + String.join("\n  - ", problems);
    }

    public Path file() {
        return file;
    }

    public List<String> problems() {
        return problems;
    }
}
