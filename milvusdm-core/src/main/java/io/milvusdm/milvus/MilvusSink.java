package io.milvusdm.milvus;

import io.milvusdm.pipeline.Sink;
import io.milvusdm.pipeline.SinkCompletion;
import io.milvusdm.pipeline.SinkPreparation;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.WriteKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

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

    @Override
    public SinkPreparation prepare(SourceSchema schema, boolean resuming, long baselineRows) throws IOException {
        CollectionSpec resolved = CollectionSpec.resolve(spec, schema);
        TargetPreparer targetPreparer = new TargetPreparer(connection, spec, resolved);
        SinkPreparation preparation = targetPreparer.prepare(resuming, baselineRows);
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
