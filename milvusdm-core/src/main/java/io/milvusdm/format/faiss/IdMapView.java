package io.milvusdm.format.faiss;

import io.milvusdm.format.BinaryInput;
import io.milvusdm.format.FormatException;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Random access to an id map ({@code id_map[position]}), through read-only memory-mapped windows of the index
 * file: an IVF under an id map names positions in any order, and a window costs no heap. One per reader.
 */
final class IdMapView {

    private static final int WINDOW_SHIFT = 30;

    private final BinaryInput input;
    private final Section map;
    private final long count;
    private final ByteBuffer[] windows;

    IdMapView(BinaryInput input, Section map) {
        this.input = input;
        this.map = map;
        this.count = map.length() / Long.BYTES;
        this.windows = new ByteBuffer[(int) ((map.length() >>> WINDOW_SHIFT) + 1)];
    }

    /** Replaces each position in {@code ids[0..n)} by its id. */
    void apply(long[] ids, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            ids[i] = get(ids[i]);
        }
    }

    private long get(long position) throws IOException {
        if (position < 0 || position >= count) {
            throw new FormatException("position " + position + " is outside the id map of " + count + " ids",
                    input.file(), map.offset());
        }
        long byteOffset = position * Long.BYTES;
        int w = (int) (byteOffset >>> WINDOW_SHIFT);
        ByteBuffer window = windows[w];
        if (window == null) {
            long start = (long) w << WINDOW_SHIFT;
            window = input.map(map.offset() + start, Math.min(1L << WINDOW_SHIFT, map.length() - start));
            windows[w] = window;
        }
        return window.getLong((int) (byteOffset & ((1L << WINDOW_SHIFT) - 1)));
    }
}
