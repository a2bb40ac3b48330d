package io.milvusdm.job;

import io.milvusdm.dump.DumpException;
import io.milvusdm.dump.DumpManifest;
import io.milvusdm.milvus.bulkimport.ImportJobRunner;
import io.milvusdm.pipeline.Ledger;
import io.milvusdm.pipeline.LedgerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The load ledger of one (dump, target collection): which chunks were started, which import jobs were
 * submitted for them, and which completed, so that a rerun of {@code milvusdm load} loads each chunk once. It is a
 * {@link Ledger} journal beside the config, {@code <config>.load-<collection>.ledger}; its job id hashes the
 * manifest (source fingerprint, chunks and their files), the server, the collection and the way rows go in
 * (import jobs, or batched inserts whose splits the insert pipeline records itself).
 */
final class LoadLedger implements ImportJobRunner.Journal, AutoCloseable {

    /** Separates a chunk's name from an import job's id in the started entry that records the job. */
    static final String JOB_MARK = "#job=";

    private final Ledger ledger;
    private final boolean existed;

    private LoadLedger(Ledger ledger, boolean existed) {
        this.ledger = ledger;
        this.existed = existed;
    }

    static Path path(Path config, String collection) {
        return config.resolveSibling(config.getFileName() + ".load-" + collection.replaceAll("[^A-Za-z0-9_.-]", "_")
                + ".ledger");
    }

    /**
     * @param method "import" or "insert": a load that changes how rows go in cannot reuse the other's entries
     */
    static String identity(DumpManifest manifest, String serverUri, String collection, String method) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder text = new StringBuilder().append(method).append('\n').append(serverUri).append('\n')
                .append(collection).append('\n').append(manifest.source().fingerprint()).append('\n');
        for (DumpManifest.Chunk chunk : manifest.chunks()) {
            text.append(chunk.name()).append(' ').append(chunk.rows());
            for (DumpManifest.FileEntry file : chunk.files()) {
                text.append(' ').append(file.key()).append(' ').append(file.bytes());
            }
            text.append('\n');
        }
        return HexFormat.of().formatHex(digest.digest(text.toString().getBytes(StandardCharsets.UTF_8)))
                .substring(0, 32);
    }

    /**
     * Opens the ledger, continuing an earlier one of the same dump and target.
     *
     * @throws DumpException when the ledger there belongs to another dump, server, collection or load method:
     *     replacing it could load twice what it records as loaded
     */
    static LoadLedger open(Path path, String identity, String what) throws IOException {
        boolean existed = Files.exists(path);
        try {
            return new LoadLedger(Ledger.open(path, identity, true), existed);
        } catch (LedgerException e) {
            throw new DumpException("load ledger " + path + " records another load (another dump, server,"
                    + " collection, or the other of import and batched inserts) than this one of " + what + ": "
                    + e.getMessage() + ". Delete it to load anyway; rows it recorded as loaded stay in the target");
        }
    }

    /** Whether an earlier run recorded anything: then this one resumes (the target is not dropped or skipped). */
    boolean resuming() {
        return existed && (ledger.baselineRows() >= 0 || !ledger.startedIds().isEmpty());
    }

    Ledger ledger() {
        return ledger;
    }

    long baselineRows() {
        return ledger.baselineRows();
    }

    void recordBaseline(long rows) throws IOException {
        if (ledger.baselineRows() < 0) {
            ledger.recordBaseline(rows);
        }
    }

    boolean isCompleted(String chunk) {
        return ledger.isCommitted(chunk);
    }

    boolean wasStarted(String chunk) {
        return ledger.wasStarted(chunk);
    }

    /** The import jobs submitted for a chunk by earlier runs, in no particular order. */
    List<String> jobsOf(String chunk) {
        String prefix = chunk + JOB_MARK;
        return ledger.startedIds().stream().filter(id -> id.startsWith(prefix))
                .map(id -> id.substring(prefix.length())).toList();
    }

    /** Whether any import job was recorded for any chunk of the dump. */
    boolean anyJobSubmitted(DumpManifest manifest) {
        return manifest.chunks().stream().anyMatch(chunk -> !jobsOf(chunk.name()).isEmpty());
    }

    void markCompleted(String chunk, long rows) throws IOException {
        ledger.markCommitted(chunk, rows);
    }

    @Override
    public void started(ImportJobRunner.FileGroup group) throws IOException {
        ledger.markStarted(group.name());
    }

    @Override
    public void submitted(ImportJobRunner.FileGroup group, String jobId) throws IOException {
        ledger.markStarted(group.name() + JOB_MARK + jobId.replaceAll("\\s", "_"));
    }

    @Override
    public void completed(ImportJobRunner.FileGroup group) throws IOException {
        ledger.markCommitted(group.name(), group.rows());
    }

    Path path() {
        return ledger.path();
    }

    @Override
    public void close() throws IOException {
        ledger.close();
    }
}
