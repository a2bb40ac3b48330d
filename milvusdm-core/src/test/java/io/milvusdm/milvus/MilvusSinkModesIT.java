package io.milvusdm.milvus;

import io.milvusdm.milvus.MilvusItSupport.TestSplit;
import io.milvusdm.pipeline.SinkCompletion;
import io.milvusdm.pipeline.SinkPreparation;
import io.milvusdm.pipeline.WriteKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static io.milvusdm.milvus.MilvusItSupport.batch;
import static io.milvusdm.milvus.MilvusItSupport.floatSchema;
import static io.milvusdm.milvus.MilvusItSupport.ids;
import static io.milvusdm.milvus.MilvusItSupport.knownFloats;
import static io.milvusdm.milvus.MilvusItSupport.rawBits;
import static io.milvusdm.milvus.MilvusItSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

/** skip / append / overwrite / upsert, at collection and at partition level, run and re-run. */
class MilvusSinkModesIT {

    private static final int DIM = 8;
    private static final int ROWS = 400;

    private MilvusItSupport milvus;
    private String collection;

    @BeforeEach
    void connect() {
        milvus = new MilvusItSupport();
        collection = milvus.freshCollection("modes");
    }

    @AfterEach
    void cleanUp() {
        milvus.drop(collection);
        milvus.close();
    }

    /** One job: prepare, write ids [firstId, firstId + ROWS) with vectors from seed (unless skipped), complete. */
    private Run run(String partition, WriteMode mode, long firstId, long seed) throws IOException {
        return run(partition, mode, firstId, seed, false, -1);
    }

    private Run run(String partition, WriteMode mode, long firstId, long seed, boolean resuming, long baseline)
            throws IOException {
        try (MilvusSink sink = MilvusSink.open(spec(collection, partition, mode))) {
            SinkPreparation preparation = sink.prepare(floatSchema(DIM, ROWS), resuming, baseline);
            if (preparation.skip()) {
                return new Run(preparation, null);
            }
            sink.write(batch(new TestSplit("s", ROWS), 0, ids(firstId, ROWS), DIM, knownFloats(ROWS * DIM, seed)),
                    WriteKind.INSERT);
            return new Run(preparation, sink.complete(preparation.rowsBefore(), ROWS));
        }
    }

    private void assertHolds(String partition, long firstId, long seed) {
        Map<Object, int[]> rows = milvus.readRawBits(collection, partition, firstId, firstId + ROWS);
        assertThat(rows).hasSize(ROWS);
        float[] values = knownFloats(ROWS * DIM, seed);
        for (int r = 0; r < ROWS; r++) {
            assertThat(rows.get(firstId + r)).isEqualTo(rawBits(values, r * DIM, DIM));
        }
    }

    @Test
    void append_twice_doubles_the_collection() throws Exception {
        Run first = run(null, WriteMode.APPEND, 0, 1);
        // new keys: Milvus keeps both copies of a repeated key, Milvus Lite 3.x only the latest
        Run second = run(null, WriteMode.APPEND, ROWS, 2);

        assertThat(first.completion()).isEqualTo(new SinkCompletion(ROWS, ROWS));
        assertThat(second.preparation().message()).isEqualTo("appending to collection '" + collection + "'");
        assertThat(second.preparation().rowsBefore()).isEqualTo(ROWS);
        assertThat(second.completion()).isEqualTo(new SinkCompletion(2 * ROWS, 2 * ROWS));
        assertHolds(null, 0, 1);
        assertHolds(null, ROWS, 2);
    }

    @Test
    void upsert_twice_keeps_one_row_per_key_with_the_latest_vector() throws Exception {
        Run first = run(null, WriteMode.UPSERT, 0, 1);
        Run second = run(null, WriteMode.UPSERT, 0, 2);

        assertThat(first.completion()).isEqualTo(new SinkCompletion(ROWS, ROWS));
        assertThat(second.preparation().message()).isEqualTo("upserting into collection '" + collection + "'");
        assertThat(second.completion()).isEqualTo(new SinkCompletion(ROWS, ROWS));
        assertHolds(null, 0, 2);
    }

