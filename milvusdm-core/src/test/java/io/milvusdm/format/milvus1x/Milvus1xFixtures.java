package io.milvusdm.format.milvus1x;

import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.testing.TestEnvironment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Milvus 1.x directories written by sqlite3 and numpy at test time ({@code scripts/fixtures/milvus1x_fixtures.py})
 * and what the reader must produce from them, read from the raw little-endian files the script writes.
 */
final class Milvus1xFixtures {

    private Milvus1xFixtures() {
    }

    /** Writes the named cases under {@code dir}; returns {@code dir}. */
    static Path write(Path dir, String... cases) {
        List<String> args = new ArrayList<>(List.of("--out", dir.toString()));
        args.addAll(List.of(cases));
        TestEnvironment.runFixtureScript("milvus1x_fixtures.py", args.toArray(String[]::new));
        return dir;
    }

    /** The expected vector bytes (float32 LE or packed bits) of one partition. */
    static byte[] vectors(Path caseDir, String collection, String tag) throws IOException {
        return Files.readAllBytes(caseDir.resolve("expected").resolve(collection).resolve(tag + ".vectors.bin"));
    }

    static long[] ids(Path caseDir, String collection, String tag) throws IOException {
        byte[] bytes = Files.readAllBytes(caseDir.resolve("expected").resolve(collection).resolve(tag + ".ids.bin"));
        long[] ids = new long[bytes.length / Long.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(ids);
        return ids;
    }

    /** What a source produced for one partition: vectors as LE bytes (bit-exact), ids. */
    record Rows(ByteArrayOutputStream vectors, List<Long> ids) {
        long[] idArray() {
            return ids.stream().mapToLong(Long::longValue).toArray();
        }
    }

    /**
     * Reads every split in order with the given batch bound, checking each split yields its row count and each
     * batch stays within the bound; returns the rows by partition tag.
     */
    static Map<String, Rows> readAll(Milvus1xSource source, long splitBytes, long batchBytes) throws IOException {
        Map<String, Rows> byTag = new LinkedHashMap<>();
        for (Split split : source.splits(splitBytes)) {
            Rows rows = byTag.computeIfAbsent(((Milvus1xSplit) split).partitionTag(),
                    t -> new Rows(new ByteArrayOutputStream(), new ArrayList<>()));
            long count = 0;
            try (BatchReader reader = source.open(split, batchBytes)) {
                for (VectorBatch batch; (batch = reader.next()) != null; ) {
                    assertThat(batch.rowCount() == 1 || batch.byteSize() <= batchBytes)
                            .as("batch of %d rows, %d bytes, bound %d", batch.rowCount(), batch.byteSize(), batchBytes)
                            .isTrue();
                    count += batch.rowCount();
                    append(rows, batch);
                    source.recycle(batch);
                }
            }
            assertThat(count).as("rows of %s", split.id()).isEqualTo(split.rowCount());
        }
        return byTag;
    }

    private static void append(Rows rows, VectorBatch batch) {
        if (batch.vectors() instanceof FloatVectors f) {
            ByteBuffer buffer = ByteBuffer.allocate(f.values().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            buffer.asFloatBuffer().put(f.values());
            rows.vectors().write(buffer.array(), 0, buffer.capacity());
        } else {
            byte[] b = ((ByteVectors) batch.vectors()).values();
            rows.vectors().write(b, 0, b.length);
        }
        for (long id : ((PrimaryKeys.Int64Keys) batch.keys()).values()) {
            rows.ids().add(id);
        }
    }
}
