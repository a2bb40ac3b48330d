package io.milvusdm.format.faiss;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code milvusdm inspect} shows about a Faiss file: its tree of indexes, whether its vectors can be
 * recovered and how, and where their ids come from.
 *
 * @param file the index file
 * @param fileSize its size in bytes
 * @param root the outermost index
 * @param recovery exact, decoded (with the codec), or none (with the reason)
 * @param ids where ids come from
 */
public record FaissDescription(Path file, long fileSize, FaissNode root, Recovery recovery, IdOrigin ids) {

    public FaissDescription {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(recovery, "recovery");
        Objects.requireNonNull(ids, "ids");
    }
}
