package io.milvusdm.job;

import io.milvusdm.format.hdf5.Hdf5Source;
import io.milvusdm.milvus.LocalMilvus;
import io.milvusdm.milvus.MilvusSink;
import io.milvusdm.milvus.MilvusSinkSpec;
import io.milvusdm.milvus.MilvusTarget;
import io.milvusdm.pipeline.JobRunner;
import io.milvusdm.pipeline.JobSummary;
import io.milvusdm.pipeline.Ledger;
import io.milvusdm.pipeline.ProgressListener;
import io.milvusdm.pipeline.RunOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs an H2M job: pre-scans the HDF5 files, starts a local Milvus when the job names none, then moves every
 * row through the {@link JobRunner} with a ledger beside the job file.
 */
public final class H2mMigration {

    private H2mMigration() {
    }

    /**
     * @param ledgerPath where the ledger lives ({@link JobIdentity#ledgerPath} for a job file)
     * @param environment the process environment (local Milvus executable and installer)
     */
    public static JobSummary run(H2mJob job, RunOptions options, Path ledgerPath, ProgressListener progress,
                                 Map<String, String> environment) throws IOException {
        try (Hdf5Source source = Hdf5Source.open(job.source())) {
            if (job.destination().isLocal()) {
                try (LocalMilvus local = LocalMilvus.start(job.destination().localDataDir(), environment)) {
                    return run(job, job.destination().target().withUri(local.uri()), source, options, ledgerPath,
                            progress);
                }
            }
            return run(job, job.destination().target(), source, options, ledgerPath, progress);
        }
    }

    private static JobSummary run(H2mJob job, MilvusTarget target, Hdf5Source source, RunOptions options,
                                  Path ledgerPath, ProgressListener progress) throws IOException {
        MilvusSinkSpec spec = new MilvusSinkSpec(target, job.collection(), job.partition(), job.mode(),
                job.metricType(), job.dimension(), job.autoId(), job.index());
        String jobId = JobIdentity.of(job.jobFile(), job.destination().describe(), target.dbName(), job.collection(),
                job.partition());
        try (MilvusSink sink = MilvusSink.open(spec);
             Ledger ledger = Ledger.open(ledgerPath, jobId, options.resume())) {
            return new JobRunner(source, sink, ledger, options, progress).run();
        }
    }
}
