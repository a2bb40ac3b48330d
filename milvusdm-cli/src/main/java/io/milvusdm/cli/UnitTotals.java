package io.milvusdm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milvusdm.pipeline.JobSummary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The totals of a job run unit by unit (M2M, M2H): rows, and which units were done, skipped or short. */
final class UnitTotals {

    private final String task;
    private final List<String> done = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<String> mismatched = new ArrayList<>();
    private long rowsRead;
    private long rowsWritten;
    private long rowsSkipped;
    private double seconds;

    UnitTotals(String task) {
        this.task = task;
    }

    void add(Milvus1xUnit unit, JobSummary summary) {
        add(unit.describe(), summary);
    }

    void add(String unit, JobSummary summary) {
        rowsRead += summary.rowsRead();
        rowsWritten += summary.rowsWritten();
        rowsSkipped += summary.rowsSkipped();
        seconds += summary.seconds();
        switch (summary.status()) {
            case DONE -> done.add(unit);
            case SKIPPED -> skipped.add(unit);
            case COUNT_MISMATCH -> mismatched.add(unit);
        }
    }

    int exitCode() {
        return mismatched.isEmpty() ? ExitCodes.OK : ExitCodes.MISMATCH;
    }

    void print(PrintWriter out, boolean json) {
        out.println(json ? json() : text());
        out.flush();
    }

    String text() {
        int units = done.size() + skipped.size() + mismatched.size();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "%s total: %d units, %d done, %d skipped, %d with a count mismatch; %,d rows read, %,d written,"
                        + " %,d skipped in %.1f s", task, units, done.size(), skipped.size(), mismatched.size(),
                rowsRead, rowsWritten, rowsSkipped, seconds));
        if (!skipped.isEmpty()) {
            b.append("\nskipped units: ").append(String.join(", ", skipped));
        }
        if (!mismatched.isEmpty()) {
            b.append("\nunits with a count mismatch: ").append(String.join(", ", mismatched));
        }
        return b.toString();
    }

    String json() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode node = mapper.createObjectNode();
        node.put("task", task);
        node.put("totals", true);
        node.put("units", done.size() + skipped.size() + mismatched.size());
        done.forEach(node.putArray("done")::add);
        skipped.forEach(node.putArray("skipped")::add);
        mismatched.forEach(node.putArray("countMismatch")::add);
        node.put("rowsRead", rowsRead);
        node.put("rowsWritten", rowsWritten);
        node.put("rowsSkipped", rowsSkipped);
        node.put("seconds", Math.round(seconds * 1000) / 1000.0);
        return node.toString();
    }
}
