package io.milvusdm.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
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
 *       (version 2)</li>
 *   <li>{@code S <splitId> <crc>}: the split's rows are about to be written</li>
 *   <li>{@code C <splitId> <rows> <crc>}: every row of the split is acknowledged by the target</li>
 * </ul>
 * Entries are appended and forced to disk one at a time, so an entry is either whole or, when the process
 * died while writing it, a torn last line that is ignored. An append-only journal keeps each commit O(1) where
 * rewriting a whole file per commit would not be.
 */
public final class Ledger implements AutoCloseable {

    public static final String FORMAT = "milvusdm-ledger";
    public static final int VERSION_START = 1;
    public static final int VERSION_CURRENT = 2;

    private final Path path;
    private final FileChannel channel;
    private final Set<String> started = new HashSet<>();
    private final Map<String, Long> committed = new HashMap<>();
    private long baselineRows = -1;
    private long splitBytes = -1;
    private Boolean targetExisted;

    private Ledger(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /**
     * Opens the ledger for a job. When {@code resume} is false, any earlier ledger is replaced by an empty one.
     * When it is true, the earlier ledger must belong to the same job; a missing one starts empty.
     *
     * @throws LedgerException when the ledger belongs to another job, is too new, or is corrupt
     */
    public static Ledger open(Path path, String jobId, boolean resume) throws IOException {
        if (jobId.isBlank() || jobId.contains(" ") || jobId.contains("\n")) {
            throw new IllegalArgumentException("job id must be a single word: '" + jobId + "'");
        }
        if (resume && Files.exists(path)) {
            List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
            FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE);
            Ledger ledger = new Ledger(path, channel);
            try {
                long validBytes = ledger.replay(lines, jobId);
                channel.truncate(validBytes);
                channel.position(validBytes);
                return ledger;
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        Ledger ledger = new Ledger(path, channel);
        ledger.append(FORMAT + " " + VERSION_CURRENT + " " + jobId);
        return ledger;
    }

    /**
     * The job id in a ledger's header, without opening it for writing; empty when there is no file or its first
     * line is not a ledger header.
     */
    public static Optional<String> jobIdOf(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        String first;
        try (var reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            first = reader.readLine();
        }
        String[] header = first == null ? null : checkedFields(first, 0);
        if (header == null || header.length != 3 || !FORMAT.equals(header[0])) {
            return Optional.empty();
        }
        return Optional.of(header[2]);
    }

    private long replay(List<String> lines, String jobId) throws LedgerException {
        if (lines.isEmpty()) {
            throw new LedgerException("ledger is empty; delete it or run without --resume", path);
        }
        String[] header = checkedFields(lines.get(0), 0);
        if (header == null || header.length != 3 || !FORMAT.equals(header[0])) {
            throw new LedgerException("not a milvusdm ledger (first line '" + lines.get(0) + "')", path);
        }
        int version = parseVersion(header[1]);
        if (version > VERSION_CURRENT) {
            throw new LedgerException("ledger version " + version + " was written by a newer milvusdm (this one reads "
                    + VERSION_START + ".." + VERSION_CURRENT + ")", path);
        }
        if (!header[2].equals(jobId)) {
            throw new LedgerException("ledger belongs to another job (job file or target changed since it was written:"
                    + " job id " + header[2] + ", now " + jobId + "); delete it or run without --resume", path);
        }
        long validBytes = lines.get(0).getBytes(StandardCharsets.UTF_8).length + 1L;
        for (int i = 1; i < lines.size(); i++) {
            String[] fields = checkedFields(lines.get(i), i);
            if (fields == null) {
                if (i == lines.size() - 1) {
                    break; // a torn last entry: the process died while appending it
                }
                throw new LedgerException("corrupt entry at line " + (i + 1) + ": '" + lines.get(i) + "'", path);
            }
            apply(fields, i);
            validBytes += lines.get(i).getBytes(StandardCharsets.UTF_8).length + 1L;
        }
        return validBytes;
    }

    private void apply(String[] fields, int lineIndex) throws LedgerException {
        switch (fields[0]) {
            case "B" -> baselineRows = parseLong(fields, 1, lineIndex);
            case "Z" -> splitBytes = parseLong(fields, 1, lineIndex);
            case "T" -> targetExisted = parseLong(fields, 1, lineIndex) != 0;
            case "R" -> forget();
            case "S" -> started.add(fields[1]);
            case "C" -> committed.put(fields[1], parseLong(fields, 2, lineIndex));
            default -> throw new LedgerException("unknown entry '" + fields[0] + "' at line " + (lineIndex + 1), path);
        }
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
    private static String[] checkedFields(String line, int lineIndex) {
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
     * Voids every entry but the header, for a job that starts over on a cleared target: the splits recorded as
     * started or committed are to be written again, and a new baseline recorded. The journal stays append-only
     * (an {@code R} entry), so a crash while restarting leaves either the old state or the new one.
     */
    public synchronized void restart() throws IOException {
        append("R");
        forget();
    }

    private void forget() {
        started.clear();
        committed.clear();
        baselineRows = -1;
        splitBytes = -1;
        targetExisted = null;
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
        channel.close();
    }
}
