package io.milvusdm.format.faiss;

import io.milvusdm.pipeline.Split;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Rows of a Faiss file: whole blocks (inverted lists, hash buckets) grouped together, or a row range of one big
 * block (a big list, flat storage). Blocks are numbered as {@link FaissSource} finds them: the non-empty lists
 * in list order, then, for an IVFFlatDedup index, one more block of the duplicate ids.
 *
 * @param file the index file
 * @param firstBlock the first block
 * @param blockCount the blocks, at least one; when more than one, the split holds them whole
 * @param startRow the first row within the first block (0 when whole blocks)
 * @param rowCount the rows
 */
public record FaissSplit(Path file, int firstBlock, int blockCount, long startRow, long rowCount) implements Split {

    public FaissSplit {
        Objects.requireNonNull(file, "file");
        if (firstBlock < 0 || blockCount <= 0 || startRow < 0 || rowCount <= 0
                || blockCount > 1 && startRow != 0) {
            throw new IllegalArgumentException("invalid Faiss split: blocks " + firstBlock + "+" + blockCount
                    + ", rows " + startRow + "+" + rowCount);
        }
    }

    /** {@code faiss:<fileName>:b<firstBlock>+<blockCount>:<startRow>+<rowCount>}, stable across runs. */
    @Override
    public String id() {
        return "faiss:" + file.getFileName() + ":b" + firstBlock + "+" + blockCount + ":" + startRow + "+" + rowCount;
    }
}
