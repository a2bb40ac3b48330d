package io.milvusdm.format.milvus1x;

import io.milvusdm.format.BinaryInput;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Finds the ids stored more than once among the live rows of a collection's segments, in the pre-scan, and
 * applies a {@link DuplicateIds} policy: refuse with {@link DuplicateIdsException}, or mark the rows to skip.
 *
 * <h2>Memory</h2>
 * Ids are sorted in runs of at most {@link #RUN_IDS} (32 MiB); a collection with more live rows spills each
 * sorted run to a temporary file and merges the runs reading 64 KiB of each at a time, so the heap does not
 * grow with the collection. What grows is what was found: the repeated ids (8 bytes each) and, under a keep
 * policy, the skipped offsets (4 bytes each) and one position per repeated id (8 bytes).
 */
final class DuplicateIdScan {

    /** Ids sorted in memory at once: 4 Mi ids, 32 MiB. */
    static final int RUN_IDS = 1 << 22;
    private static final int READ_IDS = 1 << 16;
    private static final int MERGE_BUFFER_IDS = 1 << 13;
    private static final int EXAMPLES = 3;

    private final List<SegmentScan> segments;
    private final int runIds;

    private DuplicateIdScan(List<SegmentScan> segments, int runIds) {
        this.segments = segments;
        this.runIds = runIds;
    }

    /**
     * Applies {@code policy} to the segments (in read order): returns them unchanged when no id repeats or the
     * policy keeps all, the segments with the dropped rows skipped under a keep policy, and throws under
     * {@link DuplicateIds#REFUSE}.
     */
    static List<SegmentScan> apply(List<SegmentScan> segments, DuplicateIds policy, String collection)
            throws IOException {
        return apply(segments, policy, collection, RUN_IDS);
    }

    /** As {@link #apply(List, DuplicateIds, String)}, sorting {@code runIds} ids at a time (tests spill with it). */
    static List<SegmentScan> apply(List<SegmentScan> segments, DuplicateIds policy, String collection, int runIds)
            throws IOException {
        if (policy == DuplicateIds.KEEP_ALL || segments.isEmpty()) {
            return segments;
        }
        DuplicateIdScan scan = new DuplicateIdScan(segments, runIds);
        Repeats repeats = scan.repeatedIds();
        if (repeats.ids.length == 0) {
            return segments;
        }
        Placement placement = scan.place(repeats.ids, policy);
        if (policy == DuplicateIds.REFUSE) {
            throw new DuplicateIdsException(collection, partitionTags(segments), repeats.ids.length,
                    repeats.extraRows, placement.examples);
        }
        List<SegmentScan> kept = new ArrayList<>(segments.size());
        for (int i = 0; i < segments.size(); i++) {
            int[] drops = placement.drops.get(i).toArray();
            kept.add(drops.length == 0 ? segments.get(i) : segments.get(i).withSkipped(drops));
        }
        return kept;
    }

    private static List<String> partitionTags(List<SegmentScan> segments) {
        return segments.stream().map(s -> s.partition().tag()).distinct().toList();
    }

    /** The ids that occur more than once, ascending, and how many rows more than distinct ids they make. */
    private record Repeats(long[] ids, long extraRows) {
    }

    private Repeats repeatedIds() throws IOException {
        long live = segments.stream().mapToLong(SegmentScan::liveRows).sum();
        long[] run = new long[(int) Math.min(runIds, Math.max(1, live))];
        List<Path> spilled = new ArrayList<>();
        try {
            int[] filled = {0};
            for (SegmentScan segment : segments) {
                forEachLiveId(segment, false, (row, id) -> {
                    if (filled[0] == run.length) {
                        spilled.add(spill(run, filled[0]));
                        filled[0] = 0;
                    }
                    run[filled[0]++] = id;
                });
            }
            Arrays.sort(run, 0, filled[0]);
            if (spilled.isEmpty()) {
                return repeatsIn(new ArrayCursor(run, filled[0]));
            }
            spilled.add(spill(run, filled[0]));
            return repeatsIn(new MergeCursor(spilled));
        } finally {
            for (Path file : spilled) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static Path spill(long[] run, int length) throws IOException {
        Arrays.sort(run, 0, length);
        Path file = Files.createTempFile("milvusdm-ids", ".run");
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocate(MERGE_BUFFER_IDS * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < length; ) {
                int n = Math.min(MERGE_BUFFER_IDS, length - i);
                buffer.clear();
                buffer.asLongBuffer().put(run, i, n);
                buffer.limit(n * Long.BYTES);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                i += n;
            }
        }
        return file;
    }

    private static Repeats repeatsIn(IdCursor sorted) throws IOException {
        LongList repeated = new LongList();
        long extra = 0;
        boolean any = sorted.hasNext();
        long previous = any ? sorted.next() : 0;
        boolean counted = false;
        while (sorted.hasNext()) {
            long id = sorted.next();
            if (id == previous) {
                extra++;
                if (!counted) {
                    repeated.add(id);
                    counted = true;
                }
            } else {
                previous = id;
                counted = false;
            }
        }
        sorted.close();
        return new Repeats(repeated.toArray(), extra);
    }

    /** Where the repeated ids are: a few example places, and under a keep policy the rows each segment drops. */
    private record Placement(List<DuplicateIdsException.Example> examples, List<IntList> drops) {
    }

    private Placement place(long[] repeated, DuplicateIds policy) throws IOException {
        long[] keptAt = new long[repeated.length]; // segment index << 32 | row of the occurrence kept so far
        Arrays.fill(keptAt, -1);
        List<IntList> drops = new ArrayList<>();
        segments.forEach(s -> drops.add(new IntList()));
        List<DuplicateIdsException.Example> examples = new ArrayList<>();
        List<List<String>> places = new ArrayList<>();
        for (int s = 0; s < segments.size(); s++) {
            SegmentScan segment = segments.get(s);
            int segmentIndex = s;
            forEachLiveId(segment, true, (row, id) -> {
                int k = Arrays.binarySearch(repeated, id);
                if (k < 0) {
                    return;
                }
                int example = indexOfExample(examples, id);
                if (example < 0 && examples.size() < EXAMPLES) {
                    examples.add(new DuplicateIdsException.Example(id, List.of()));
                    places.add(new ArrayList<>());
                    example = examples.size() - 1;
                }
                if (example >= 0 && places.get(example).size() < EXAMPLES) {
                    places.get(example).add(segment.partition().tag() + " segment " + segment.segment().segmentId()
                            + " row " + row);
                }
                long here = (long) segmentIndex << 32 | row;
                if (keptAt[k] < 0) {
                    keptAt[k] = here;
                } else if (policy == DuplicateIds.KEEP_FIRST) {
                    drops.get(segmentIndex).add((int) row);
                } else {
                    drops.get((int) (keptAt[k] >>> 32)).add((int) keptAt[k]);
                    keptAt[k] = here;
                }
            });
        }
        List<DuplicateIdsException.Example> placed = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            placed.add(new DuplicateIdsException.Example(examples.get(i).id(), List.copyOf(places.get(i))));
        }
        return new Placement(placed, drops);
    }

    private static int indexOfExample(List<DuplicateIdsException.Example> examples, long id) {
        for (int i = 0; i < examples.size(); i++) {
            if (examples.get(i).id() == id) {
                return i;
            }
        }
        return -1;
    }

    @FunctionalInterface
    private interface RowIdConsumer {
        void accept(long row, long id) throws IOException;
    }

    /** Calls {@code consumer} with each live (not skipped) row's offset and id, in row order. */
    private static void forEachLiveId(SegmentScan segment, boolean withRows, RowIdConsumer consumer)
            throws IOException {
        int[] skipped = segment.skipped();
        long[] ids = new long[(int) Math.min(READ_IDS, Math.max(1, segment.storedRows()))];
        try (BinaryInput uid = BinaryInput.open(segment.uid())) {
            int skippedAt = 0;
            for (long start = 0; start < segment.storedRows(); start += ids.length) {
                int n = (int) Math.min(ids.length, segment.storedRows() - start);
                uid.readLongs(SegmentScan.HEADER_BYTES + start * Long.BYTES, ids, 0, n);
                for (int i = 0; i < n; i++) {
                    long row = start + i;
                    if (skippedAt < skipped.length && skipped[skippedAt] == row) {
                        skippedAt++;
                        continue;
                    }
                    consumer.accept(withRows ? row : -1, ids[i]);
                }
            }
        }
    }

    /** Ascending ids, one at a time. */
    private interface IdCursor extends AutoCloseable {
        boolean hasNext() throws IOException;

        long next() throws IOException;

        @Override
        void close() throws IOException;
    }

    private static final class ArrayCursor implements IdCursor {
        private final long[] ids;
        private final int length;
        private int at;

        ArrayCursor(long[] ids, int length) {
            this.ids = ids;
            this.length = length;
        }

        @Override
        public boolean hasNext() {
            return at < length;
        }

        @Override
        public long next() {
            return ids[at++];
        }

        @Override
        public void close() {
        }
    }

    /** One sorted run file, read {@link #MERGE_BUFFER_IDS} ids at a time. */
    private static final class RunCursor {
        private final FileChannel in;
        private final ByteBuffer buffer =
                ByteBuffer.allocate(MERGE_BUFFER_IDS * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        long head;

        RunCursor(Path file) throws IOException {
            in = FileChannel.open(file, StandardOpenOption.READ);
            buffer.limit(0);
        }

        /** Moves to the next id; false at the end. */
        boolean advance() throws IOException {
            if (!buffer.hasRemaining()) {
                buffer.clear();
                while (buffer.hasRemaining() && in.read(buffer) > 0) {
                    // fill the buffer
                }
                buffer.flip();
                if (!buffer.hasRemaining()) {
                    return false;
                }
            }
            head = buffer.getLong();
            return true;
        }

        void close() throws IOException {
            in.close();
        }
    }

    /** The k-way merge of the sorted runs. */
    private static final class MergeCursor implements IdCursor {
        private final PriorityQueue<RunCursor> queue = new PriorityQueue<>((a, b) -> Long.compare(a.head, b.head));
        private final List<RunCursor> all = new ArrayList<>();

        MergeCursor(List<Path> runs) throws IOException {
            try {
                for (Path run : runs) {
                    RunCursor cursor = new RunCursor(run);
                    all.add(cursor);
                    if (cursor.advance()) {
                        queue.add(cursor);
                    }
                }
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        @Override
        public boolean hasNext() {
            return !queue.isEmpty();
        }

        @Override
        public long next() throws IOException {
            RunCursor cursor = queue.poll();
            long id = cursor.head;
            if (cursor.advance()) {
                queue.add(cursor);
            }
            return id;
        }

        @Override
        public void close() throws IOException {
            for (RunCursor cursor : all) {
                cursor.close();
            }
        }
    }

    private static final class LongList {
        private long[] values = new long[16];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    private static final class IntList {
        private int[] values = new int[0];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, Math.max(16, size * 2));
            }
            values[size++] = value;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
