package io.milvusdm.format.hdf5.write;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The rows an {@link Hdf5Sink} received, on disk, in the order they arrived, so that the datasets can be written
 * in the source's order at the end whatever order the writer threads delivered batches in, in bounded memory.
 *
 * <h2>Layout</h2>
 * One block per batch, appended at a reserved offset (writers reserve under a lock and write outside it):
 * <ul>
 *   <li><b>[rows * rowBytes]</b> the batch's vectors, each row exactly as the {@code embeddings} dataset stores
 *       it (float32 or packed bits), in the byte order of the dataset's type</li>
 *   <li><b>[rows * 8 bytes]</b> their int64 ids, when the file gets an {@code ids} dataset</li>
 * </ul>
 * In memory stays one {@link Run} per batch.
 */
final class RowStaging implements AutoCloseable {

    /**
     * One batch's block.
     *
     * @param splitOrdinal the batch's split's position in the source's split order
     * @param firstRow the batch's first row within its split's source, which orders batches within a split
     * @param offset where the block starts
     */
    record Run(int splitOrdinal, long firstRow, int rows, long offset) {
    }

    static final Comparator<Run> SOURCE_ORDER =
            Comparator.comparingInt(Run::splitOrdinal).thenComparingLong(Run::firstRow);

    private final Path path;
    private final FileChannel channel;
    private final List<Run> runs = new ArrayList<>();
    private long end;

    private RowStaging(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** A new staging file in {@code dir}, deleted by {@link #close}. */
    static RowStaging create(Path dir, String prefix) throws IOException {
        Path path = Files.createTempFile(dir, prefix, ".staging");
        return new RowStaging(path, FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE));
    }

    /** Appends one batch's block (thread-safe): reserves its range, then writes it outside the lock. */
    void append(int splitOrdinal, long firstRow, int rows, ByteBuffer block) throws IOException {
        long offset;
        synchronized (this) {
            offset = end;
            end += block.remaining();
        }
        for (long position = offset; block.hasRemaining(); ) {
            position += channel.write(block, position);
        }
        Run run = new Run(splitOrdinal, firstRow, rows, offset);
        synchronized (this) {
            runs.add(run);
        }
    }

    /** Every run, in the source's order. */
    synchronized List<Run> runsInSourceOrder() {
        List<Run> sorted = new ArrayList<>(runs);
        sorted.sort(SOURCE_ORDER);
        return sorted;
    }

    /** Copies {@code count} bytes from {@code position} to {@code out} at its position, in the kernel where it can. */
    void copyTo(long position, long count, FileChannel out) throws IOException {
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

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(path);
        }
    }
}
