package io.milvusdm.format.faiss;

import io.milvusdm.format.BinaryInput;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads the ids of every row, and no vector, in the order the source's splits produce the rows: block after
 * block, then the duplicates of an IVFFlatDedup index; ids mapped through the id map when there is one. For
 * callers that must match ids against something else before any row moves (a LangChain store's docstore).
 */
final class FaissIdScan {

    private static final int CHUNK = 1 << 14;

    private FaissIdScan() {
    }

    static void scan(FaissReadPlan plan, DedupTable dedup, Path indexFile, FaissSource.IdVisitor visitor)
            throws IOException {
        try (BinaryInput data = BinaryInput.open(plan.dataFile());
             BinaryInput index = plan.dataFile().equals(indexFile) ? null : BinaryInput.open(indexFile)) {
            IdMapView idMap = plan.idMap() == null ? null : new IdMapView(index == null ? data : index, plan.idMap());
            long[] chunk = new long[CHUNK];
            for (int k = 0; k < plan.blockCount(); k++) {
                for (long row = 0; row < plan.rows()[k]; row += CHUNK) {
                    int count = (int) Math.min(CHUNK, plan.rows()[k] - row);
                    long idAt = plan.idOffsets()[k];
                    if (idAt >= 0) {
                        data.readLongs(idAt + row * Long.BYTES, chunk, 0, count);
                    } else {
                        for (int i = 0; i < count; i++) {
                            chunk[i] = plan.firstPositions()[k] + row + i;
                        }
                    }
                    emit(chunk, count, idMap, visitor);
                }
            }
            long[] duplicates = dedup == null ? new long[0] : dedup.ids();
            for (int row = 0; row < duplicates.length; row += CHUNK) {
                int count = Math.min(CHUNK, duplicates.length - row);
                System.arraycopy(duplicates, row, chunk, 0, count);
                emit(chunk, count, idMap, visitor);
            }
        }
    }

    private static void emit(long[] chunk, int count, IdMapView idMap, FaissSource.IdVisitor visitor)
            throws IOException {
        if (idMap != null) {
            idMap.apply(chunk, count);
        }
        visitor.accept(chunk, count);
    }
}
