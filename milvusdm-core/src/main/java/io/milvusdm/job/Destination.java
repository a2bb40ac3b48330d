package io.milvusdm.job;

import io.milvusdm.milvus.MilvusTarget;
import java.nio.file.Path;

/**
 * The Milvus a job writes to: a server the user runs, or a local one the tool starts itself on a data
 * directory (a job that names no server, or a local path as its URI, such as {@code ./milvus_demo.db}).
 *
 * @param target the server's address and credentials; its URI is null for a local server until it runs
 * @param localDataDir the local server's data directory, or null for a remote server
 */
public record Destination(MilvusTarget target, Path localDataDir) {

    public boolean isLocal() {
        return localDataDir != null;
    }

    /** What to call it in messages: the (redacted) URI, or the local data directory. */
    public String describe() {
        return isLocal() ? "local Milvus on " + localDataDir : MilvusTarget.redactUserInfo(target.uri());
    }
}
