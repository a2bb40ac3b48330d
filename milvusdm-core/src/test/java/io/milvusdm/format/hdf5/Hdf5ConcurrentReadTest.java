package io.milvusdm.format.hdf5;

import io.milvusdm.pipeline.Split;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Readers of different splits on different threads share nothing that changes their data. */
class Hdf5ConcurrentReadTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeFixtures() {
        Hdf5Fixtures.write(dir, "float32_ids", "chunked_gzip_ids", "bigendian_f8_chunked");
    }

    @Test
    void two_threads_reading_interleaved_splits_of_contiguous_and_chunked_files_get_every_row() throws Exception {
        List<String> stems = List.of("float32_ids", "chunked_gzip_ids", "bigendian_f8_chunked");
        for (String stem : stems) {
            Path caseDir = dir.resolve(stem);
            Hdf5Fixtures.Expected expected = Hdf5Fixtures.Expected.load(caseDir, stem);
            try (Hdf5Source source = Hdf5Source.open(Hdf5SourceSpec.milvusdm(List.of(caseDir.resolve(stem + ".h5")),
                    false))) {
                Hdf5ReadAll all = new Hdf5ReadAll(source);
                readOnTwoThreads(source, all, source.splits(10_000));
                all.assertEveryRowReadOnce();
                all.assertVectors(0, expected);
                all.assertKeys(0, expected.ids());
            }
        }
    }

    private static void readOnTwoThreads(Hdf5Source source, Hdf5ReadAll all, List<Split> splits) throws Exception {
        assertThat(splits).hasSizeGreaterThan(4);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int thread = 0; thread < 2; thread++) {
                int parity = thread;
                done.add(pool.submit(() -> {
                    for (int i = parity; i < splits.size(); i += 2) {
                        all.readSplit(source, splits.get(i), 2_000);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
