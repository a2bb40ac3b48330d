package io.milvusdm.format.langchain;

import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.VectorBatch;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * Reads one split in batches of at most {@code maxBatchBytes} of payload (vectors, keys, texts and metadata, as
 * {@link VectorBatch#byteSize()} counts them; at least one row): vectors from index.faiss by positional reads on
 * this reader's own channel, the rest from the pre-scan.
 */
final class LangChainBatchReader implements BatchReader {

    private final LangChainStore store;
    private final LangChainSplit split;
    private final long maxBatchBytes;
    private final FileChannel channel;
    private final int end;
    private int next;

    LangChainBatchReader(LangChainStore store, LangChainSplit split, long maxBatchBytes) throws IOException {
        this.store = store;
        this.split = split;
        this.maxBatchBytes = maxBatchBytes;
        this.channel = FileChannel.open(store.index().file(), StandardOpenOption.READ);
        this.next = (int) split.firstRow();
        this.end = (int) (split.firstRow() + split.rowCount());
    }

    @Override
    public VectorBatch next() throws IOException {
        if (next >= end) {
            return null;
        }
        int from = next;
        int to = from + 1;
        long bytes = store.rowBytes()[from];
        while (to < end && bytes + store.rowBytes()[to] <= maxBatchBytes) {
            bytes += store.rowBytes()[to++];
        }
        next = to;
        float[] vectors = store.index().read(channel, from, to - from);
        List<ScalarColumn> columns = List.of(
                new ScalarColumn.VarcharColumn(LangChainStoreSource.TEXT_FIELD, Arrays.copyOfRange(store.texts(), from, to)),
                new ScalarColumn.JsonColumn(LangChainStoreSource.METADATA_FIELD,
                        Arrays.copyOfRange(store.metadata(), from, to)));
        return new VectorBatch(split, from, new PrimaryKeys.VarcharKeys(Arrays.copyOfRange(store.ids(), from, to)),
                new FloatVectors(store.index().dimension(), vectors), columns);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
