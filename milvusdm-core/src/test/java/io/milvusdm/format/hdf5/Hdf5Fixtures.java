package io.milvusdm.format.hdf5;

import io.milvusdm.pipeline.VectorType;
import io.milvusdm.testing.TestEnvironment;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Fixtures written by h5py at test time ({@code scripts/fixtures/hdf5_fixtures.py}) and what the reader must
 * produce from them, read from the little-endian files the script writes beside each {@code .h5}.
 */
public final class Hdf5Fixtures {

    private Hdf5Fixtures() {
    }

    /** Writes the named cases under {@code dir}; returns {@code dir}. */
    public static Path write(Path dir, String... cases) {
        List<String> args = new ArrayList<>(List.of("--out", dir.toString()));
        args.addAll(List.of(cases));
        TestEnvironment.runFixtureScript("hdf5_fixtures.py", args.toArray(String[]::new));
        return dir;
    }

    /**
     * What one file (or one dataset of it) must read as.
     *
     * @param floats float32 rows, row-major, or {@code null} for binary vectors
     * @param bytes packed-bit rows, or {@code null} for float vectors
     * @param ids the ids, or {@code null} when the file has none
     */
    public record Expected(long rows, int dimension, VectorType type, float[] floats, byte[] bytes, long[] ids) {

        /** Loads {@code <stem>.properties}, {@code <stem>.vectors.bin} and {@code <stem>.ids.bin}. */
        public static Expected load(Path dir, String stem) throws IOException {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(dir.resolve(stem + ".properties"))) {
                properties.load(reader);
            }
            long rows = Long.parseLong(properties.getProperty("rows"));
            int dimension = Integer.parseInt(properties.getProperty("dimension"));
            VectorType type = VectorType.valueOf(properties.getProperty("vector_type"));
            ByteBuffer vectors = littleEndian(dir.resolve(stem + ".vectors.bin"));
            float[] floats = null;
            byte[] bytes = null;
            if (type == VectorType.FLOAT_VECTOR) {
                floats = new float[vectors.remaining() / Float.BYTES];
                vectors.asFloatBuffer().get(floats);
            } else {
                bytes = new byte[vectors.remaining()];
                vectors.get(bytes);
            }
            long[] ids = null;
            Path idsFile = dir.resolve(stem + ".ids.bin");
            if (Files.exists(idsFile)) {
                ByteBuffer buffer = littleEndian(idsFile);
                ids = new long[buffer.remaining() / Long.BYTES];
                buffer.asLongBuffer().get(ids);
            }
            return new Expected(rows, dimension, type, floats, bytes, ids);
        }

        private static ByteBuffer littleEndian(Path file) throws IOException {
            return ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        }

        /** Values (floats or bytes) per row. */
        public int rowWidth() {
            return type == VectorType.FLOAT_VECTOR ? dimension : dimension / 8;
        }
    }
}
