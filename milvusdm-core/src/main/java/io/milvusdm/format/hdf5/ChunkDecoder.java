package io.milvusdm.format.hdf5;

import io.milvusdm.format.FormatException;

import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes the stored bytes of one chunk through the steps of {@link ChunkFilters}, into a caller's array of
 * the chunk's size (still shuffled when {@link ChunkFilters#deferredShuffle()} says so).
 *
 * <p>The stored bytes are read where jhdf maps them; the JDK's zlib inflates them straight into the caller's
 * array when inflating is the last step that writes bytes. One {@link Inflater} and at most two scratch arrays
 * (only for pipelines with several steps that write bytes) are reused for every chunk: nothing is allocated per
 * chunk. Not thread-safe: one per reader; {@link #close} frees the inflater's native memory.
 */
final class ChunkDecoder implements Closeable {

    private final ChunkFilters filters;
    private final Path file;
    private final String dataset;
    private final Inflater inflater = new Inflater();
    private final byte[] probe = new byte[1];
    private final byte[][] scratch = new byte[2][];

    ChunkDecoder(ChunkFilters filters, Path file, String dataset) {
        this.filters = filters;
        this.file = file;
        this.dataset = dataset;
    }

    /** Decodes {@code stored} (its remaining bytes) into the whole of {@code dst}. */
    void decode(ByteBuffer stored, byte[] dst, int[] offset) throws FormatException {
        List<ChunkFilters.Step> steps = filters.steps();
        int lastWriter = lastWriter(steps, dst.length);
        ByteBuffer current = stored;
        for (int i = 0; i < steps.size(); i++) {
            ChunkFilters.Step step = steps.get(i);
            byte[] out = i == lastWriter ? dst : scratch(step.outputBytes(), current);
            current = switch (step.filterId()) {
                case ChunkFilters.FLETCHER32 -> verify(current, offset);
                case ChunkFilters.DEFLATE -> inflate(current, out, step.outputBytes(), offset);
                default -> unshuffle(current, step, out, offset);
            };
        }
        if (current.remaining() != dst.length) {
            throw error(offset, "decodes to " + current.remaining() + " bytes, expected " + dst.length, null);
        }
        if (current.hasArray() && current.array() == dst) {
            return;
        }
        current.get(current.position(), dst);
    }

    /** The last step that writes bytes, when it writes exactly the chunk; -1 when none does. */
    private static int lastWriter(List<ChunkFilters.Step> steps, int chunkBytes) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).filterId() != ChunkFilters.FLETCHER32) {
                return steps.get(i).outputBytes() == chunkBytes ? i : -1;
            }
        }
        return -1;
    }

    /** A reused scratch array of at least {@code bytes}, other than the one {@code input} reads from. */
    private byte[] scratch(int bytes, ByteBuffer input) {
        int slot = input.hasArray() && input.array() == scratch[0] ? 1 : 0;
        if (scratch[slot] == null || scratch[slot].length < bytes) {
            scratch[slot] = new byte[bytes];
        }
        return scratch[slot];
    }

    private ByteBuffer verify(ByteBuffer in, int[] offset) throws FormatException {
        int data = in.remaining() - Integer.BYTES;
        if (data < 0) {
            throw error(offset, "has " + in.remaining() + " bytes, too few for its Fletcher-32 checksum", null);
        }
        ByteBuffer body = in.slice(in.position(), data);
        int stored = in.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(in.position() + data);
        int computed = Fletcher32.checksum(body, data);
        if (!Fletcher32.matches(stored, computed)) {
            throw error(offset, "fails its Fletcher-32 checksum: stored 0x" + Integer.toHexString(stored)
                    + ", computed 0x" + Integer.toHexString(computed) + " over " + data + " bytes", null);
        }
        return body;
    }

    private ByteBuffer inflate(ByteBuffer in, byte[] out, int expected, int[] offset) throws FormatException {
        inflater.reset();
        inflater.setInput(in.duplicate());
        int written = 0;
        try {
            while (written < expected) {
                int n = inflater.inflate(out, written, expected - written);
                written += n;
                if (n == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
            }
            if (written == expected && !inflater.finished() && inflater.inflate(probe) > 0) {
                throw error(offset, "inflates to more than the " + expected + " bytes expected", null);
            }
        } catch (DataFormatException e) {
            throw error(offset, "is not a valid deflate stream after " + inflater.getBytesRead() + " of "
                    + in.remaining() + " bytes: " + e.getMessage(), e);
        }
        if (!inflater.finished()) {
            throw error(offset, "has a deflate stream cut short: " + in.remaining() + " bytes inflate to "
                    + written + " of the " + expected + " expected", null);
        }
        if (written != expected) {
            throw error(offset, "inflates to " + written + " bytes, expected " + expected, null);
        }
        return ByteBuffer.wrap(out, 0, expected);
    }

    private ByteBuffer unshuffle(ByteBuffer in, ChunkFilters.Step step, byte[] out, int[] offset)
            throws FormatException {
        if (in.remaining() != step.outputBytes()) {
            throw error(offset, "has " + in.remaining() + " shuffled bytes, expected " + step.outputBytes(), null);
        }
        ByteShuffle.unshuffleAll(in, step.elementSize(), out);
        return ByteBuffer.wrap(out, 0, step.outputBytes());
    }

    private FormatException error(int[] offset, String what, Throwable cause) {
        return new FormatException("the chunk at " + Arrays.toString(offset) + " of dataset '" + dataset + "' "
                + what, file, -1, cause);
    }

    @Override
    public void close() {
        inflater.end();
    }
}
