package io.milvusdm.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * The durable record of a job's progress: which splits were started and which are committed, so that
 * {@code --resume} continues an interrupted job without duplicates or gaps.
 *
 * <h2>Layout</h2>
 * A UTF-8 text journal, one entry a line, each line ending with the CRC32 (hex) of what precedes it:
 * <ul>
 *   <li>{@code milvusdm-ledger <version> <jobId> <crc>}: the header; {@code jobId} hashes the job file and the target</li>
 *   <li>{@code B <rows> <crc>}: the target's row count before the first run wrote anything</li>
 *   <li>{@code Z <bytes> <crc>}: the split size the first run cut the source with (version 2), so that a resumed
 *       run cuts the same splits whatever batch size it is given</li>
 *   <li>{@code T <0|1> <crc>}: whether the target existed when the first run began, before it changed anything
 *       (version 2)</li>
 *   <li>{@code R <crc>}: every entry since the header is void: the target was cleared and the job starts over
 *       (version 2, no longer written)</li>
 *   <li>{@code R <baseline> <splitBytes> <0|1|-> clearing <crc>}: every entry since the header is void, the job
 *       starts over with this baseline, split size and record of whether the target existed ({@code -}: none),
 *       and the target is to be cleared first (version 3). It is written before the delete, so a run killed while
 *       clearing, or after, knows the rows of the ledger's splits are going and deletes again</li>
 *   <li>{@code K <crc>}: the target was cleared as the last {@code R} said (version 3)</li>
 *   <li>{@code S <splitId> <crc>}: the split's rows are about to be written</li>
 *   <li>{@code C <splitId> <rows> <crc>}: every row of the split is acknowledged by the target</li>
 * </ul>
 * Entries are appended and forced to disk one at a time, so an entry is either whole or, when the process
 * died while writing it, a torn last line (without its newline, or failing its CRC) that is ignored and cut off.
 * An append-only journal keeps each commit O(1) where rewriting a whole file per commit would not be.
 *
 * <p>A ledger is held by one run at a time: it is locked ({@link FileChannel#tryLock()}) from open to close, and a
 * second run of the same job is refused instead of writing the same rows again beside the first.
 */
public final class Ledger implements AutoCloseable {

    public static final String FORMAT = "milvusdm-ledger";
    public static final int VERSION_START = 1;
    public static final int VERSION_CURRENT = 3;

    /**
     * The ledgers this process holds. Another channel on a locked file cannot ask for the lock again in the same
     * process (the JDK throws), and closing it would drop the process's lock on the file (POSIX locks belong to the
     * process): a second open in this process is refused before opening anything.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path path;
    private final Path key;
    private final FileChannel channel;
    private final Set<String> started = new HashSet<>();
    private final Map<String, Long> committed = new HashMap<>();
    private long baselineRows = -1;
    private long splitBytes = -1;
    private Boolean targetExisted;
    private boolean clearingTarget;

    private Ledger(Path path, Path key, FileChannel channel) {
        this.path = path;
        this.key = key;
        this.channel = channel;
    }

    /**
     * Opens and locks the ledger for a job. When {@code resume} is false, any earlier ledger is replaced by an empty
     * one. When it is true, the earlier ledger must belong to the same job; a missing one, an empty one, one whose
     * header was torn by a kill and one with no entry after its header (nothing was written under it) start empty.
     *
     * @throws LedgerException when another run holds the ledger, or it belongs to another job, is too new, or is
     *     corrupt
     */
    public static Ledger open(Path path, String jobId, boolean resume) throws IOException {
        if (jobId.isBlank() || jobId.contains(" ") || jobId.contains("\n")) {
            throw new IllegalArgumentException("job id must be a single word: '" + jobId + "'");
        }
        Path key = path.toAbsolutePath().normalize();
        if (!HELD.add(key)) {
            throw heldByAnotherRun(path);
        }
        FileChannel channel = null;
        try {
            Path parent = key.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            if (lock(channel) == null) {
                throw heldByAnotherRun(path);
            }
            Ledger ledger = new Ledger(path, key, channel);
            if (resume) {
                ledger.replay(readAll(channel), jobId);
            } else {
                ledger.startOver(jobId);
            }
            return ledger;
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            HELD.remove(key);
            throw e;
        }
    }

    private static FileLock lock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static LedgerException heldByAnotherRun(Path path) {
        return new LedgerException("another run of this job holds " + path + "; wait for it to end (two runs at once"
                + " would write the same rows twice)", path);
    }

    /**
     * The job id in a ledger's header, without opening it for writing; empty when there is no file or its first
     * line is not a whole ledger header.
     *
     * @throws LedgerException when a run in this process holds the ledger
     */
    public static Optional<String> jobIdOf(Path path) throws IOException {
        if (HELD.contains(path.toAbsolutePath().normalize())) {
            throw heldByAnotherRun(path); // reading it here and closing the file would drop that run's lock
        }
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        byte[] head;
        try (var in = Files.newInputStream(path)) {
            head = in.readNBytes(4096);
        }
        int end = indexOf(head, 0, head.length);
        String[] header = end < 0 ? null : checkedFields(new String(head, 0, end, StandardCharsets.UTF_8));
        if (header == null || header.length != 3 || !FORMAT.equals(header[0])) {
            return Optional.empty();
        }
        return Optional.of(header[2]);
    }

    private static byte[] readAll(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size > Integer.MAX_VALUE - 16) {
            throw new IOException("ledger of " + size + " bytes is too large");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
            // read until full: the lock keeps others from changing the size meanwhile
        }
        return buffer.array();
    }

    private static int indexOf(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Replays the entries and cuts off what follows the last whole one. Only lines ending in a newline count: a
     * kill can leave a last entry without its newline, or cut inside a multibyte character.
     */
    private void replay(byte[] bytes, String jobId) throws IOException {
        int headerEnd = indexOf(bytes, 0, bytes.length);
        if (headerEnd < 0) {
            // empty, or the header torn by a kill: nothing was written under it
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (!FORMAT.startsWith(text) && !text.startsWith(FORMAT + " ")) {
                throw new LedgerException("not a milvusdm ledger (first line '" + text + "')", path);
            }
            startOver(jobId);
            return;
        }
        String first = new String(bytes, 0, headerEnd, StandardCharsets.UTF_8);
        String[] header = checkedFields(first);
        if (header == null || header.length != 3 || !FORMAT.equals(header[0])) {
            throw new LedgerException("not a milvusdm ledger (first line '" + first + "')", path);
        }
        int version = parseVersion(header[1]);
        if (version > VERSION_CURRENT) {
            throw new LedgerException("ledger version " + version + " was written by a newer milvusdm (this one reads "
                    + VERSION_START + ".." + VERSION_CURRENT + ")", path);
        }
        List<String> lines = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        for (int from = headerEnd + 1, end; (end = indexOf(bytes, from, bytes.length)) >= 0; from = end + 1) {
            // a character cut by the kill decodes to U+FFFD, and the line then fails its CRC
            lines.add(new String(bytes, from, end - from, StandardCharsets.UTF_8));
            ends.add(end + 1);
        }
        if (lines.isEmpty()) {
            startOver(jobId); // no entry after the header: nothing was written under it, whichever job it names
            return;
        }
        if (!header[2].equals(jobId)) {
            throw new LedgerException("ledger belongs to another job (job file or target changed since it was written:"
                    + " job id " + header[2] + ", now " + jobId + "); delete it or run without --resume", path);
        }
        long kept = headerEnd + 1;
        for (int i = 0; i < lines.size(); i++) {
            String[] fields = checkedFields(lines.get(i));
            if (fields == null) {
                if (i == lines.size() - 1) {
                    break; // a torn last entry: the process died while appending it
                }
                throw new LedgerException("corrupt entry at line " + (i + 2) + ": '" + lines.get(i) + "'", path);
            }
            apply(fields, i + 1);
            kept = ends.get(i);
        }
        channel.truncate(kept);
        channel.position(kept);
    }

    /** Empties the ledger under the lock this run holds, and writes a header for the job. */
    public synchronized void startOver(String jobId) throws IOException {
        channel.truncate(0);
        channel.position(0);
        forget();
        append(FORMAT + " " + VERSION_CURRENT + " " + jobId);
    }

    private void apply(String[] fields, int lineIndex) throws LedgerException {
        switch (fields[0]) {
            case "B" -> baselineRows = parseLong(fields, 1, lineIndex);
            case "Z" -> splitBytes = parseLong(fields, 1, lineIndex);
            case "T" -> targetExisted = parseLong(fields, 1, lineIndex) != 0;
            case "R" -> restartAt(fields, lineIndex);
            case "K" -> clearingTarget = false;
            case "S" -> started.add(fields[1]);
            case "C" -> committed.put(fields[1], parseLong(fields, 2, lineIndex));
            default -> throw new LedgerException("unknown entry '" + fields[0] + "' at line " + (lineIndex + 1), path);
        }
    }

    private void restartAt(String[] fields, int lineIndex) throws LedgerException {
        forget();
        if (fields.length == 1) {
            return; // version 2: the target was cleared before the entry; the run writes a baseline next
        }
        if (fields.length != 5 || !"clearing".equals(fields[4])) {
            throw new LedgerException("bad restart entry at line " + (lineIndex + 1), path);
        }
        baselineRows = parseLong(fields, 1, lineIndex);
        splitBytes = parseLong(fields, 2, lineIndex);
        targetExisted = "-".equals(fields[3]) ? null : parseLong(fields, 3, lineIndex) != 0;
        clearingTarget = true;
    }

    private int parseVersion(String text) throws LedgerException {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new LedgerException("bad ledger version '" + text + "'", path);
        }
    }

    private long parseLong(String[] fields, int index, int lineIndex) throws LedgerException {
        try {
            return Long.parseLong(fields[index]);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new LedgerException("bad number at line " + (lineIndex + 1), path);
        }
    }

    /** The line's fields without the trailing CRC, or null when the CRC is missing or wrong. */
    private static String[] checkedFields(String line) {
        int lastSpace = line.lastIndexOf(' ');
        if (lastSpace <= 0) {
            return null;
        }
        String body = line.substring(0, lastSpace);
        if (!line.substring(lastSpace + 1).equals(crc(body))) {
            return null;
        }
        return body.split(" ");
    }

    private static String crc(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }

    private synchronized void append(String body) throws IOException {
        byte[] bytes = (body + " " + crc(body) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(false);
    }

    private static void checkSplitId(String splitId) {
        if (splitId.isEmpty() || splitId.chars().anyMatch(c -> c == ' ' || c == '\n' || c == '\r')) {
            throw new IllegalArgumentException("split id must be one word: '" + splitId + "'");
        }
    }

    /** The target's row count before the first run, or -1 when none was recorded. */
    public synchronized long baselineRows() {
        return baselineRows;
    }

    public synchronized void recordBaseline(long rows) throws IOException {
        append("B " + rows);
        baselineRows = rows;
    }

    public synchronized boolean isCommitted(String splitId) {
        return committed.containsKey(splitId);
    }

    /** The rows recorded with a committed split, or empty when it is not committed. */
    public synchronized OptionalLong committedRows(String splitId) {
        Long rows = committed.get(splitId);
        return rows == null ? OptionalLong.empty() : OptionalLong.of(rows);
    }

    /** Whether the split was started, in this run or an earlier one. */
    public synchronized boolean wasStarted(String splitId) {
        return started.contains(splitId);
    }

    public synchronized void markStarted(String splitId) throws IOException {
        checkSplitId(splitId);
        if (started.add(splitId)) {
            append("S " + splitId);
        }
    }

    public synchronized void markCommitted(String splitId, long rows) throws IOException {
        checkSplitId(splitId);
        append("C " + splitId + " " + rows);
        committed.put(splitId, rows);
    }

    /** The split size the first run cut the source with, or -1 when none was recorded (a version 1 ledger). */
    public synchronized long splitBytes() {
        return splitBytes;
    }

    public synchronized void recordSplitBytes(long bytes) throws IOException {
        append("Z " + bytes);
        splitBytes = bytes;
    }

    /**
     * Voids every entry but the header before the target is cleared for the job to start over, in one entry that
     * keeps the baseline, the split size and whether the target existed: a run killed before
     * {@link #recordTargetCleared()} finds {@link #clearingTarget()} and clears the target again.
     */
    public synchronized void restartClearingTarget(long baseline, long bytes) throws IOException {
        Boolean existed = targetExisted;
        append("R " + baseline + " " + bytes + " " + (existed == null ? "-" : existed ? "1" : "0") + " clearing");
        forget();
        baselineRows = baseline;
        splitBytes = bytes;
        targetExisted = existed;
        clearingTarget = true;
    }

    /** Records that the target was cleared, as the last restart said it would be. */
    public synchronized void recordTargetCleared() throws IOException {
        append("K");
        clearingTarget = false;
    }

    /** Whether a restart began clearing the target and no run recorded it cleared: it must be cleared (again). */
    public synchronized boolean clearingTarget() {
        return clearingTarget;
    }

    /** Whether nothing but a header was recorded: no baseline, split size, target record or split. */
    public synchronized boolean recordsNothing() {
        return started.isEmpty() && committed.isEmpty() && baselineRows < 0 && splitBytes < 0 && targetExisted == null
                && !clearingTarget;
    }

    private void forget() {
        started.clear();
        committed.clear();
        baselineRows = -1;
        splitBytes = -1;
        targetExisted = null;
        clearingTarget = false;
    }

    /** Whether the target existed when the first run began, or empty when that was not recorded. */
    public synchronized Optional<Boolean> targetExisted() {
        return Optional.ofNullable(targetExisted);
    }

    public synchronized void recordTargetExisted(boolean existed) throws IOException {
        append("T " + (existed ? 1 : 0));
        targetExisted = existed;
    }

    /** The ids of the splits that were started, committed or not. */
    public synchronized Set<String> startedIds() {
        return Set.copyOf(started);
    }

    /** Rows of the committed splits. */
    public synchronized long committedRows() {
        return committed.values().stream().mapToLong(Long::longValue).sum();
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close(); // releases the lock
        } finally {
            HELD.remove(key);
        }
    }
}
