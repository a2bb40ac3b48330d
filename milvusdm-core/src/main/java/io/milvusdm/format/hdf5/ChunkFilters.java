package io.milvusdm.format.hdf5;

import io.jhdf.filter.PipelineFilterWithData;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The filter pipeline of a chunked dataset, when this package decodes it itself ({@link ChunkDecoder}).
 *
 * <p>The dataset's filter pipeline message lists filters in the order the writer applied them to each chunk;
 * a reader undoes them from the last to the first. h5py writes {@code shuffle, deflate, fletcher32} (each
 * optional), so a chunk is read as: verify and drop the checksum, inflate, unshuffle. The filters decoded here:
 * <ul>
 *   <li><b>deflate</b> (id 1; client data: the level): one zlib stream (RFC 1950: 2-byte header, deflate
 *       blocks, big-endian Adler-32) that inflates to exactly the bytes the previous filter wrote.</li>
 *   <li><b>shuffle</b> (id 2; client data [0]: the element size {@code s}): a chunk of {@code n} bytes is
 *       {@code s} planes of {@code n / s} bytes; byte {@code k} of element {@code e} is at
 *       {@code k * (n / s) + e}. The last {@code n % s} bytes, if any, are not shuffled.</li>
 *   <li><b>fletcher32</b> (id 3; no client data): 4 bytes appended after the data, a little-endian
 *       {@link Fletcher32} checksum of the bytes before them.</li>
 * </ul>
 * Any other filter (lzf, lz4, bitshuffle, szip, scale-offset, n-bit, ...) makes {@link #of} empty, and the
 * chunks are decoded by jhdf as before.
 *
 * <p>When the last step of decoding is a shuffle of the column's own element size, it is not done here: the
 * chunk keeps its planes and {@link ByteShuffle} reassembles only the rows a batch copies, straight into the
 * batch's buffer (one pass fewer over every chunk).
 *
 * @param steps the decoding steps, first to last (the reverse of the pipeline's order)
 * @param deferredShuffle the element size the chunk stays shuffled by after {@code steps}, or 0
 */
record ChunkFilters(List<Step> steps, int deferredShuffle) {

    static final int DEFLATE = 1;
    static final int SHUFFLE = 2;
    static final int FLETCHER32 = 3;

    /**
     * One decoding step.
     *
     * @param filterId {@link #DEFLATE}, {@link #SHUFFLE} or {@link #FLETCHER32}
     * @param elementSize the shuffle's element size (0 for other filters)
     * @param outputBytes the bytes the step produces from a whole chunk
     */
    record Step(int filterId, int elementSize, int outputBytes) {
    }

    /**
     * The decoding of {@code pipeline} (in the pipeline's own order) for chunks of {@code chunkBytes} holding
     * elements of {@code elementSize} bytes, or empty when a filter is not one of the three above.
     */
    static Optional<ChunkFilters> of(List<PipelineFilterWithData> pipeline, int chunkBytes, int elementSize) {
        List<Step> steps = new ArrayList<>();
        long size = chunkBytes;
        for (PipelineFilterWithData filter : pipeline) {
            int[] data = filter.getFilterData();
            switch (filter.getId()) {
                case DEFLATE -> steps.add(0, new Step(DEFLATE, 0, (int) size));
                case FLETCHER32 -> {
                    steps.add(0, new Step(FLETCHER32, 0, (int) size));
                    size += Integer.BYTES;
                }
                case SHUFFLE -> {
                    if (data.length == 0 || data[0] <= 0) {
                        return Optional.empty();
                    }
                    if (data[0] > 1) {
                        steps.add(0, new Step(SHUFFLE, data[0], (int) size));
                    }
                }
                default -> {
                    return Optional.empty();
                }
            }
            if (size > Integer.MAX_VALUE - 8) {
                return Optional.empty();
            }
        }
        int last = steps.size() - 1;
        if (last >= 0 && steps.get(last).filterId() == SHUFFLE && steps.get(last).elementSize() == elementSize) {
            return Optional.of(new ChunkFilters(List.copyOf(steps.subList(0, last)), elementSize));
        }
        return Optional.of(new ChunkFilters(List.copyOf(steps), 0));
    }
}
