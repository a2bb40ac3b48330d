package io.milvusdm.format.langchain;

import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.Source;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A LangChain FAISS vector store as {@code FAISS.save_local(folder)} writes it
 * (langchain_community.vectorstores.FAISS): {@code index.faiss} with the vectors and {@code index.pkl} with the
 * documents.
 *
 * <h2>What is read</h2>
 * <ul>
 *   <li>Keys: VARCHAR, the docstore ids ({@code index_to_docstore_id[i]} for index position {@code i}).</li>
 *   <li>Vectors: FLOAT_VECTOR from an IndexFlatL2 ({@code IxF2}, metric L2) or IndexFlatIP ({@code IxFI},
 *       metric IP; LangChain's COSINE stores normalised vectors there), bit for bit. Other index types (an
 *       IndexIDMap, say) are refused for now; see {@link FlatIndexReader}.</li>
 *   <li>{@value #TEXT_FIELD}: VARCHAR, each document's page_content; max length = the longest text's UTF-8 bytes
 *       rounded up to a power of two (at least 256, at most 65535). A longer text stops the pre-scan, naming the
 *       document.</li>
 *   <li>{@value #METADATA_FIELD}: JSON, each document's metadata dict as {@link MetadataJson} writes it; a value
 *       JSON cannot hold (a datetime, a set, NaN, ...) stops the pre-scan, naming the document and the key.</li>
 * </ul>
 *
 * <p>Security: {@code index.pkl} is unpickled by {@link SafeUnpickler}, which builds plain data only: no Python
 * runs, no class named by the file is looked up or instantiated (by reflection or otherwise), and any class other
 * than LangChain's docstore and Document is refused by name. A pickle crafted to run code is just refused.
 *
 * <p>{@link #open} runs the pre-scan: both files exist and parse, every index position has a docstore id and every
 * id a document, counts agree, and every text and metadata value can go to Milvus; otherwise a
 * {@link io.milvusdm.format.FormatException} names the file and the position. The pickle is held in memory (it is
 * read whole, as LangChain reads it); vectors are read per batch. Thread-safe: each reader has its own channel.
 */
public final class LangChainStoreSource implements Source {

    /** The scalar field holding page_content. */
    public static final String TEXT_FIELD = "text";
    /** The scalar field holding the metadata dict. */
    public static final String METADATA_FIELD = "metadata";

    private final LangChainStore store;
    private final SourceSchema schema;

    private LangChainStoreSource(LangChainStore store) {
        this.store = store;
        this.schema = new SourceSchema(VectorType.FLOAT_VECTOR, store.index().dimension(), KeyKind.VARCHAR,
                Optional.of(store.index().metric()), store.ids().length,
                List.of(ScalarField.varchar(TEXT_FIELD, store.textMaxLength(), false),
                        ScalarField.json(METADATA_FIELD, false)));
    }

    /** Pre-scans the store in {@code folder}; reads no vector. */
    public static LangChainStoreSource open(Path folder) throws IOException {
        return new LangChainStoreSource(LangChainStore.scan(folder));
    }

    @Override
    public SourceSchema schema() {
        return schema;
    }

    /** Index positions in order, cut at about {@code maxSplitBytes} of payload (at least one row a split). */
    @Override
    public List<Split> splits(long maxSplitBytes) {
        List<Split> splits = new ArrayList<>();
        long[] rowBytes = store.rowBytes();
        int first = 0;
        long bytes = 0;
        for (int row = 0; row < rowBytes.length; row++) {
            if (row > first && bytes + rowBytes[row] > maxSplitBytes) {
                splits.add(new LangChainSplit(store.folder(), first, row - first));
                first = row;
                bytes = 0;
            }
            bytes += rowBytes[row];
        }
        if (first < rowBytes.length) {
            splits.add(new LangChainSplit(store.folder(), first, rowBytes.length - first));
        }
        return splits;
    }

    @Override
    public BatchReader open(Split split, long maxBatchBytes) throws IOException {
        if (!(split instanceof LangChainSplit own) || !own.folder().equals(store.folder())
                || own.firstRow() < 0 || own.firstRow() + own.rowCount() > store.ids().length) {
            throw new IllegalArgumentException("split " + split.id() + " does not belong to the LangChain store in "
                    + store.folder());
        }
        if (maxBatchBytes <= 0) {
            throw new IllegalArgumentException("maxBatchBytes must be positive, got " + maxBatchBytes);
        }
        return new LangChainBatchReader(store, own, maxBatchBytes);
    }

    @Override
    public void close() {
        // nothing open: each reader closes its own channel
    }
}
