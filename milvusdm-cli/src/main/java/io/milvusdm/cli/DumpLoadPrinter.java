package io.milvusdm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milvusdm.dump.DumpSummary;
import io.milvusdm.job.MigrationLoad;
import io.milvusdm.milvus.bulkimport.ImportJobRunner;
import java.io.PrintWriter;
import java.util.Locale;

/** The summaries of {@code dump} and {@code load}: a few lines for people, or one JSON object. */
final class DumpLoadPrinter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DumpLoadPrinter() {
    }

    static void printDump(PrintWriter out, DumpSummary s, boolean json) {
        if (json) {
            ObjectNode node = JSON.createObjectNode();
            node.put("status", s.recognised() ? "already-dumped" : "done");
            node.put("where", s.where());
            node.put("rows", s.manifest().totalRows());
            node.put("rowsWritten", s.rowsWritten());
            node.put("chunks", s.manifest().chunks().size());
            node.put("files", s.files());
            node.put("bytes", s.bytes());
            node.put("format", s.manifest().fileFormat());
            node.put("seconds", s.seconds());
            out.println(node);
            out.flush();
            return;
        }
        if (s.recognised()) {
            out.printf(Locale.ROOT, "dump skipped: %s already holds a complete dump of %s (%,d rows, %d chunks);"
                    + " nothing was written%n", s.where(), s.manifest().source().description(),
                    s.manifest().totalRows(), s.manifest().chunks().size());
        } else {
            out.printf(Locale.ROOT, "dump done: %,d rows of %s into %d chunks (%d %s files, %,d bytes) in %.1f s%n",
                    s.rowsWritten(), s.manifest().source().description(), s.manifest().chunks().size(), s.files(),
                    s.manifest().fileFormat(), s.bytes(), s.seconds());
            out.println("dump: " + s.where() + " (manifest.json lists every file with its SHA-256)");
        }
        out.flush();
    }

    static void printLoad(PrintWriter out, MigrationLoad.LoadSummary s, boolean json) {
        if (json) {
            ObjectNode node = JSON.createObjectNode();
            node.put("status", !s.failures().isEmpty() ? "failed" : s.countMatches() ? "done" : "count-mismatch");
            node.put("method", s.method());
            if (s.fallbackReason() != null) {
                node.put("fallbackReason", s.fallbackReason());
            }
            if (s.why() != null) {
                node.put("why", s.why());
            }
            s.notes().forEach(node.putArray("notes")::add);
            node.put("collection", s.collection());
            node.put("where", s.where());
            node.put("chunks", s.chunks());
            var failures = node.putArray("failures");
            for (ImportJobRunner.Failure f : s.failures()) {
                failures.addObject().put("chunk", f.group().name()).put("files", String.join(",", f.group().files()))
                        .put("reason", f.reason());
            }
            node.put("targetRows", s.targetRows());
            node.put("expectedRows", s.expectedRows());
            node.put("seconds", s.seconds());
            out.println(node);
            out.flush();
            return;
        }
        String status = !s.failures().isEmpty() ? "FAILED" : s.countMatches() ? "done" : "COUNT MISMATCH";
        out.printf(Locale.ROOT, "load %s: %d chunks into collection '%s' on %s with %s in %.1f s%n", status,
                s.chunks(), s.collection(), s.where(), s.method(), s.seconds());
        if (s.fallbackReason() != null) {
            out.println("bulk import not used: " + s.fallbackReason() + "; the files' rows were inserted in batches");
        } else if (s.why() != null) {
            out.println("why " + s.method() + ": " + s.why());
        }
        for (String note : s.notes()) {
            out.println("note: " + note);
        }
        out.println("target: " + s.preparation());
        for (ImportJobRunner.Failure f : s.failures()) {
            out.println("failed: " + f.group().name() + " " + f.group().files() + ": " + f.reason());
        }
        out.printf(Locale.ROOT, "rows in target: %,d (expected %,d from the manifest)%n", s.targetRows(),
                s.expectedRows());
        out.flush();
    }
}
