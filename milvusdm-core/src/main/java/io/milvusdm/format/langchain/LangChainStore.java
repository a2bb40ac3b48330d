package io.milvusdm.format.langchain;

import io.milvusdm.format.FormatException;
import io.milvusdm.format.UnsupportedFormatException;
import io.milvusdm.format.faiss.FaissSource;
import io.milvusdm.format.faiss.IdOrigin;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.Utf8;
import io.milvusdm.pipeline.VectorType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A LangChain store after its pre-scan: the Faiss source of {@code index.faiss}, and per Faiss id (the label
 * faiss's search returns, which LangChain looks up in {@code index_to_docstore_id}) the docstore id, the text, the
 * metadata as JSON and the row's payload besides its vector. Everything but the vectors is in memory: a pickle is
 * read whole. Entries are in ascending Faiss id order; {@link #entry} finds one.
 *
 * @param folder the store's folder
 * @param index the vectors
 * @param labels the Faiss ids, ascending, distinct
 * @param ids the docstore id of each entry
 * @param texts each entry's page_content
 * @param metadata each entry's metadata as UTF-8 JSON
 * @param extraBytes each entry's key, text and metadata bytes as a batch counts them
 * @param textMaxLength the text field's VARCHAR max length
 */
record LangChainStore(Path folder, FaissSource index, long[] labels, String[] ids, String[] texts, byte[][] metadata,
                      long[] extraBytes, int textMaxLength) {

    static final String INDEX_FILE = "index.faiss";
    static final String PICKLE_FILE = "index.pkl";

    /**
     * Checks the folder's two files against each other; reads the Faiss ids but no vector.
     *
     * @param allowLossy whether an index storing lossy codes (PQ, SQ8, ...) may be decoded, as for F2M
     */
    static LangChainStore scan(Path folder, boolean allowLossy) throws IOException {
        Path faiss = existing(folder, INDEX_FILE);
        Path pkl = existing(folder, PICKLE_FILE);
        FaissSource index = FaissSource.open(faiss, allowLossy);
        try {
            if (index.schema().vectorType() != VectorType.FLOAT_VECTOR) {
                throw new UnsupportedFormatException("a " + index.schema().vectorType() + " Faiss index ("
                        + index.describe().root().fourcc() + "); a LangChain store holds float embeddings", faiss, 0);
            }
            LangChainDocstore docstore = LangChainDocstore.read(pkl);
            long[] labels = FaissLabels.read(index, faiss);
            String[] ids = new DocstoreMatch(docstore, labels, index.describe().ids(), faiss, pkl).idsByLabel();
            return documents(folder, index, labels, ids, docstore, pkl);
        } catch (IOException | RuntimeException e) {
            index.close();
            throw e;
        }
    }

    private static LangChainStore documents(Path folder, FaissSource index, long[] labels, String[] ids,
                                            LangChainDocstore docstore, Path pkl) throws FormatException {
        IdOrigin origin = index.describe().ids();
        int n = labels.length;
        String[] texts = new String[n];
        byte[][] metadata = new byte[n][];
        long[] extraBytes = new long[n];
        int longest = 0;
        for (int entry = 0; entry < n; entry++) {
            String id = ids[entry];
            String where = DocstoreMatch.name(origin, labels[entry]);
            LangChainDocstore.Document document = docstore.documents().get(id);
            checkedLength(id, "id", id, where, pkl);
            int textBytes = checkedLength(document.text(), "page_content", id, where, pkl);
            longest = Math.max(longest, textBytes);
            texts[entry] = document.text();
            try {
                metadata[entry] = MetadataJson.toJson(document.metadata());
            } catch (MetadataJson.Refusal refusal) {
                throw new FormatException("document '" + abbreviate(id) + "' (" + where + "): "
                        + refusal.getMessage(), pkl, -1);
            }
            // as VarcharKeys, VarcharColumn and JsonColumn count them
            extraBytes[entry] = (4 + 3L * id.length()) + (4 + textBytes) + (4 + metadata[entry].length);
        }
        return new LangChainStore(folder, index, labels, ids, texts, metadata, extraBytes, textMaxLength(longest));
    }

    /** The entry of a Faiss id the pre-scan found, or -1. */
    int entry(long label) {
        int n = labels.length;
        // LangChain's own adds number the rows 0..n-1: then the id is the entry
        if (label >= 0 && label < n && labels[(int) label] == label) {
            return (int) label;
        }
        int found = Arrays.binarySearch(labels, label);
        return found < 0 ? -1 : found;
    }

    /** Bytes of one output vector. */
    long vectorBytes() {
        return 4L * index.schema().dimension();
    }

    /** The average key, text and metadata bytes of a row (0 for an empty store). */
    long averageExtraBytes() {
        return labels.length == 0 ? 0 : Arrays.stream(extraBytes).sum() / labels.length;
    }

    /**
     * The longest text rounded up to a power of two, at least 256, at most Milvus's 65535: room for a later job's
     * somewhat longer texts without declaring every field at the maximum.
     */
    static int textMaxLength(int longestBytes) {
        int rounded = Integer.highestOneBit(Math.max(longestBytes, 1));
        if (rounded < longestBytes) {
            rounded <<= 1;
        }
        return Math.min(Math.max(rounded, 256), ScalarField.VARCHAR_MAX_LENGTH);
    }

    private static Path existing(Path folder, String name) throws FormatException {
        Path file = folder.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new FormatException("missing " + name + ": a LangChain FAISS store (save_local) is a folder with "
                    + INDEX_FILE + " and " + PICKLE_FILE, file, -1);
        }
        return file;
    }

    private static int checkedLength(String value, String what, String id, String where, Path pkl)
            throws FormatException {
        int bytes = Utf8.length(value);
        if (bytes > ScalarField.VARCHAR_MAX_LENGTH) {
            throw new FormatException("document '" + abbreviate(id) + "' (" + where + ") has a " + what + " of "
                    + bytes + " bytes of UTF-8; a Milvus VARCHAR holds at most " + ScalarField.VARCHAR_MAX_LENGTH, pkl,
                    -1);
        }
        return bytes;
    }

    static String abbreviate(String id) {
        return id.length() <= 80 ? id : id.substring(0, 77) + "...";
    }
}
