package io.milvusdm.format.faiss;

import io.milvusdm.format.BinaryInput;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.VectorBatch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * The one measurement of decoding error a Faiss file allows: an {@code IndexRefine} whose refine index stores the
 * vectors exactly (IndexRefineFlat) over a base index that stores codes of the same rows. The source reads the
 * exact refine vectors; as each batch is produced, the base's codes of the same rows are decoded and compared, and
 * the largest {@code |decoded - exact|} over every component read is kept. It says how lossy the base codec is on
 * this very data (what a migration of the base alone would have lost); the migrated vectors themselves are exact.
 *
 * <p>Only a root {@code IxRF} over a positional base without pre-transform qualifies (base row i is refine row i,
 * and the ids are the positions); anything else has no stored reference and reports no measurement: its decoded
 * vectors have only the codec's a-priori bound ({@link DecodeErrors}).
 */
final class RefineCheck {

    private final FaissReadPlan basePlan;
    private final FaissDecoder baseDecoder;
    private final Path file;
    private final DoubleAccumulator max = new DoubleAccumulator(Math::max, 0);
    private final LongAdder rows = new LongAdder();

    private RefineCheck(Path file, FaissReadPlan basePlan, FaissDecoder baseDecoder) {
        this.file = file;
        this.basePlan = basePlan;
        this.baseDecoder = baseDecoder;
    }

    /** The check for this file, or {@code null} when it holds no exact reference for coded rows. */
    static RefineCheck of(FaissIndexFile file) throws IOException {
        if (!(file.root() instanceof FaissIndexRefine refine) || !(refine.refine() instanceof FaissIndexFlat)) {
            return null;
        }
        FaissReadPlan base = FaissPlanner.analyze(refine.base(), file.file()).plan();
        if (base == null || base.coded() == null || !base.coded().chain().isEmpty()
                || base.ids() != IdOrigin.POSITIONAL || base.blockCount() != 1) {
            return null;
        }
        try (BinaryInput in = BinaryInput.open(file.file())) {
            return new RefineCheck(file.file(), base, FaissDecoder.load(base.coded(), in));
        }
    }

    /** The largest error measured so far, or empty before any row was read. */
    OptionalDouble measured() {
        return rows.sum() == 0 ? OptionalDouble.empty() : OptionalDouble.of(max.get());
    }

    /** {@code reader}, comparing every batch it produces with the base's decode of the same rows. */
    BatchReader wrap(BatchReader reader, FaissSplit split, long maxBatchBytes) throws IOException {
        int maxRows = FaissBatchReader.rowsPerBatch(basePlan, maxBatchBytes, split.rowCount());
        BinaryInput in = BinaryInput.open(file);
        CodedRowReader decode = new CodedRowReader(baseDecoder, basePlan, in, in, maxRows);
        float[] decoded = new float[Math.multiplyExact(maxRows, basePlan.dimension())];
        return new BatchReader() {
            @Override
            public VectorBatch next() throws IOException {
                VectorBatch batch = reader.next();
                if (batch != null) {
                    compare(batch, decode, decoded);
                }
                return batch;
            }

            @Override
            public void close() throws IOException {
                try {
                    reader.close();
                } finally {
                    in.close();
                }
            }
        };
    }

    private void compare(VectorBatch batch, CodedRowReader decode, float[] decoded) throws IOException {
        long first = ((PrimaryKeys.Int64Keys) batch.keys()).values()[0];
        float[] exact = ((FloatVectors) batch.vectors()).values();
        int n = batch.rowCount();
        // Batches of the refine rows may hold more rows than the base's bound, never more than its array.
        for (int done = 0; done < n; ) {
            int count = Math.min(n - done, decoded.length / basePlan.dimension());
            decode.read(0, first + done, count, decoded, 0);
            double local = 0;
            int offset = done * basePlan.dimension();
            for (int i = 0; i < count * basePlan.dimension(); i++) {
                local = Math.max(local, Math.abs((double) decoded[i] - exact[offset + i]));
            }
            max.accumulate(local);
            done += count;
        }
        rows.add(n);
    }
}
