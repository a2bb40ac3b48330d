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
import io.milvusdm.pipeline.Source;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Moves an opened source into Milvus: starts a local Milvus when the job names none, opens the sink and the
 * job's ledger, and runs the {@link JobRunner}. The caller opens the source first, so its pre-scan has passed
 * before anything here touches a server.
 */
public final class MilvusMigration {

    private MilvusMigration() {
    }

    /**
     * @param jobFile the job file, whose content is part of the ledger's job identity (null when built in code)
     * @param ledgerPath where the ledger lives ({@link JobIdentity#ledgerPath} for a job file)
     * @param environment the process environment (the local Milvus executable and installer)
     */
    public static JobSummary run(Source source, MilvusJobTarget target, Path jobFile, RunOptions options,
                                 Path ledgerPath, ProgressListener progress, Map<String, String> environment)
            throws IOException {
        Destination destination = target.destination();
        if (destination.isLocal()) {
            try (LocalMilvus local = LocalMilvus.start(destination.localDataDir(), environment)) {
                return run(source, target, destination.target().withUri(local.uri()), jobFile, options, ledgerPath,
                        progress);
            }
        }
        return run(source, target, destination.target(), jobFile, options, ledgerPath, progress);
    }

    private static JobSummary run(Source source, MilvusJobTarget target, MilvusTarget server, Path jobFile,
                                  RunOptions options, Path ledgerPath, ProgressListener progress) throws IOException {
        String jobId = JobIdentity.of(jobFile, target.destination().describe(), server.dbName(), target.collection(),
                target.partition());
        MilvusSinkSpec spec = target.sinkSpec(server);
        if (source instanceof Hdf5Source hdf5 && hdf5.fieldNames().isPresent()) {
            // a milvusdm file records its source's names for the key and vector fields: the copy keeps them
            spec = spec.withFieldNames(hdf5.fieldNames().get().key(), hdf5.fieldNames().get().vector());
        }
        try (MilvusSink sink = MilvusSink.open(spec);
             Ledger ledger = Ledger.open(ledgerPath, jobId, options.resume())) {
            return new JobRunner(source, sink, ledger, options, progress).run();
        }
    }
}
