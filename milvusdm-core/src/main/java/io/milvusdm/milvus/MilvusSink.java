package io.milvusdm.milvus;

import io.milvusdm.pipeline.CrashPoints;
import io.milvusdm.pipeline.InterruptedWrites;
import io.milvusdm.pipeline.Sink;
import io.milvusdm.pipeline.SinkCompletion;
import io.milvusdm.pipeline.SinkPreparation;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.WriteKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Locale;

/**
 * Writes a job's rows into a Milvus 2.x collection or partition: {@link TargetPreparer} applies the mode,
 * {@link MutationWriter} sends pre-encoded inserts or upserts, and {@link #complete} flushes, waits for the index
 * and counts.
 *
 * <p>Failures: {@link SinkSpecException} (the job's settings cannot work with the source),
 * {@link TargetMismatchException} (an existing target disagrees with the job, found before any write),
 * {@link MilvusOperationException} (a call failed; its {@link MilvusOperationException#kind()} tells unreachable,
 * authentication, unsupported, transient and server failures apart). A count that differs is no exception:
 * {@link SinkCompletion#matches()} says so.
 */
public final class MilvusSink implements Sink {

    private static final Logger LOG = LoggerFactory.getLogger(MilvusSink.class);

    private final MilvusSinkSpec spec;
    private final MilvusConnection connection;
    private volatile TargetPreparer preparer;
    private volatile MutationWriter writer;
    private volatile CollectionSpec job;
    private volatile boolean skipped;

    private MilvusSink(MilvusSinkSpec spec, MilvusConnection connection) {
        this.spec = spec;
        this.connection = connection;
    }

    /**
     * Connects to the spec's server.
     *
     * @throws MilvusOperationException when the server cannot be reached or rejects the credentials
     */
    public static MilvusSink open(MilvusSinkSpec spec) throws IOException {
        return open(spec, RetryPolicy.DEFAULT);
    }

    public static MilvusSink open(MilvusSinkSpec spec, RetryPolicy retryPolicy) throws IOException {
        return new MilvusSink(spec, MilvusConnection.open(spec.target(), retryPolicy));
    }

    /** The collection, and the partition when one is named. */
    @Override
    public boolean targetExists() throws IOException {
        CollectionAdmin admin = new CollectionAdmin(connection, spec.collection(), spec.vectorField());
        return admin.exists() && (spec.partition() == null || admin.partitionExists(spec.partition()));
    }

    @Override
    public SinkPreparation prepare(SourceSchema schema, boolean resuming, long baselineRows) throws IOException {
        return prepare(schema, resuming, baselineRows, false);
    }

    @Override
    public SinkPreparation prepareOwnTarget(SourceSchema schema) throws IOException {
        return prepare(schema, false, -1, true);
    }

    private SinkPreparation prepare(SourceSchema schema, boolean resuming, long baselineRows, boolean ownTarget)
            throws IOException {
        CollectionSpec resolved = CollectionSpec.resolve(spec, schema);
        TargetPreparer targetPreparer = new TargetPreparer(connection, spec, resolved);
        SinkPreparation preparation = targetPreparer.prepare(resuming, baselineRows, ownTarget);
        LOG.info("Milvus target at {}: {}", connection.where(), preparation.message());
        this.job = resolved;
        this.preparer = targetPreparer;
        this.skipped = preparation.skip();
        // Milvus Lite 3.x has one writer per collection and no lock around it: concurrent inserts race
        this.writer = new MutationWriter(connection, spec.collection(), spec.partition(), !resolved.autoId(),
                spec.mode() == WriteMode.UPSERT, connection.isLite(), resolved);
        return preparation;
    }

    @Override
    public void write(VectorBatch batch, WriteKind kind) throws IOException {
        MutationWriter current = writer;
        if (current == null || skipped) {
            throw new IllegalStateException(skipped ? "the target was skipped; nothing may be written"
                    : "prepare() must run before write()");
        }
        if (batch.vectors().type() != job.vectorType() || batch.vectors().dimension() != job.dimension()) {
            throw new IllegalArgumentException("batch of split " + batch.split().id() + " has "
                    + batch.vectors().type() + " dim " + batch.vectors().dimension() + ", the target takes "
                    + job.vectorType() + " dim " + job.dimension());
        }
        current.write(batch, kind);
    }

