package io.milvusdm.format.npy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What NpyWriter writes, judged by numpy: np.load gives the items written, and the bytes equal np.save's. */
class NpyWriterTest {

    @TempDir
    Path dir;

    @Test
    void float32_rows_streamed_in_pieces_load_in_numpy_as_written() throws IOException {
        int dim = 37;
        int rows = 2501; // more than one buffer of 256 KiB
        float[] values = new float[rows * dim];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        values[0] = -0.0f;
        values[1] = Float.NaN;
        values[2] = Float.MIN_VALUE;
        Path npy = dir.resolve("f.npy");
        try (NpyWriter writer = NpyWriter.float32(npy, dim)) {
            writer.write(values, 0, 1000 * dim);
            writer.write(values, 1000 * dim, (rows - 1000) * dim);
            assertThat(writer.rows()).isEqualTo(rows);
        }
        Path raw = dir.resolve("f.bin");
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        Files.write(raw, buffer.array());
        NpyFixtures.checkWithNumpy(npy, raw, "<f4", rows, dim);
        try (NpyReader reader = NpyReader.open(npy)) {
            float[] back = new float[values.length];
            reader.readFloats(0, rows, back, 0);
            assertThat(NpyFixtures.bits(back)).isEqualTo(NpyFixtures.bits(values));
        }
    }

    @Test
    void uint8_rows_and_int64_ids_load_in_numpy_as_written() throws IOException {
        byte[] bits = new byte[301 * 16];
        new SplittableRandom(3).nextBytes(bits);
        long[] ids = new SplittableRandom(4).longs(301).toArray();
        Path vectors = dir.resolve("b.npy");
        Path idsFile = dir.resolve("ids.npy");
        try (NpyWriter bytes = NpyWriter.uint8(vectors, 16); NpyWriter longs = NpyWriter.int64(idsFile)) {
            bytes.write(bits, 0, bits.length);
            longs.write(ids, 0, ids.length);
        }
        Files.write(dir.resolve("b.bin"), bits);
        ByteBuffer raw = ByteBuffer.allocate(ids.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(ids);
        Files.write(dir.resolve("ids.bin"), raw.array());
        NpyFixtures.checkWithNumpy(vectors, dir.resolve("b.bin"), "|u1", 301, 16);
        NpyFixtures.checkWithNumpy(idsFile, dir.resolve("ids.bin"), "<i8", 301, null);
    }

    @Test
    void an_empty_array_is_a_valid_file_of_zero_rows() throws IOException {
        Path npy = dir.resolve("empty.npy");
        NpyWriter.float32(npy, 8).close();
        Files.write(dir.resolve("empty.bin"), new byte[0]);
        NpyFixtures.checkWithNumpy(npy, dir.resolve("empty.bin"), "<f4", 0, 8);
    }

    @Test
    void items_that_are_not_whole_rows_are_refused_at_close() throws IOException {
        Path npy = dir.resolve("partial.npy");
        NpyWriter writer = NpyWriter.float32(npy, 4);
        writer.write(new float[6], 0, 6);
        assertThatThrownBy(writer::close).isInstanceOf(IllegalStateException.class)
                .hasMessage("6 items are not whole rows of 4: " + npy);
    }
}
