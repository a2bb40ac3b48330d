package io.milvusdm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milvusdm.pipeline.JobSummary;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints a job's summary: a few lines for people, or one JSON object with {@code --json}. */
final class SummaryPrinter {

    private SummaryPrinter() {
    }

    static void print(PrintWriter out, String task, String target, JobSummary summary, boolean json) {
        if (json) {
            out.println(toJson(task, target, summary));
        } else {
            out.println(text(task, target, summary));
        }
        out.flush();
    }

    static String text(String task, String target, JobSummary s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s %s: %,d rows read, %,d written, %,d skipped in %.1f s", task,
                statusWord(s.status()), s.rowsRead(), s.rowsWritten(), s.rowsSkipped(), s.seconds()));
        if (s.rowsWritten() > 0) {
            b.append(String.format(Locale.ROOT, " (%,.0f rows/s)", s.rowsPerSecond()));
        }
        b.append('\n').append("target: ").append(target).append(" — ").append(s.message());
        if (s.status() != JobSummary.Status.SKIPPED && s.targetRows() >= 0) {
            b.append(String.format(Locale.ROOT, "%nrows in target: %,d (expected %,d)%s", s.targetRows(),
                    s.expectedRows(), s.status() == JobSummary.Status.COUNT_MISMATCH ? "  MISMATCH" : ""));
        }
        s.sourceReport().forEach((key, value) ->
                b.append(String.format(Locale.ROOT, "%n%s: %s", key,
                        value instanceof Double d ? String.format(Locale.ROOT, "%.6g", d) : value)));
        if (s.splitsResumed() > 0) {
            b.append(String.format(Locale.ROOT, "%nresumed: %d of %d splits were committed by an earlier run",
                    s.splitsResumed(), s.splits()));
        }
        return b.toString();
    }

    private static String statusWord(JobSummary.Status status) {
        return switch (status) {
            case DONE -> "done";
            case SKIPPED -> "skipped";
            case COUNT_MISMATCH -> "finished with a count mismatch";
        };
    }

    static String toJson(String task, String target, JobSummary s) {
        ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode node = mapper.createObjectNode();
        node.put("task", task);
        node.put("status", s.status().name().toLowerCase(Locale.ROOT));
        node.put("target", target);
        node.put("message", s.message());
        node.put("rowsRead", s.rowsRead());
        node.put("rowsWritten", s.rowsWritten());
        node.put("rowsSkipped", s.rowsSkipped());
        node.put("splits", s.splits());
        node.put("splitsResumed", s.splitsResumed());
        node.put("targetRows", s.targetRows());
        node.put("expectedRows", s.expectedRows());
        node.put("seconds", Math.round(s.seconds() * 1000) / 1000.0);
        node.put("rowsPerSecond", Math.round(s.rowsPerSecond()));
        if (!s.sourceReport().isEmpty()) {
            ObjectNode report = node.putObject("source");
            s.sourceReport().forEach((key, value) -> {
                if (value instanceof Double d) {
                    report.put(key, d);
                } else {
                    report.put(key, String.valueOf(value));
                }
            });
        }
        return node.toString();
    }
}
