package io.milvusdm.cli;

import io.milvusdm.format.hdf5.write.Hdf5Sink;
import io.milvusdm.format.hdf5.write.Hdf5WriteSpec;
import io.milvusdm.format.milvus1x.Milvus1xSource;
import io.milvusdm.job.M2hJob;
import io.milvusdm.pipeline.JobRunner;
import io.milvusdm.pipeline.JobSummary;
import io.milvusdm.pipeline.Ledger;
import io.milvusdm.pipeline.ProgressListener;
import io.milvusdm.pipeline.RunOptions;
import io.milvusdm.pipeline.SourceSchema;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs an M2H job: each (collection, partition) of the Milvus 1.x source into
 * {@code <data_dir>/<collection>/<partition>.h5}, the default partition as {@code _default.h5}, with the
 * ready-to-run H2M job beside each file ({@code <partition>.h5.yaml}).
 */
final class M2hRunner {

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final boolean noProgress;

    M2hRunner(PrintWriter out, PrintWriter err, boolean json, boolean noProgress) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.noProgress = noProgress;
    }

    int run(M2hJob job, RunOptions options) throws IOException {
        UnitTotals totals = new UnitTotals("M2H");
        for (Milvus1xUnit unit : Milvus1xUnit.of(job.source())) {
            Path file = job.dataDir().resolve(unit.collection()).resolve(unit.tag() + ".h5").toAbsolutePath();
            Files.createDirectories(file.getParent());
            JobSummary summary;
            SourceSchema schema;
            try (Milvus1xSource source = unit.open();
                 Hdf5Sink sink = new Hdf5Sink(new Hdf5WriteSpec(file, job.mode(), job.compression()), source,
                         options)) {
                schema = source.schema();
                summary = write(unit, source, sink, options);
            }
            SummaryPrinter.print(out, "M2H " + unit.describe(), "HDF5 file " + file, summary, json);
            if (summary.status() == JobSummary.Status.DONE) {
                Path yaml = new H2mSideYaml(file, H2mSideYaml.DEFAULT_HOST, H2mSideYaml.DEFAULT_PORT,
                        unit.collection(), unit.isDefaultPartition() ? "" : unit.tag(), schema).write();
                if (!json) {
                    out.println("H2M job: " + yaml);
                }
            }
            totals.add(unit, summary);
        }
        totals.print(out, json);
        return totals.exitCode();
    }

    /** A file is written whole in one run, so the runner's ledger lives only as long as the unit's run. */
    private JobSummary write(Milvus1xUnit unit, Milvus1xSource source, Hdf5Sink sink, RunOptions options)
            throws IOException {
        ProgressListener progress = noProgress ? ProgressListener.NONE
                : new ConsoleProgressBar(err, "M2H " + unit.describe(), System.console() != null);
        Path ledgerPath = Files.createTempFile("milvusdm-m2h", ".ledger");
        try (Ledger ledger = Ledger.open(ledgerPath, "M2H", false)) {
            return new JobRunner(source, sink, ledger, options, progress).run();
        } finally {
            Files.deleteIfExists(ledgerPath);
        }
    }
}
