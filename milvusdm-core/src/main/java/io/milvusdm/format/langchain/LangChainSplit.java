package io.milvusdm.format.langchain;

import io.milvusdm.format.faiss.FaissSplit;
import io.milvusdm.pipeline.Split;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Rows of one LangChain store: a split of its {@code index.faiss} as the Faiss reader cuts it (a row range of a
 * flat index, inverted lists of an IVF index, ...), with their documents.
 *
 * @param folder the store's folder
 * @param rows the rows of index.faiss
 */
public record LangChainSplit(Path folder, FaissSplit rows) implements Split {

    public LangChainSplit {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(rows, "rows");
    }

    /** {@code langchain:<folder>:b<firstBlock>+<blockCount>:<startRow>+<rowCount>}, stable across runs. */
    @Override
    public String id() {
        return "langchain:" + folder.getFileName() + ":b" + rows.firstBlock() + "+" + rows.blockCount() + ":"
                + rows.startRow() + "+" + rows.rowCount();
    }

    @Override
    public long rowCount() {
        return rows.rowCount();
    }
}
