package io.milvusdm.format.faiss.codec;

import io.milvusdm.testing.TestEnvironment;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Fixtures written by faiss-cpu at test time ({@code scripts/fixtures/faiss_codec_fixtures.py}): per case, the
 * trained parameters, codes faiss made, faiss's decode of them and the original vectors, as little-endian raw files.
 */
final class FaissCodecFixtures {

    private FaissCodecFixtures() {
    }

    /** Writes the named cases under {@code dir}; returns {@code dir}. */
    static Path write(Path dir, String... cases) {
        List<String> args = new ArrayList<>(List.of("--out", dir.toString()));
        args.addAll(List.of(cases));
        TestEnvironment.runFixtureScript("faiss_codec_fixtures.py", args.toArray(String[]::new));
        return dir;
    }

    /** One case directory: {@code case.properties} and its arrays. */
    record Case(Path dir, Properties properties) {

        static Case load(Path root, String name) {
            Path dir = root.resolve(name);
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(dir.resolve("case.properties"))) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Case(dir, properties);
        }

        int integer(String key) {
            String value = properties.getProperty(key);
            if (value == null) {
                throw new IllegalStateException("no " + key + " in " + dir.resolve("case.properties"));
            }
            return Integer.parseInt(value);
        }

        boolean flag(String key) {
            return integer(key) != 0;
        }

        boolean has(String file) {
            return Files.exists(dir.resolve(file));
        }

        float[] f32(String name) {
            ByteBuffer buffer = read(name + ".f32");
            float[] values = new float[buffer.remaining() / Float.BYTES];
            buffer.asFloatBuffer().get(values);
            return values;
        }

        int[] i32(String name) {
            ByteBuffer buffer = read(name + ".i32");
            int[] values = new int[buffer.remaining() / Integer.BYTES];
            buffer.asIntBuffer().get(values);
            return values;
        }

        byte[] u8(String name) {
            ByteBuffer buffer = read(name + ".u8");
            byte[] values = new byte[buffer.remaining()];
            buffer.get(values);
            return values;
        }

        private ByteBuffer read(String file) {
            try {
                return ByteBuffer.wrap(Files.readAllBytes(dir.resolve(file))).order(ByteOrder.LITTLE_ENDIAN);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The bit patterns of {@code values}: comparing them is comparing floats bit for bit (-0.0, NaN included). */
    static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
