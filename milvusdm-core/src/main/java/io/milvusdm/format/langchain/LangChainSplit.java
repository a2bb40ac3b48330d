package io.milvusdm.format.langchain;

import io.milvusdm.pipeline.Split;

import java.nio.file.Path;

/**
 * Index positions {@code [firstRow, firstRow + rowCount)} of one LangChain store.
 *
 * @param folder the store's folder
 */
public record LangChainSplit(Path folder, long firstRow, long rowCount) implements Split {

    @Override
    public String id() {
        return "langchain:" + folder.getFileName() + ":" + firstRow + "+" + rowCount;
    }
}
