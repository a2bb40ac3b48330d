package io.milvusdm.format.langchain;

import io.milvusdm.format.faiss.FaissSource;
import io.milvusdm.format.faiss.FaissSplit;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.Source;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A LangChain FAISS vector store as {@code FAISS.save_local(folder)} writes it
 * (langchain_community.vectorstores.FAISS): {@code index.faiss} with the vectors and {@code index.pkl} with the
 * documents.
 *
 * <h2>What is read</h2>
 * <ul>
 *   <li>Vectors: FLOAT_VECTOR, from whatever index the store was built with, through the general Faiss reader
 *       ({@link FaissSource}): bit for bit from IndexFlat (LangChain's default), HNSW-Flat, IVF-Flat, an
 *       IndexIDMap over these, ...; decoded from SQ/PQ codes, with lossy codecs only when the job allows it
 *       ({@code allowLossy}, F2M's {@code allow_lossy}). The metric is the index's.</li>
 *   <li>Keys: VARCHAR, the docstore ids. LangChain looks a document up by the id faiss's search returns
 *       ({@code index_to_docstore_id[label]}), so each vector's Faiss id is mapped the same way: its position for
 *       indexes filled by {@code add} (flat, HNSW, PQ, ...), the id stored in the lists for an IVF index, the
 *       {@code add_with_ids} id for an IndexIDMap.</li>
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
 * <p>{@link #open} runs the pre-scan: the Faiss reader's own (structure, sizes, recoverability), then every Faiss
 * id is read (no vector) and matched one to one with {@code index_to_docstore_id} and the docstore
 * ({@link DocstoreMatch}), and every text and metadata value is checked to fit Milvus; otherwise a
 * {@link io.milvusdm.format.FormatException} names the file and the id. The pickle is held in memory (it is read
 * whole, as LangChain reads it); vectors are read per batch. Splits are the Faiss reader's. Thread-safe: each reader
 * has its own channels.
 */
public final class LangChainStoreSource implements Source {

    /** The scalar field holding page_content. */
    public static final String TEXT_FIELD = "text";
    /** The scalar field holding the metadata dict. */
    public static final String METADATA_FIELD = "metadata";

    private final LangChainStore store;
    private final SourceSchema schema;
    /** Vector arrays of batches that are the Faiss source's own, to hand back to it; cut batches hold copies. */
    private final Set<float[]> faissArrays = ConcurrentHashMap.newKeySet();

    private LangChainStoreSource(LangChainStore store) {
        this.store = store;
        SourceSchema faiss = store.index().schema();
        this.schema = new SourceSchema(VectorType.FLOAT_VECTOR, faiss.dimension(), KeyKind.VARCHAR, faiss.metric(),
                store.ids().length, List.of(ScalarField.varchar(TEXT_FIELD, store.textMaxLength(), false),
                        ScalarField.json(METADATA_FIELD, false)));
    }

    /** {@link #open(Path, boolean) open(folder, false)}: indexes storing exact or losslessly coded vectors only. */
    public static LangChainStoreSource open(Path folder) throws IOException {
        return open(folder, false);
    }

    /**
     * Pre-scans the store in {@code folder}; reads no vector.
     *
     * @param allowLossy whether vectors decoded from lossy codes (an IVF-PQ index, SQ8, ...) are accepted
     * @throws io.milvusdm.format.UnsupportedFormatException when the index's vectors cannot be recovered, or are
     *     lossy and not allowed
     */
    public static LangChainStoreSource open(Path folder, boolean allowLossy) throws IOException {
        return new LangChainStoreSource(LangChainStore.scan(folder, allowLossy));
    }

    /** The Faiss source of {@code index.faiss}: its description, expected and measured decoding error. */
    public FaissSource index() {
        return store.index();
    }

    @Override
    public SourceSchema schema() {
        return schema;
    }

    /**
     * The Faiss reader's splits of index.faiss, cut at about {@code maxSplitBytes} of payload with the average
     * document (at least one row a split).
     */
    @Override
    public List<Split> splits(long maxSplitBytes) {
        if (maxSplitBytes <= 0) {
            throw new IllegalArgumentException("maxSplitBytes must be positive, got " + maxSplitBytes);
        }
        long vector = store.vectorBytes();
        double scale = (double) vector / (vector + store.averageExtraBytes());
        List<Split> splits = new ArrayList<>();
        for (Split rows : store.index().splits(Math.max(1, (long) (maxSplitBytes * scale)))) {
            splits.add(new LangChainSplit(store.folder(), (FaissSplit) rows));
        }
        return splits;
    }

    @Override
    public BatchReader open(Split split, long maxBatchBytes) throws IOException {
        if (!(split instanceof LangChainSplit own) || !own.folder().equals(store.folder())) {
            throw new IllegalArgumentException("split " + split.id() + " does not belong to the LangChain store in "
                    + store.folder());
        }
        if (maxBatchBytes <= 0) {
            throw new IllegalArgumentException("maxBatchBytes must be positive, got " + maxBatchBytes);
        }
        BatchReader rows = store.index().open(own.rows(), LangChainBatchReader.faissBatchBytes(store, maxBatchBytes));
        return new LangChainBatchReader(store, own, rows, maxBatchBytes, faissArrays, store.index()::recycle);
    }

    @Override
    public void recycle(VectorBatch batch) {
        if (batch.vectors() instanceof FloatVectors vectors && faissArrays.remove(vectors.values())) {
            store.index().recycle(batch);
        }
    }

    @Override
    public void close() {
        store.index().close();
    }
}
