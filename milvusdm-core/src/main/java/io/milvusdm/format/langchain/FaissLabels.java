package io.milvusdm.format.langchain;

import io.milvusdm.format.FormatException;
import io.milvusdm.format.UnsupportedFormatException;
import io.milvusdm.format.faiss.FaissSource;
import io.milvusdm.format.faiss.IdOrigin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The Faiss ids of every vector in a store's {@code index.faiss}, sorted: the labels faiss's search returns and
 * LangChain looks up in {@code index_to_docstore_id} (a position for flat, HNSW, PQ and other indexes filled by
 * {@code add}; the id stored in the lists for an IVF index; the id given to {@code add_with_ids} for an IndexIDMap).
 */
final class FaissLabels {

    /** Java arrays cap what a store's pre-scan holds; the pickle itself is capped at 2 GB. */
    static final int MAX_ROWS = Integer.MAX_VALUE - 8;

    private FaissLabels() {
    }

    /** Reads, sorts and checks the ids: each must be held by one vector only. */
    static long[] read(FaissSource index, Path faiss) throws IOException {
        long total = index.schema().totalRows();
        if (total > MAX_ROWS) {
            throw new UnsupportedFormatException(faiss.getFileName() + " holds " + total + " vectors; a LangChain"
                    + " store is read with at most " + MAX_ROWS, faiss, -1);
        }
        long[] labels = new long[(int) total];
        int[] filled = {0};
        index.scanIds((ids, count) -> {
            if (filled[0] + (long) count > labels.length) {
                throw new FormatException("more ids than the " + total + " vectors the index counts", faiss, -1);
            }
            System.arraycopy(ids, 0, labels, filled[0], count);
            filled[0] += count;
        });
        if (filled[0] != labels.length) {
            throw new FormatException(filled[0] + " ids for the " + total + " vectors the index counts", faiss, -1);
        }
        Arrays.sort(labels);
        IdOrigin origin = index.describe().ids();
        for (int i = 1; i < labels.length; i++) {
            if (labels[i] == labels[i - 1]) {
                throw new FormatException(DocstoreMatch.name(origin, labels[i]) + " is held by more than one vector;"
                        + " LangChain maps each id faiss returns to one document", faiss, -1);
            }
        }
        return labels;
    }
}
