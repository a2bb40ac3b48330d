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
     * The chunk's files' size so far, rows still buffered included (an estimate that errs high), so that a chunk
     * whose rows are larger than planned ends at about the chunk size; -1 when this format cannot end a chunk
     * early (a .npy header states the row count before the first row).
     */
    long bytesWritten();

    /**
     * Completes every file with the rows written so far, fewer than the chunk's: the caller writes the rest into a
     * continuation chunk. Only for a format whose {@link #bytesWritten()} is not -1.
     */
    List<DumpManifest.FileEntry> finishEarly() throws IOException;

    /**
     * Completes every file (its object becomes visible) and returns them.
     *
     * @throws DumpException when the rows written differ from the chunk's
     */
    List<DumpManifest.FileEntry> finish() throws IOException;

    /** Gives up after a failure: nothing of this chunk is committed by this writer. */
    void abandon();
}
