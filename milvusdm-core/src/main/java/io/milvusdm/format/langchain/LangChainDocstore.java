package io.milvusdm.format.langchain;

import io.milvusdm.format.FormatException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code index.pkl} holds: LangChain pickles the tuple {@code (docstore, index_to_docstore_id)}
 * (langchain_community/vectorstores/faiss.py, save_local), where the docstore is an {@code InMemoryDocstore} whose
 * {@code _dict} maps string ids to {@code Document}s (pydantic models; their pickled state keeps the fields under
 * {@code __dict__}: page_content, metadata, id, type), and {@code index_to_docstore_id} maps each index position to
 * an id. Anything else is refused, naming the file and what was found where.
 *
 * @param positions the docstore id of each index position, as the pickle maps them (positions may be missing)
 * @param documents the documents by docstore id, in the docstore's order
 */
record LangChainDocstore(Map<Long, String> positions, Map<String, Document> documents) {

    /** A LangChain Document: its text and metadata dict as unpickled. */
    record Document(String text, Map<?, ?> metadata) {
    }

    static LangChainDocstore read(Path pkl) throws IOException {
        long size = Files.size(pkl);
        if (size > Integer.MAX_VALUE - 16) {
            throw new FormatException("a pickle of " + size + " bytes is over the 2 GB this reader loads", pkl, -1);
        }
        Object root = SafeUnpickler.load(pkl, Files.readAllBytes(pkl));
        if (!(root instanceof Object[] tuple) || tuple.length != 2) {
            throw refused(pkl, "the pickle", "a tuple (docstore, index_to_docstore_id)", root);
        }
        return new LangChainDocstore(positions(pkl, tuple[1]), documents(pkl, tuple[0]));
    }

    private static Map<Long, String> positions(Path pkl, Object mapping) throws FormatException {
        if (!(mapping instanceof Map<?, ?> map)) {
            throw refused(pkl, "index_to_docstore_id", "a dict of int to str", mapping);
        }
        Map<Long, String> positions = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof Integer || entry.getKey() instanceof Long)
                    || !(entry.getValue() instanceof String id)) {
                throw new FormatException("index_to_docstore_id maps " + entry.getKey() + " ("
                        + MetadataJson.pythonType(entry.getKey()) + ") to " + MetadataJson.pythonType(entry.getValue())
                        + ", expected int to str", pkl, -1);
            }
            positions.put(((Number) entry.getKey()).longValue(), id);
        }
        return positions;
    }

    private static Map<String, Document> documents(Path pkl, Object docstore) throws FormatException {
        if (!(docstore instanceof PickledObject store) || !store.className().endsWith(".InMemoryDocstore")
                || !store.known()) {
            throw refused(pkl, "the docstore", "a langchain InMemoryDocstore", docstore);
        }
        if (!(store.state().get("_dict") instanceof Map<?, ?> dict)) {
            throw refused(pkl, "the docstore's _dict", "a dict of str to Document", store.state().get("_dict"));
        }
        Map<String, Document> documents = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : dict.entrySet()) {
            if (!(entry.getKey() instanceof String id)) {
                throw refused(pkl, "a docstore key", "a str", entry.getKey());
            }
            documents.put(id, document(pkl, id, entry.getValue()));
        }
        return documents;
    }

    private static Document document(Path pkl, String id, Object value) throws FormatException {
        String what = "docstore entry '" + id + "'";
        if (!(value instanceof PickledObject object) || !object.className().endsWith(".Document") || !object.known()) {
            throw refused(pkl, what, "a langchain Document", value);
        }
        // pydantic v2 and v1 both pickle a model's fields as the dict under "__dict__"
        if (!(object.state().get("__dict__") instanceof Map<?, ?> fields)) {
            throw refused(pkl, what + "'s fields", "a dict under __dict__", object.state().get("__dict__"));
        }
        if (!(fields.get("page_content") instanceof String text)) {
            throw refused(pkl, what + "'s page_content", "a str", fields.get("page_content"));
        }
        Object metadata = fields.get("metadata");
        if (!(metadata instanceof Map<?, ?> map)) {
            throw refused(pkl, what + "'s metadata", "a dict", metadata);
        }
        return new Document(text, map);
    }

    private static FormatException refused(Path pkl, String what, String expected, Object found) {
        return new FormatException(what + " is " + article(MetadataJson.pythonType(found)) + ", expected " + expected,
                pkl, -1);
    }

    private static String article(String type) {
        return type.equals("None") ? "None" : "a " + type;
    }
}
