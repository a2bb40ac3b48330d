package io.milvusdm.format.faiss.write;

import io.milvusdm.format.faiss.write.FaissWriteSpec.Kind;
import io.milvusdm.format.faiss.write.FaissWriteSpec.Metric;
import io.milvusdm.format.StagingFile;
import io.milvusdm.format.StagingFile.Run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the index file from the staged runs, in the source's order: the prefix {@link FaissFileLayout} lays
 * out, then the vectors and ids copied from the staging file with channel transfers, list by list for IVF.
 * Inside a list, rows keep the source's order, which is faiss's insertion order: equal distances then rank
 * as they would in an index faiss built by adding the same rows.
 */
final class IndexAssembler {

    private final Kind kind;
    private final Metric metric;
    private final int d;
    private final long rowBytes;
    private final byte[] centroids;

    /** @param centroids an IVF index's centroids as its quantizer stores them, else {@code null} */
    IndexAssembler(Kind kind, Metric metric, int d, byte[] centroids) {
        this.kind = kind;
        this.metric = metric;
        this.d = d;
        this.rowBytes = FaissFileLayout.rowBytes(metric, d);
        this.centroids = centroids;
    }

    /** Writes the whole index to {@code target} (created, must not exist) and returns its row count. */
    long assemble(StagingFile staging, Path target) throws IOException {
        List<Run> runs = staging.runsInSourceOrder();
        long rows = runs.stream().mapToLong(Run::rows).sum();
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            if (kind == Kind.IVF_FLAT) {
                writeIvf(staging, runs, out);
            } else {
                writeFlat(staging, runs, rows, out);
            }
            out.force(true);
        }
        return rows;
    }

    private void writeFlat(StagingFile staging, List<Run> runs, long rows, FileChannel out) throws IOException {
        boolean idMap = kind != Kind.FLAT;
        if (idMap) {
            write(out, FaissFileLayout.idMapPrefix(kind, metric, d, rows));
        }
        write(out, FaissFileLayout.flatPrefix(metric, d, rows));
        for (Run run : runs) {
            staging.copyTo(run.offset(), run.rows() * rowBytes, out);
        }
        if (idMap) {
            write(out, FaissFileLayout.idCount(rows));
            for (Run run : runs) {
                staging.copyTo(run.offset() + run.rows() * rowBytes, run.rows() * 8L, out);
            }
        }
    }

    private void writeIvf(StagingFile staging, List<Run> runs, FileChannel out) throws IOException {
        int nlist = (int) (centroids.length / rowBytes);
        long[] sizes = new long[nlist];
        for (Run run : runs) {
            for (int i = 0; i < run.lists().length; i++) {
                sizes[run.lists()[i]] += run.counts()[i];
            }
        }
        write(out, FaissFileLayout.ivfPrefix(metric, d, centroids, sizes));
        Cursor[] cursors = runs.stream().map(run -> new Cursor(run, rowBytes)).toArray(Cursor[]::new);
        List<long[]> segments = new ArrayList<>();
        for (int list = 0; list < nlist; list++) {
            segments.clear();
            for (Cursor cursor : cursors) {
                cursor.take(list, segments);
            }
            for (long[] s : segments) {
                staging.copyTo(s[0], s[2] * rowBytes, out);
            }
            for (long[] s : segments) {
                staging.copyTo(s[1], s[2] * 8L, out);
            }
        }
    }

    /** Walks one run's lists in ascending order, keeping where its next list's vectors and ids start. */
    private static final class Cursor {
        private final Run run;
        private final long rowBytes;
        private int index;
        private long vectors;
        private long ids;

        Cursor(Run run, long rowBytes) {
            this.run = run;
            this.rowBytes = rowBytes;
            this.vectors = run.offset();
            this.ids = run.offset() + run.rows() * rowBytes;
        }

        /** Adds {vectors offset, ids offset, rows} of this run's part of {@code list}, if it has one. */
        void take(int list, List<long[]> segments) {
            if (index < run.lists().length && run.lists()[index] == list) {
                int count = run.counts()[index++];
                segments.add(new long[] {vectors, ids, count});
                vectors += count * rowBytes;
                ids += count * 8L;
            }
        }
    }

    private static void write(FileChannel out, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }
}
