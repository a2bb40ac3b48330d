package io.milvusdm.cli;

import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.Source;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.testing.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The rows of one partition of a Milvus 1.x fixture (scripts/fixtures/milvus1x_fixtures.py): vectors as
 * little-endian bytes (float32 or packed bits), bit for bit, and ids, in the order a reader produces them.
 */
record Milvus1xExpected(byte[] vectors, long[] ids) {

    /** Writes the fixture cases under {@code dir}. */
    static void write(Path dir, String... cases) {
        String[] args = new String[cases.length + 2];
        args[0] = "--out";
        args[1] = dir.toString();
        System.arraycopy(cases, 0, args, 2, cases.length);
        TestEnvironment.runFixtureScript("milvus1x_fixtures.py", args);
    }

    static Milvus1xExpected load(Path caseDir, String collection, String tag) throws IOException {
        Path expected = caseDir.resolve("expected").resolve(collection);
        byte[] idBytes = Files.readAllBytes(expected.resolve(tag + ".ids.bin"));
        long[] ids = new long[idBytes.length / Long.BYTES];
        ByteBuffer.wrap(idBytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(ids);
        return new Milvus1xExpected(Files.readAllBytes(expected.resolve(tag + ".vectors.bin")), ids);
    }

    /**
     * Asserts that a partition of a Milvus collection holds every row of the fixture's partition of the same name,
     * by id, bit for bit; returns how many rows that is.
     */
    static int assertStored(io.milvusdm.milvus.MilvusItSupport milvus, Path caseDir, String collection, String tag)
            throws IOException {
        Milvus1xExpected expected = load(caseDir, collection, tag);
        java.util.Map<Object, int[]> actual = milvus.readRawBitsByIds(collection, tag, expected.ids());
        org.assertj.core.api.Assertions.assertThat(actual).as(tag).hasSize(expected.ids().length);
        int d = expected.vectors().length / Float.BYTES / expected.ids().length;
        ByteBuffer vectors = ByteBuffer.wrap(expected.vectors()).order(ByteOrder.LITTLE_ENDIAN);
        for (int row = 0; row < expected.ids().length; row++) {
            int[] bits = new int[d];
            for (int j = 0; j < d; j++) {
                bits[j] = vectors.getInt((row * d + j) * Float.BYTES);
            }
            org.assertj.core.api.Assertions.assertThat(actual.get(expected.ids()[row]))
                    .as("%s row %d id %d", tag, row, expected.ids()[row]).containsExactly(bits);
        }
        return expected.ids().length;
    }

    /** Every row of a source, in split order, in the same form; closes the source. */
    static Milvus1xExpected read(Source source) throws IOException {
        ByteArrayOutputStream vectors = new ByteArrayOutputStream();
        long[] ids = new long[0];
        try (source) {
            for (Split split : source.splits(1 << 20)) {
                try (BatchReader reader = source.open(split, 1 << 16)) {
                    for (VectorBatch b = reader.next(); b != null; b = reader.next()) {
                        int rows = b.rowCount();
                        if (b.vectors() instanceof FloatVectors f) {
                            int n = rows * f.dimension();
                            ByteBuffer buffer = ByteBuffer.allocate(n * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                            buffer.asFloatBuffer().put(f.values(), 0, n);
                            vectors.write(buffer.array(), 0, buffer.capacity());
                        } else {
                            ByteVectors v = (ByteVectors) b.vectors();
                            vectors.write(v.values(), 0, rows * v.dimension() / 8);
                        }
                        long[] batchIds = ((PrimaryKeys.Int64Keys) b.keys()).values();
                        int from = ids.length;
                        ids = Arrays.copyOf(ids, from + rows);
                        System.arraycopy(batchIds, 0, ids, from, rows);
                    }
                }
            }
        }
        return new Milvus1xExpected(vectors.toByteArray(), ids);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Milvus1xExpected e && Arrays.equals(vectors, e.vectors) && Arrays.equals(ids, e.ids);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(vectors) + Arrays.hashCode(ids);
    }

    @Override
    public String toString() {
        return ids.length + " rows, " + vectors.length + " vector bytes, ids " + Arrays.toString(
                Arrays.copyOf(ids, Math.min(ids.length, 5))) + "...";
    }
}
