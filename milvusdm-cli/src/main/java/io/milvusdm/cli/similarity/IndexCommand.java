package io.milvusdm.cli.similarity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.milvusdm.similarity.Hit;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The frame of a similarity subcommand: the index it works on (--dataset, --key), shared options, --json, and
 * one place that turns an {@link IllegalArgumentException} of the library (unknown key, bad id, ...) into a
 * usage error (exit 2).
 */
abstract class IndexCommand implements Callable<Integer> {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Mixin
    IndexOptions index;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    final Map<String, String> environment;

    IndexCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    abstract int run() throws Exception;

    @Override
    public final Integer call() throws Exception {
        try {
            return run();
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    void warn(String message) {
        spec.commandLine().getErr().println("milvusdm: warning: " + message);
    }

    void printJson(Object value) throws Exception {
        out().println(JSON.writeValueAsString(value));
    }

    void printHits(List<Hit> hits) throws Exception {
        if (json) {
            printJson(hits.stream().map(h -> {
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                row.put("sample_id", h.sampleId());
                if (h.labelId() != null) {
                    row.put("label_id", h.labelId());
                }
                row.put("score", h.score());
                return row;
            }).toList());
            return;
        }
        int rank = 1;
        for (Hit hit : hits) {
            out().printf("%4d  %-24s %s%s%n", rank++, hit.sampleId(), hit.labelId() == null ? "" : hit.labelId() + "  ",
                    hit.score());
        }
    }
}
