package io.milvusdm.format.langchain;

import io.milvusdm.format.FormatException;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.VectorBatch;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads one split: the Faiss reader's batches (vectors exact or decoded, with their Faiss ids), each id swapped for
 * its docstore id and joined with its text and metadata from the pre-scan. The Faiss reader is asked for about as
 * many rows as fit {@code maxBatchBytes} with the average document; a batch that comes out larger (long texts) is
 * cut, so every batch stays within {@code maxBatchBytes} of payload (or holds one row).
 */
final class LangChainBatchReader implements BatchReader {

    private final LangChainStore store;
    private final LangChainSplit split;
    private final BatchReader faiss;
    private final long maxBatchBytes;
    private final Set<float[]> shared;
    private final Consumer<VectorBatch> recycle;
    private final Queue<VectorBatch> pending = new ArrayDeque<>();

    /**
     * @param faiss the Faiss reader of the split's rows
     * @param shared where to note the vector arrays of the Faiss batches passed on whole, to be handed back to the
     *     Faiss source once written
     * @param recycle takes back a Faiss batch whose arrays this reader copied and no longer needs
     */
    LangChainBatchReader(LangChainStore store, LangChainSplit split, BatchReader faiss, long maxBatchBytes,
                         Set<float[]> shared, Consumer<VectorBatch> recycle) {
        this.store = store;
        this.split = split;
        this.faiss = faiss;
        this.maxBatchBytes = maxBatchBytes;
        this.shared = shared;
        this.recycle = recycle;
    }

    /** What to ask the Faiss reader for: its batches count vector and id bytes only. */
    static long faissBatchBytes(LangChainStore store, long maxBatchBytes) {
        long vector = store.vectorBytes();
        double scale = (double) (vector + Long.BYTES) / (vector + store.averageExtraBytes());
        return Math.max(1, (long) (maxBatchBytes * scale));
    }

    @Override
    public VectorBatch next() throws IOException {
        if (pending.isEmpty()) {
            VectorBatch rows = faiss.next();
            if (rows == null) {
                return null;
            }
            join(rows);
        }
        return pending.poll();
    }

    /** Queues the rows of a Faiss batch with their documents, in as many batches as their bytes need. */
    private void join(VectorBatch rows) throws IOException {
        long[] labels = ((PrimaryKeys.Int64Keys) rows.keys()).values();
        int n = rows.rowCount();
        int[] entries = new int[n];
        for (int i = 0; i < n; i++) {
            entries[i] = store.entry(labels[i]);
            if (entries[i] < 0) {
                throw new FormatException("faiss id " + labels[i] + " was not in the index at the pre-scan (changed"
                        + " since?)", store.index().describe().file(), -1);
            }
        }
        long vector = store.vectorBytes();
        int from = 0;
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            long row = vector + store.extraBytes()[entries[i]];
            if (i > from && bytes + row > maxBatchBytes) {
                pending.add(batch(rows, entries, from, i));
                from = i;
                bytes = 0;
            }
            bytes += row;
        }
        pending.add(batch(rows, entries, from, n));
        if (pending.size() > 1) {
            recycle.accept(rows);
        } else {
            shared.add(((FloatVectors) rows.vectors()).values());
        }
    }

    /** Rows {@code [from, to)} of a Faiss batch; its vector array is shared when that is all of them. */
    private VectorBatch batch(VectorBatch rows, int[] entries, int from, int to) {
        FloatVectors vectors = (FloatVectors) rows.vectors();
        int d = vectors.dimension();
        FloatVectors part = from == 0 && to == rows.rowCount() ? vectors
                : new FloatVectors(d, Arrays.copyOfRange(vectors.values(), from * d, to * d));
        String[] ids = new String[to - from];
        String[] texts = new String[to - from];
        byte[][] metadata = new byte[to - from][];
        for (int i = from; i < to; i++) {
            ids[i - from] = store.ids()[entries[i]];
            texts[i - from] = store.texts()[entries[i]];
            metadata[i - from] = store.metadata()[entries[i]];
        }
        List<ScalarColumn> columns = List.of(
                new ScalarColumn.VarcharColumn(LangChainStoreSource.TEXT_FIELD, texts),
                new ScalarColumn.JsonColumn(LangChainStoreSource.METADATA_FIELD, metadata));
        return new VectorBatch(split, rows.firstRow() + from, new PrimaryKeys.VarcharKeys(ids), part, columns);
    }

    @Override
    public void close() throws IOException {
        faiss.close();
    }
}
