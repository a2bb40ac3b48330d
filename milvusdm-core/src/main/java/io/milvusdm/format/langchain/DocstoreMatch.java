package io.milvusdm.format.langchain;

import io.milvusdm.format.FormatException;
import io.milvusdm.format.faiss.IdOrigin;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Matches the Faiss ids of {@code index.faiss} with {@code index_to_docstore_id} and the docstore one to one, as
 * LangChain's search uses them: {@code docstore.search(index_to_docstore_id[label])} for each label faiss returns.
 * Every id has a docstore id, every docstore id a document, no docstore id serves two vectors, the mapping names no
 * id the index lacks and the docstore holds no document outside the index; otherwise the error names the id.
 */
final class DocstoreMatch {

    private final LangChainDocstore docstore;
    private final long[] labels;
    private final IdOrigin origin;
    private final Path faiss;
    private final Path pkl;

    DocstoreMatch(LangChainDocstore docstore, long[] labels, IdOrigin origin, Path faiss, Path pkl) {
        this.docstore = docstore;
        this.labels = labels;
        this.origin = origin;
        this.faiss = faiss;
        this.pkl = pkl;
    }

    /** How messages name a Faiss id: as a position when the index numbers its vectors by position. */
    static String name(IdOrigin origin, long label) {
        return (origin == IdOrigin.POSITIONAL ? "index position " : "faiss id ") + label;
    }

    /** The docstore id of each label, in the labels' order. */
    String[] idsByLabel() throws FormatException {
        String[] ids = new String[labels.length];
        Map<String, Long> seen = new HashMap<>();
        for (int entry = 0; entry < labels.length; entry++) {
            long label = labels[entry];
            String id = docstore.positions().get(label);
            if (id == null) {
                throw new FormatException(name(origin, label) + " has no docstore id in index_to_docstore_id ("
                        + faiss.getFileName() + " holds " + labels.length + " vectors)" + positionalKeysHint(), pkl,
                        -1);
            }
            if (!docstore.documents().containsKey(id)) {
                throw new FormatException(name(origin, label) + " maps to docstore id '"
                        + LangChainStore.abbreviate(id) + "', which has no document", pkl, -1);
            }
            Long other = seen.put(id, label);
            if (other != null) {
                String noun = origin == IdOrigin.POSITIONAL ? "index positions " : "faiss ids ";
                throw new FormatException(noun + other + " and " + label + " both map to docstore id '"
                        + LangChainStore.abbreviate(id) + "'", pkl, -1);
            }
            ids[entry] = id;
        }
        for (long key : docstore.positions().keySet()) {
            if (Arrays.binarySearch(labels, key) < 0) {
                throw new FormatException(origin == IdOrigin.POSITIONAL
                        ? "index_to_docstore_id has an entry for position " + key + ", but " + faiss.getFileName()
                                + " holds " + labels.length + " vectors"
                        : "index_to_docstore_id has an entry for faiss id " + key + ", which " + faiss.getFileName()
                                + " does not hold", pkl, -1);
            }
        }
        for (String id : docstore.documents().keySet()) {
            if (!seen.containsKey(id)) {
                throw new FormatException("the docstore holds " + docstore.documents().size() + " documents for "
                        + labels.length + (origin == IdOrigin.POSITIONAL ? " index positions" : " vectors")
                        + "; document '" + LangChainStore.abbreviate(id) + "' is at no "
                        + (origin == IdOrigin.POSITIONAL ? "position" : "faiss id"), pkl, -1);
            }
        }
        return ids;
    }

    /**
     * Why an IVF or id-mapped store may lack an id: its mapping is keyed by positions 0..n-1, which LangChain's
     * {@code delete} produces whatever the index (right for a flat index only), and which hand-built stores use.
     */
    private String positionalKeysHint() {
        if (origin == IdOrigin.POSITIONAL || !keysArePositions()) {
            return "";
        }
        String why = origin == IdOrigin.IVF_LISTS
                ? "an IVF index keeps the ids it gave at add time, and LangChain's delete() renumbers the keys"
                        + " 0..n-1 as if the index were flat, so this store no longer finds its documents"
                : "an IndexIDMap returns the ids given to add_with_ids, and LangChain looks documents up by those";
        return "; its keys are the positions 0.." + (labels.length - 1) + ", not the ids faiss returns: " + why;
    }

    private boolean keysArePositions() {
        Map<Long, String> positions = docstore.positions();
        if (positions.size() != labels.length) {
            return false;
        }
        for (long key : positions.keySet()) {
            if (key < 0 || key >= labels.length) {
                return false;
            }
        }
        return true;
    }
}
