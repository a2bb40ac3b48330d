package io.milvusdm.format.langchain;

import io.milvusdm.format.FormatException;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.Utf8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A LangChain store after its pre-scan: the index header, and per index position the docstore id, the text, the
 * metadata as JSON and the row's payload size. Everything but the vectors is in memory: a pickle is read whole.
 *
 * @param folder the store's folder
 * @param index the index.faiss header
 * @param ids the docstore id of each position
 * @param texts each position's page_content
 * @param metadata each position's metadata as UTF-8 JSON
 * @param rowBytes each row's payload as a batch counts it: vector, key, text, metadata
 * @param textMaxLength the text field's VARCHAR max length
 */
record LangChainStore(Path folder, FlatIndexReader index, String[] ids, String[] texts, byte[][] metadata,
                      long[] rowBytes, int textMaxLength) {

    static final String INDEX_FILE = "index.faiss";
    static final String PICKLE_FILE = "index.pkl";

    /** Checks the folder's two files against each other; reads no vector. */
    static LangChainStore scan(Path folder) throws IOException {
        Path faiss = existing(folder, INDEX_FILE);
        Path pkl = existing(folder, PICKLE_FILE);
        FlatIndexReader index = FlatIndexReader.open(faiss);
        LangChainDocstore docstore = LangChainDocstore.read(pkl);
        int rows = index.rows();
        String[] ids = idsByPosition(docstore, rows, pkl, faiss);
        String[] texts = new String[rows];
        byte[][] metadata = new byte[rows][];
        long[] rowBytes = new long[rows];
        int longest = 0;
        for (int position = 0; position < rows; position++) {
            String id = ids[position];
            LangChainDocstore.Document document = docstore.documents().get(id);
            int idBytes = checkedLength(id, "id", id, position, pkl);
            int textBytes = checkedLength(document.text(), "page_content", id, position, pkl);
            longest = Math.max(longest, textBytes);
            texts[position] = document.text();
            try {
                metadata[position] = MetadataJson.toJson(document.metadata());
            } catch (MetadataJson.Refusal refusal) {
                throw new FormatException("document '" + id + "' (index position " + position + "): "
                        + refusal.getMessage(), pkl, -1);
            }
            // as VarcharKeys, VarcharColumn and JsonColumn count them
            rowBytes[position] = 4L * index.dimension() + (4 + 3L * id.length()) + (4 + textBytes)
                    + (4 + metadata[position].length);
        }
        return new LangChainStore(folder, index, ids, texts, metadata, rowBytes, textMaxLength(longest));
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

    /** Every position has an id, every id a document, each id one position, and the counts agree. */
    private static String[] idsByPosition(LangChainDocstore docstore, int rows, Path pkl, Path faiss)
            throws FormatException {
        String[] ids = new String[rows];
        Map<String, Integer> seen = new HashMap<>();
        for (int position = 0; position < rows; position++) {
            String id = docstore.positions().get((long) position);
            if (id == null) {
                throw new FormatException("index position " + position + " has no docstore id in"
                        + " index_to_docstore_id (" + faiss.getFileName() + " holds " + rows + " vectors)", pkl, -1);
            }
            if (!docstore.documents().containsKey(id)) {
                throw new FormatException("index position " + position + " maps to docstore id '" + id
                        + "', which has no document", pkl, -1);
            }
            Integer other = seen.put(id, position);
            if (other != null) {
                throw new FormatException("index positions " + other + " and " + position + " both map to docstore id '"
                        + id + "'", pkl, -1);
            }
            ids[position] = id;
        }
        for (long position : docstore.positions().keySet()) {
            if (position < 0 || position >= rows) {
                throw new FormatException("index_to_docstore_id has an entry for position " + position + ", but "
                        + faiss.getFileName() + " holds " + rows + " vectors", pkl, -1);
            }
        }
        for (String id : docstore.documents().keySet()) {
            if (!seen.containsKey(id)) {
                throw new FormatException("the docstore holds " + docstore.documents().size() + " documents for "
                        + rows + " index positions; document '" + id + "' is at no position", pkl, -1);
            }
        }
        return ids;
    }

    private static int checkedLength(String value, String what, String id, int position, Path pkl)
            throws FormatException {
        int bytes = Utf8.length(value);
        if (bytes > ScalarField.VARCHAR_MAX_LENGTH) {
            throw new FormatException("document '" + abbreviate(id) + "' (index position " + position + ") has a " + what
                    + " of " + bytes + " bytes of UTF-8; a Milvus VARCHAR holds at most "
                    + ScalarField.VARCHAR_MAX_LENGTH, pkl, -1);
        }
        return bytes;
    }

    private static String abbreviate(String id) {
        return id.length() <= 80 ? id : id.substring(0, 77) + "...";
    }
}
