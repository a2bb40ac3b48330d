package io.milvusdm.dump;

import io.milvusdm.pipeline.Split;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups a source's splits, in their order, into chunks of at most {@code chunkBytes} of payload each (a chunk
 * holds at least one split): one chunk is one folder of files and one import job. The source cuts splits of at most
 * about {@code chunkBytes}, so no chunk grows far past it, and small splits (Faiss inverted lists) share a chunk.
 */
public final class ChunkPlan {

    /** One chunk: its name (its folder), its splits, rows and payload bytes. */
    public record Chunk(int index, String name, List<Split> splits, long rows, long bytes) {
    }

    private ChunkPlan() {
    }

    /**
     * @param bytesPerRow payload bytes of one row (vector and key)
     */
    public static List<Chunk> plan(List<Split> splits, long bytesPerRow, long chunkBytes) {
        List<Chunk> chunks = new ArrayList<>();
        List<Split> current = new ArrayList<>();
        long rows = 0;
        for (Split split : splits) {
            long splitBytes = split.rowCount() * bytesPerRow;
            if (!current.isEmpty() && (rows * bytesPerRow + splitBytes > chunkBytes)) {
                chunks.add(chunk(chunks.size(), current, rows, bytesPerRow));
                current = new ArrayList<>();
                rows = 0;
            }
            if (split.rowCount() > 0) {
                current.add(split);
                rows += split.rowCount();
            }
        }
        if (!current.isEmpty()) {
            chunks.add(chunk(chunks.size(), current, rows, bytesPerRow));
        }
        return chunks;
    }

    private static Chunk chunk(int index, List<Split> splits, long rows, long bytesPerRow) {
        return new Chunk(index, String.format("chunk-%05d", index), List.copyOf(splits), rows, rows * bytesPerRow);
    }
}
