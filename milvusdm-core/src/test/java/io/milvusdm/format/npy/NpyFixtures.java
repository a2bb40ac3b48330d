package io.milvusdm.format.npy;

import io.milvusdm.testing.TestEnvironment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Fixtures written by numpy at test time ({@code scripts/fixtures/npy_fixtures.py}) and what the reader must
 * produce from them, read from the raw little-endian files the script writes beside each {@code .npy}.
 */
final class NpyFixtures {

    private NpyFixtures() {
    }

    /** Writes the named cases under {@code dir}; returns {@code dir}. */
    static Path write(Path dir, String... cases) {
        List<String> args = new ArrayList<>(List.of("--out", dir.toString()));
        args.addAll(List.of(cases));
        TestEnvironment.runFixtureScript("npy_fixtures.py", args.toArray(String[]::new));
        return dir;
    }

    /** Has numpy check a file we wrote: np.load equals the raw items, and the bytes equal np.save's. */
    static void checkWithNumpy(Path npy, Path raw, String dtype, long rows, Integer columns) {
        List<String> args = new ArrayList<>(List.of("check", npy.toString(), raw.toString(), dtype,
                Long.toString(rows)));
        if (columns != null) {
            args.add(columns.toString());
        }
        TestEnvironment.runFixtureScript("npy_fixtures.py", args.toArray(String[]::new));
    }

    static Properties properties(Path dir, String stem) throws IOException {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(dir.resolve(stem + ".properties"))) {
            properties.load(reader);
        }
        return properties;
    }

    static float[] floats(Path dir, String stem) throws IOException {
        ByteBuffer buffer = littleEndian(dir.resolve(stem + ".vectors.bin"));
        float[] values = new float[buffer.remaining() / Float.BYTES];
        buffer.asFloatBuffer().get(values);
        return values;
    }

    static byte[] bytes(Path dir, String stem) throws IOException {
        return Files.readAllBytes(dir.resolve(stem + ".vectors.bin"));
    }

    static long[] ids(Path dir, String stem) throws IOException {
        ByteBuffer buffer = littleEndian(dir.resolve(stem + ".ids.bin"));
        long[] values = new long[buffer.remaining() / Long.BYTES];
        buffer.asLongBuffer().get(values);
        return values;
    }

    private static ByteBuffer littleEndian(Path file) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Float bits, so that NaN, -0.0 and the like compare exactly. */
    static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
