package io.milvusdm.format.hdf5;

import io.milvusdm.format.FormatException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pipelines h5py does not write but HDF5 allows (checksum under the compression, a shuffle of another size than
 * the element's, leftover bytes after the last whole element), and deflate streams of the wrong length, built
 * here with the JDK's {@link Deflater}.
 */
class Hdf5ChunkDecoderTest {

    private static final Path FILE = Path.of("made-up.h5");
    private static final int[] OFFSET = {200, 0};

    private static byte[] data(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        for (int i = 0; i < length; i += 3) {
            bytes[i] = 7;
        }
        return bytes;
    }

    private static byte[] deflate(byte[] bytes, int level) {
        Deflater deflater = new Deflater(level);
        deflater.setInput(bytes);
        deflater.finish();
        byte[] out = new byte[bytes.length * 2 + 64];
        int n = deflater.deflate(out);
        deflater.end();
        return Arrays.copyOf(out, n);
    }

    private static byte[] withFletcher32(byte[] bytes) {
        ByteBuffer out = ByteBuffer.allocate(bytes.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        out.put(bytes).putInt(Fletcher32.checksum(ByteBuffer.wrap(bytes), bytes.length));
        return out.array();
    }

    private static byte[] shuffle(byte[] bytes, int size) {
        byte[] out = bytes.clone();
        int plane = bytes.length / size;
        for (int e = 0; e < plane; e++) {
            for (int k = 0; k < size; k++) {
                out[k * plane + e] = bytes[e * size + k];
            }
        }
        return out;
    }

    private static byte[] decode(ChunkFilters filters, byte[] stored, int chunkBytes) throws FormatException {
        byte[] out = new byte[chunkBytes];
        try (ChunkDecoder decoder = new ChunkDecoder(filters, FILE, "embeddings")) {
            decoder.decode(ByteBuffer.allocateDirect(stored.length).put(stored).flip(), out, OFFSET);
        }
        return out;
    }

    @Test
    void a_checksum_written_before_the_compression_is_verified_after_inflating() throws FormatException {
        byte[] raw = data(4001);
        ChunkFilters filters = new ChunkFilters(List.of(new ChunkFilters.Step(ChunkFilters.DEFLATE, 0, 4005),
                new ChunkFilters.Step(ChunkFilters.FLETCHER32, 0, 4001)), 0);
        assertThat(decode(filters, deflate(withFletcher32(raw), 6), 4001)).isEqualTo(raw);
    }

    @Test
    void a_shuffle_under_the_compression_and_of_another_size_is_undone_whole_leftover_bytes_included()
            throws FormatException {
        byte[] raw = data(4003);
        byte[] stored = deflate(shuffle(deflate(shuffle(raw, 8), 1), 2), 9);
        int middle = deflate(shuffle(raw, 8), 1).length;
        ChunkFilters filters = new ChunkFilters(List.of(new ChunkFilters.Step(ChunkFilters.DEFLATE, 0, middle),
                new ChunkFilters.Step(ChunkFilters.SHUFFLE, 2, middle),
                new ChunkFilters.Step(ChunkFilters.DEFLATE, 0, 4003),
                new ChunkFilters.Step(ChunkFilters.SHUFFLE, 8, 4003)), 0);
        assertThat(decode(filters, stored, 4003)).isEqualTo(raw);
    }

    @Test
    void a_stream_inflating_to_more_or_fewer_bytes_than_the_chunk_fails_naming_the_chunk() {
        ChunkFilters filters = new ChunkFilters(List.of(new ChunkFilters.Step(ChunkFilters.DEFLATE, 0, 4000)), 4);
        assertThatThrownBy(() -> decode(filters, deflate(data(4001), 1), 4000))
                .isExactlyInstanceOf(FormatException.class)
                .hasMessage("the chunk at [200, 0] of dataset 'embeddings' inflates to more than the 4000 bytes"
                        + " expected (file=made-up.h5)");
        assertThatThrownBy(() -> decode(filters, deflate(data(3996), 1), 4000))
                .isExactlyInstanceOf(FormatException.class)
                .hasMessage("the chunk at [200, 0] of dataset 'embeddings' inflates to 3996 bytes, expected 4000"
                        + " (file=made-up.h5)");
    }

    @Test
    void a_stream_cut_short_fails_naming_the_chunk() {
        ChunkFilters filters = new ChunkFilters(List.of(new ChunkFilters.Step(ChunkFilters.DEFLATE, 0, 4000)), 4);
        byte[] stream = deflate(data(4000), 1);
        assertThatThrownBy(() -> decode(filters, Arrays.copyOf(stream, stream.length / 2), 4000))
                .isExactlyInstanceOf(FormatException.class)
                .hasMessageStartingWith("the chunk at [200, 0] of dataset 'embeddings' has a deflate stream cut"
                        + " short: " + stream.length / 2 + " bytes inflate to ");
    }
}