    @Test
    void overwrite_replaces_the_collection() throws Exception {
        run(null, WriteMode.APPEND, 0, 1);
        Run second = run(null, WriteMode.OVERWRITE, 10_000, 3);

        assertThat(second.preparation().message()).isEqualTo("dropped and recreated collection '" + collection + "'");
        assertThat(second.completion()).isEqualTo(new SinkCompletion(ROWS, ROWS));
        assertThat(milvus.readRawBits(collection, null, 0, ROWS)).isEmpty();
        assertHolds(null, 10_000, 3);
    }

    @Test
    void skip_leaves_an_existing_collection_untouched_and_says_so() throws Exception {
        run(null, WriteMode.APPEND, 0, 1);
        Run second = run(null, WriteMode.SKIP, 5_000, 4);

        assertThat(second.preparation()).isEqualTo(
                new SinkPreparation(true, "skipped: collection '" + collection + "' exists", ROWS));
        assertThat(milvus.readRawBits(collection, null, 5_000, 5_000 + ROWS)).isEmpty();
        assertHolds(null, 0, 1);
    }

    @Test
    void skip_still_creates_and_fills_a_new_collection() throws Exception {
        Run run = run(null, WriteMode.SKIP, 0, 1);

        assertThat(run.preparation().skip()).isFalse();
        assertThat(run.completion()).isEqualTo(new SinkCompletion(ROWS, ROWS));
    }

    @Test
    void partition_modes_touch_only_the_named_partition() throws Exception {
        run("other", WriteMode.APPEND, 50_000, 9);

        Run created = run("p1", WriteMode.APPEND, 0, 1);
        assertThat(created.preparation().message())
                .isEqualTo("created partition 'p1' in collection '" + collection + "'");
        assertThat(created.completion()).isEqualTo(new SinkCompletion(ROWS, ROWS));

        Run appended = run("p1", WriteMode.APPEND, ROWS, 2);
        assertThat(appended.completion()).isEqualTo(new SinkCompletion(2 * ROWS, 2 * ROWS));

        Run skipped = run("p1", WriteMode.SKIP, 7_000, 5);
        assertThat(skipped.preparation()).isEqualTo(new SinkPreparation(true,
                "skipped: partition 'p1' of collection '" + collection + "' exists", 2 * ROWS));

        Run overwritten = run("p1", WriteMode.OVERWRITE, 20_000, 6);
        assertThat(overwritten.preparation().message())
                .isEqualTo("dropped and recreated partition 'p1' of collection '" + collection + "'");
        assertThat(overwritten.completion()).isEqualTo(new SinkCompletion(ROWS, ROWS));
        assertHolds("p1", 20_000, 6);
        assertThat(milvus.readRawBits(collection, "p1", 0, ROWS)).isEmpty();

        Run upserted = run("p1", WriteMode.UPSERT, 20_000, 7);
        assertThat(upserted.completion()).isEqualTo(new SinkCompletion(ROWS, ROWS));
        assertHolds("p1", 20_000, 7);

        assertHolds("other", 50_000, 9);
    }

    @Test
    void resuming_never_drops_or_skips() throws Exception {
        run(null, WriteMode.APPEND, 0, 1);

        Run resumedOverwrite = run(null, WriteMode.OVERWRITE, ROWS, 2, true, 0);
        assertThat(resumedOverwrite.preparation()).isEqualTo(
                new SinkPreparation(false, "resuming into collection '" + collection + "'", 0));
        assertThat(resumedOverwrite.completion()).isEqualTo(new SinkCompletion(2 * ROWS, ROWS));

        Run resumedSkip = run(null, WriteMode.SKIP, 2 * ROWS, 3, true, 2 * ROWS);
        assertThat(resumedSkip.preparation().skip()).isFalse();
        assertThat(resumedSkip.completion()).isEqualTo(new SinkCompletion(3 * ROWS, 3 * ROWS));
        assertHolds(null, 0, 1);
    }

    private record Run(SinkPreparation preparation, SinkCompletion completion) {
    }
}
