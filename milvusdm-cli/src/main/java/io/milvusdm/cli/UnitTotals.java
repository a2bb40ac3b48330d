package io.milvusdm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milvusdm.job.UnitJournal;
import io.milvusdm.pipeline.JobSummary;
import java.nio.file.Path;
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
    private Path resumedJournal;
    private long unitsFinishedBefore;

    UnitTotals(String task) {
        this.task = task;
    }

    /** What a run does with an earlier run's journal: {@code --resume}, {@code --restart}, or continue an unfinished one. */
    static UnitJournal.Rerun rerun(boolean resume, boolean restart) {
        return restart ? UnitJournal.Rerun.RESTART : resume ? UnitJournal.Rerun.RESUME : UnitJournal.Rerun.AUTO;
    }

    /** This run continues the interrupted one that {@code journal} records. */
    void resuming(Path journal, long unitsFinished) {
        this.resumedJournal = journal;
        this.unitsFinishedBefore = unitsFinished;
    }

    /** The line that says this run continues an earlier one, before the first unit's summary (not with --json). */
    void printResuming(PrintWriter out, boolean json) {
        if (resumedJournal != null && !json) {
            out.println(resumingText());
            out.flush();
        }
    }

    private String resumingText() {
        return String.format(Locale.ROOT, "%s: continuing the interrupted run recorded in %s (%d %s finished by"
                + " it); --restart starts over", task, resumedJournal, unitsFinishedBefore,
                unitsFinishedBefore == 1 ? "unit" : "units");
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
        if (resumedJournal != null) {
            b.append("\n").append(resumingText());
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
        if (resumedJournal != null) {
            node.put("resumedFrom", resumedJournal.toString());
            node.put("unitsFinishedBefore", unitsFinishedBefore);
        }
        return node.toString();
    }
}
