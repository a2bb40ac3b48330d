package io.milvusdm.format;

import io.milvusdm.pipeline.Split;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows a file sink (a Faiss index, an HDF5 file) received, on disk, in the order they arrived, so that the
 * file can be assembled in the source's order at the end whatever order the writer threads delivered batches in,
 * in bounded memory.
 *
 * <h2>Layout</h2>
 * One block per batch, appended at a reserved offset (writers reserve under a lock and write outside it); what a
 * block holds is the sink's business. The Faiss writer's: the batch's float32 vectors grouped by inverted list
 * in ascending list order, then their int64 ids in the same order; the HDF5 writer's: the rows exactly as the
 * {@code embeddings} dataset stores them, then their ids.
 *
 * <p>In memory stays one {@link Run} per batch: where its block is and, for a sink that groups rows (inverted
 * lists), how many rows each of its non-empty groups got (8 bytes per non-empty group of a batch).
 */
public final class StagingFile implements AutoCloseable {

    private static final int[] NO_GROUPS = new int[0];

    private final Map<Split, Integer> ordinals;

    /**
     * One batch's block.
     *
     * @param splitOrdinal the batch's split's position in the source's split order
     * @param firstRow the batch's first row within its split's source, which orders batches within a split
     * @param offset where the block starts
     * @param lists the non-empty groups (inverted lists), ascending; empty for a sink that does not group rows
     * @param counts rows of each of {@code lists}
     */
    public record Run(int splitOrdinal, long firstRow, int rows, long offset, int[] lists, int[] counts) {
    }

    static final Comparator<Run> SOURCE_ORDER =
            Comparator.comparingInt(Run::splitOrdinal).thenComparingLong(Run::firstRow);

    private final Path path;
    private final FileChannel channel;
    private final List<Run> runs = new ArrayList<>();
    private long end;

    private StagingFile(Path path, FileChannel channel, Map<Split, Integer> ordinals) {
        this.path = path;
        this.channel = channel;
        this.ordinals = ordinals;
    }

    /**
     * A new staging file in {@code dir}, deleted by {@link #close}.
     *
     * @param sourceOrder the source's splits, in the order the finished file holds their rows: the splits the runner
     *     cut with the same split size
     */
    public static StagingFile create(Path dir, String prefix, List<Split> sourceOrder) throws IOException {
        Map<Split, Integer> ordinals = new HashMap<>();
        for (int i = 0; i < sourceOrder.size(); i++) {
            ordinals.put(sourceOrder.get(i), i);
        }
        Path path = Files.createTempFile(dir, prefix, ".staging");
        return new StagingFile(path, FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE),
                ordinals);
    }

    public Path path() {
        return path;
    }

    /** Appends one batch's block (thread-safe): reserves its range, then writes it outside the lock. */
    public void append(Split split, long firstRow, int rows, int[] lists, int[] counts, ByteBuffer block)
            throws IOException {
        Integer splitOrdinal = ordinals.get(split);
        if (splitOrdinal == null) {
            throw new IllegalArgumentException("split " + split.id() + " is not one of the source's splits this file"
                    + " is written in: the sink must cut splits with the runner's split size");
        }
        long offset;
        synchronized (this) {
            offset = end;
            end += block.remaining();
        }
        for (long position = offset; block.hasRemaining(); ) {
            position += channel.write(block, position);
        }
        Run run = new Run(splitOrdinal, firstRow, rows, offset, lists, counts);
        synchronized (this) {
            runs.add(run);
        }
    }

    /** Every run, in the source's order. */
    public synchronized List<Run> runsInSourceOrder() {
        List<Run> sorted = new ArrayList<>(runs);
        sorted.sort(SOURCE_ORDER);
        return sorted;
    }

    /** Appends a batch's block when the sink does not group rows. */
    public void append(Split split, long firstRow, int rows, ByteBuffer block) throws IOException {
        append(split, firstRow, rows, NO_GROUPS, NO_GROUPS, block);
    }

    /** Copies {@code count} bytes from {@code position} to {@code out} at its position, in the kernel where it can. */
    public void copyTo(long position, long count, FileChannel out) throws IOException {
        long done = 0;
        while (done < count) {
            long n = channel.transferTo(position + done, count - done, out);
            if (n <= 0) {
                throw new IOException("staging file " + path + " ended at " + (position + done) + " while copying "
                        + count + " bytes from " + position);
            }
            done += n;
        }
    }

    /** Reads {@code dst.remaining()} bytes from {@code position} into {@code dst}. */
    public void read(long position, ByteBuffer dst) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, at);
            if (n < 0) {
                throw new IOException("staging file " + path + " ended at " + at + " while reading from " + position);
            }
            at += n;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(path);
        }
    }
}
