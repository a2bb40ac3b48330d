package io.milvusdm.dump;

import io.milvusdm.pipeline.VectorBatch;
import java.io.IOException;
import java.util.List;

/**
 * Writes the rows of one chunk, batch after batch, into the files of one format. Not thread-safe: one chunk is
 * written by one worker.
 */
public interface ChunkWriter {

    void write(VectorBatch batch) throws IOException;

    /**
     * Completes every file (its object becomes visible) and returns them.
     *
     * @throws DumpException when the rows written differ from the chunk's
     */
    List<DumpManifest.FileEntry> finish() throws IOException;

    /** Gives up after a failure: nothing of this chunk is committed by this writer. */
    void abandon();
}