    /**
     * Rows with the job's own keys are replaced by key: the default. An auto-id target generates new keys for every
     * insert, so rows that landed for unfinished splits cannot be replaced; its count tells whether any did
     * (the target holds more than its baseline plus the committed splits' rows). When none did, the splits are
     * simply written again. When some did and the target held nothing before the first run (baseline 0), every
     * row in it is this job's, so they are to be deleted ({@link #clearTarget}) and the job starts over: exact, at
     * the cost of the rows already copied. Otherwise the rows cannot be told apart from those that were there
     * before, and they stay. A target holding fewer rows than the ledger records lost rows since: resuming cannot
     * make it whole.
     *
     * @throws TargetMismatchException when the target holds fewer rows than its baseline plus the committed rows
     */
    @Override
    public InterruptedWrites resolveInterrupted(long baselineRows, long committedRows) throws IOException {
        if (preparer == null) {
            throw new IllegalStateException("prepare() must run before resolveInterrupted()");
        }
        if (!job.autoId()) {
            return InterruptedWrites.REWRITE_BY_KEY;
        }
        long rows = preparer.count();
        long landed = rows - baselineRows - committedRows;
        if (landed < 0) {
            throw new TargetMismatchException(spec.collection(), String.format(Locale.ROOT, "Cannot resume into %s:"
                    + " it holds %,d rows, fewer than the %,d the job's ledger records (%,d before the job and %,d of"
                    + " committed splits), so rows were deleted since the interrupted run. Start the job over: run it"
                    + " with --restart (migrate, M2M) or without --resume.", describeTarget(), rows,
                    baselineRows + committedRows, baselineRows, committedRows));
        }
        if (landed == 0) {
            return new InterruptedWrites(InterruptedWrites.Resolution.NOTHING_LANDED, 0);
        }
        if (baselineRows != 0) {
            LOG.warn("Milvus target {} (auto-id) holds {} rows that an interrupted run wrote for unfinished splits;"
                    + " they cannot be told apart from the rows it held before the job, and will appear twice",
                    describeTarget(), landed);
            return new InterruptedWrites(InterruptedWrites.Resolution.CANNOT_TELL_APART, landed);
        }
        LOG.info("Milvus target {} (auto-id) holds {} rows of unfinished splits; it held no rows before the job,"
                + " so every row is deleted and the job starts over", describeTarget(), landed);
        return new InterruptedWrites(InterruptedWrites.Resolution.CLEAR_TARGET, 0);
    }

    /** Deletes every row of the target (the partition when one is named) and checks that the count is 0. */
    @Override
    public void clearTarget() throws IOException {
        if (preparer == null) {
            throw new IllegalStateException("prepare() must run before clearTarget()");
        }
        CollectionAdmin admin = new CollectionAdmin(connection, spec.collection(), job.vectorField());
        admin.deleteAll(spec.partition(), job.keyField(), job.keyKind());
        long left = preparer.count();
        if (left != 0) {
            throw new MilvusOperationException("Delete every row of " + describeTarget(),
                    MilvusOperationException.Kind.SERVER, left + " rows are still counted after the delete");
        }
    }

    /**
     * Flushes, waits until the index covers every row, and counts the target (the partition when one is named)
     * with {@code count(*)} at Strong consistency. Insert modes expect {@code rowsBefore + sourceRows}. Upsert
     * replaces rows whose keys exist, so it expects a count between {@code max(rowsBefore, sourceRows)} and
     * {@code rowsBefore + sourceRows} (source keys being distinct); the result reports the count itself as
     * expected when it lies within, else the bound it broke. Into an empty target that is exact.
     */
    @Override
    public SinkCompletion complete(long rowsBefore, long sourceRows) throws IOException {
        if (preparer == null) {
            throw new IllegalStateException("prepare() must run before complete()");
        }
        CollectionAdmin admin = new CollectionAdmin(connection, spec.collection(), job.vectorField());
        if (!skipped) {
            admin.flush();
            CrashPoints.reached(CrashPoints.FLUSHED);
            admin.awaitIndex();
        }
        long target = preparer.count();
        if (skipped) {
            return new SinkCompletion(target, target);
        }
        long expected;
        if (spec.mode() == WriteMode.UPSERT) {
            long low = Math.max(rowsBefore, sourceRows);
            long high = rowsBefore + sourceRows;
            expected = target < low ? low : Math.min(target, high);
        } else {
            expected = rowsBefore + sourceRows;
        }
        SinkCompletion completion = new SinkCompletion(target, expected);
        if (completion.matches()) {
            LOG.info("Milvus target {} holds {} rows, as expected", describeTarget(), target);
        } else {
            LOG.warn("Milvus target {} holds {} rows, expected {}", describeTarget(), target, expected);
        }
        return completion;
    }

    /** The server this sink writes to, e.g. for a summary. */
    public String serverVersion() {
        return connection.serverVersion();
    }

    private String describeTarget() {
        return spec.partition() == null ? "collection '" + spec.collection() + "'"
                : "partition '" + spec.partition() + "' of collection '" + spec.collection() + "'";
    }

    @Override
    public void close() {
        connection.close();
    }
}
