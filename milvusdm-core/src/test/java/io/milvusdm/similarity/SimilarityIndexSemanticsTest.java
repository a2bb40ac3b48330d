package io.milvusdm.similarity;

import io.milvusdm.similarity.dataset.Dataset;
import io.milvusdm.similarity.dataset.Patch;
import io.milvusdm.similarity.dataset.Sample;
import io.milvusdm.similarity.store.SimilarityStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The index's maintenance, query and record semantics, on the in-memory backend. */
class SimilarityIndexSemanticsTest {

    @TempDir
    Path dir;
    final List<String> warnings = new ArrayList<>();

    static float[][] random(int rows, int dim, long seed) {
        Random random = new Random(seed);
        float[][] out = new float[rows][dim];
        for (float[] row : out) {
            for (int i = 0; i < dim; i++) {
                row[i] = (float) random.nextGaussian();
            }
        }
        return out;
    }

    static Dataset samples(String name, int count) {
        Dataset.Builder builder = Dataset.builder(name);
        for (int i = 0; i < count; i++) {
            builder.add("s" + i, "/img/" + i + ".jpg");
        }
        return builder.build();
    }

    SimilarityOptions.Builder options(String key) {
        return SimilarityOptions.builder(key).store(dir.resolve("store.db")).warnings(warnings::add);
    }

    SimilarityIndex index(int count) throws IOException {
        return Similarity.compute(samples("ds", count), options("idx").embeddings(Embeddings.array(random(count, 8, 1)))
                .build());
    }

    @Test
    void add_replaces_existing_ids_and_never_holds_one_twice() throws IOException {
        try (SimilarityIndex index = index(10)) {
            float[][] fresh = random(2, 8, 99);
            index.addToIndex(fresh, List.of("s1", "s2"));
            assertThat(index.totalIndexSize()).isEqualTo(10);
            IndexedEmbeddings got = index.getEmbeddings(List.of("s2", "s1"), null, false, false);
            assertThat(got.vectors()).isDeepEqualTo(new float[][] {fresh[1], fresh[0]});
        }
    }

    @Test
    void add_without_overwrite_keeps_existing_rows_and_adds_new_ones() throws IOException {
        try (SimilarityIndex index = index(10)) {
            float[] before = index.getEmbeddings(List.of("s3"), null, false, false).vectors()[0];
            float[][] fresh = random(2, 8, 5);
            index.addToIndex(fresh, List.of("s3", "new"), null, new SimilarityIndex.AddOptions(false, true, true));
            assertThat(index.getEmbeddings(List.of("s3", "new"), null, false, false).vectors())
                    .isDeepEqualTo(new float[][] {before, fresh[1]});
            assertThat(index.totalIndexSize()).isEqualTo(11);
            assertThat(warnings).containsExactly("Skipping 1 ids that already exist in index 'idx'");
        }
    }

    @Test
    void add_with_existing_ids_not_allowed_fails_before_writing() throws IOException {
        try (SimilarityIndex index = index(10)) {
            assertThatThrownBy(() -> index.addToIndex(random(2, 8, 5), List.of("brand_new", "s4"), null,
                    new SimilarityIndex.AddOptions(true, false, false)))
                    .hasMessage("Found 1 ids (e.g. 's4') that already exist in index 'idx'");
            assertThat(index.totalIndexSize()).isEqualTo(10);
            index.addToIndex(random(1, 8, 6), List.of("s1"), null, new SimilarityIndex.AddOptions(true, true, true));
            assertThat(warnings).containsExactly("Overwriting 1 ids that already exist in index 'idx'");
        }
    }

    @Test
    void add_rejects_an_id_twice_and_a_wrong_dimension() throws IOException {
        try (SimilarityIndex index = index(4)) {
            assertThatThrownBy(() -> index.addToIndex(random(2, 8, 5), List.of("x", "x")))
                    .hasMessageContaining("'x' is given twice");
            assertThatThrownBy(() -> index.addToIndex(random(1, 5, 5), List.of("y")))
                    .hasMessageContaining("has 5 dimensions, index 'idx' expects 8");
            assertThatThrownBy(() -> index.addToIndex(random(1, 8, 5), List.of("y"), List.of("l"),
                    SimilarityIndex.AddOptions.DEFAULT)).hasMessageContaining("does not take label ids");
        }
    }

    @Test
    void remove_counts_exactly_and_reports_missing_ids_as_asked() throws IOException {
        try (SimilarityIndex index = index(10)) {
            index.removeFromIndex(List.of("s0", "s1"), null, true, false);
            assertThat(index.totalIndexSize()).isEqualTo(8);
            assertThatThrownBy(() -> index.removeFromIndex(List.of("s2", "s0"), null, false, false))
                    .hasMessage("Found 1 ids (e.g. 's0') that are not in index 'idx'");
            assertThat(index.totalIndexSize()).isEqualTo(8);
            index.removeFromIndex(List.of("s2", "gone"), null, true, true);
            assertThat(warnings).containsExactly("Skipping 1 ids that are not in index 'idx'");
            assertThat(index.totalIndexSize()).isEqualTo(7);
        }
    }

    @Test
    void get_embeddings_follows_the_input_order_and_reports_missing() throws IOException {
        float[][] vectors = random(6, 8, 1);
        try (SimilarityIndex index = index(6)) {
            IndexedEmbeddings got = index.getEmbeddings(List.of("s5", "s0", "s3"), null, true, false);
            assertThat(got.sampleIds()).containsExactly("s5", "s0", "s3");
            assertThat(got.vectors()).isDeepEqualTo(new float[][] {vectors[5], vectors[0], vectors[3]});
            assertThat(got.labelIds()).isNull();
            assertThatThrownBy(() -> index.getEmbeddings(List.of("s1", "nope"), null, false, false))
                    .hasMessageContaining("'nope'");
            assertThat(index.getEmbeddings(null, null, true, false).sampleIds())
                    .containsExactly("s0", "s1", "s2", "s3", "s4", "s5");
        }
    }

    static Dataset patchDataset() {
        Dataset.Builder builder = Dataset.builder("boxes");
        float[][] v = random(7, 4, 3);
        int n = 0;
        for (int s = 0; s < 3; s++) {
            List<Patch> patches = new ArrayList<>();
            for (int p = 0; p < (s == 2 ? 3 : 2); p++) {
                patches.add(new Patch("L" + s + "_" + p, "cat", new double[] {0, 0, 0.5, 0.5}, Map.of("emb", v[n++])));
            }
            Map<String, List<Patch>> fields = new LinkedHashMap<>();
            fields.put("gt", patches);
            builder.add(new Sample("S" + s, null, "{}", fields, Map.of()));
        }
        return builder.build();
    }

    @Test
    void a_patch_index_reads_and_removes_patches_by_sample_id() throws IOException {
        try (SimilarityIndex index = Similarity.compute(patchDataset(), options("p").patchesField("gt")
                .embeddings(Embeddings.field("emb")).build())) {
            IndexedEmbeddings got = index.getEmbeddings(List.of("S2", "S0"), null, false, false);
            assertThat(got.labelIds()).containsExactly("L2_0", "L2_1", "L2_2", "L0_0", "L0_1");
            assertThat(got.sampleIds()).containsExactly("S2", "S2", "S2", "S0", "S0");
            assertThatThrownBy(() -> index.getEmbeddings(List.of("S1", "nothing"), null, false, false))
                    .hasMessage("Found 1 ids (e.g. 'nothing') that are not in index 'p'");
            assertThat(index.getEmbeddings(List.of("nothing", "S1"), null, true, true).labelIds())
                    .containsExactly("L1_0", "L1_1");
            assertThat(warnings).containsExactly("Skipping 1 ids that are not in index 'p'");
            assertThat(index.getEmbeddings(null, List.of("L1_1", "L0_0"), false, false).labelIds())
                    .containsExactly("L1_1", "L0_0");
            index.removeFromIndex(List.of("S2"), null, false, false);
            assertThat(index.totalIndexSize()).isEqualTo(4);
            index.removeFromIndex(null, List.of("L0_1"), false, false);
            assertThat(index.totalIndexSize()).isEqualTo(3);
            assertThatThrownBy(() -> index.removeFromIndex(List.of("S2"), null, false, false))
                    .hasMessageContaining("'S2'");
            List<Hit> hits = index.sortBySimilarity(Query.id("L1_0"), 1, false, null);
            assertThat(hits).containsExactly(new Hit("S1", "L1_0", hits.get(0).score()));
        }
    }

    @Test
    void text_prompts_go_through_the_model_and_several_are_averaged() throws IOException {
        Dataset.Builder builder = Dataset.builder("texts");
        String[] texts = {"a photo of a dog", "a cat on a sofa", "quarterly tax report", "dog and cat playing"};
        for (int i = 0; i < texts.length; i++) {
            builder.add(new Sample("t" + i, null, "{\"text\": \"" + texts[i] + "\"}", Map.of(), Map.of()));
        }
        HashingTextModel model = new HashingTextModel(64);
        try (SimilarityIndex index = Similarity.compute(builder.build(), options("txt").model(model).build())) {
            assertThat(index.supportsPrompts()).isTrue();
            assertThat(index.sortBySimilarity(Query.text("tax report"), 1, false, null))
                    .extracting(Hit::sampleId).containsExactly("t2");
            float[][] both = model.embedTexts(List.of("dog", "cat"));
            assertThat(index.sortBySimilarity(new Query.Prompts(List.of("dog", "cat")), null, false, null))
                    .isEqualTo(index.sortBySimilarity(Query.vectors(List.of(both)), null, false, null));
            assertThat(index.config().model()).isEqualTo("hashing-64");
        }
        try (SimilarityIndex noModel = Similarity.load("texts", "txt", options("").build())) {
            assertThatThrownBy(() -> noModel.sortBySimilarity(Query.text("dog"), 1, false, null))
                    .hasMessageContaining("has no model to embed text prompts");
        }
    }

    @Test
    void dist_field_writes_each_hits_score_into_the_store() throws IOException {
        try (SimilarityIndex index = index(5)) {
            List<Hit> hits = index.sortBySimilarity(Query.id("s1"), 3, false, "dist");
            Map<String, Double> written = SimilarityStore.at(dir.resolve("store.db")).readField("ds", false, "dist");
            Map<String, Double> expected = new LinkedHashMap<>();
            hits.forEach(h -> expected.put(h.sampleId(), h.score()));
            assertThat(written).containsExactlyInAnyOrderEntriesOf(expected);
            assertThat(hits.get(0).sampleId()).isEqualTo("s1");
        }
    }

    @Test
    void records_list_rename_delete_and_the_index_persists_across_loads() throws IOException {
        SimilarityStore store = SimilarityStore.at(dir.resolve("store.db"));
        List<Hit> before;
        try (SimilarityIndex index = index(6)) {
            before = index.sortBySimilarity(Query.id("s2"), 4, false, null);
        }
        assertThatThrownBy(() -> index(6)).hasMessageContaining("Index key 'idx' already exists on dataset 'ds'");
        Similarity.rename(store, "ds", "idx", "renamed");
        assertThat(Similarity.list(store, "ds")).extracting(IndexRecord::key).containsExactly("renamed");
        IndexRecord info = Similarity.info(store, "ds", "renamed");
        assertThat(info.config().backend()).isEqualTo("inmemory");
        assertThat(info.config().metric()).isEqualTo("cosine");
        assertThat(info.config().dimension()).isEqualTo(8);
        try (SimilarityIndex loaded = Similarity.load("ds", "renamed", options("").build())) {
            assertThat(loaded.sortBySimilarity(Query.id("s2"), 4, false, null)).isEqualTo(before);
            assertThat(loaded.totalIndexSize()).isEqualTo(6);
        }
        Similarity.delete(store, "ds", "renamed");
        assertThat(Similarity.list(store, null)).isEmpty();
        assertThat(store.indexRows("ds", "renamed")).isEmpty();
        assertThatThrownBy(() -> Similarity.load("ds", "renamed", options("").build()))
                .hasMessageContaining("has no index 'renamed'");
    }

    @Test
    void keys_and_fields_are_checked() {
        assertThatThrownBy(() -> Similarity.compute(samples("ds", 2), options("1bad key").embeddings(
                Embeddings.array(random(2, 4, 1))).build())).hasMessageContaining("is not an index key");
        assertThatThrownBy(() -> Similarity.compute(samples("ds", 2), options("k").patchesField("nope")
                .embeddings(Embeddings.none()).build())).hasMessageContaining("has no patches field 'nope'");
        assertThatThrownBy(() -> Similarity.compute(samples("ds", 2), options("k").embeddings(
                Embeddings.array(random(3, 4, 1))).build())).hasMessageContaining("3 embeddings for 2 samples");
    }

    @Test
    void duplicates_are_claimed_by_the_first_close_item_and_unique_items_are_the_loneliest() throws IOException {
        float[][] base = random(5, 8, 11);
        float[][] vectors = new float[8][];
        System.arraycopy(base, 0, vectors, 0, 5);
        vectors[5] = base[1].clone();
        vectors[5][0] += 0.001f;
        vectors[6] = base[1].clone();
        vectors[6][1] -= 0.002f;
        vectors[7] = base[3].clone();
        vectors[7][2] += 0.001f;
        try (SimilarityIndex index = Similarity.compute(samples("dups", 8), options("d").metric(Metric.EUCLIDEAN)
                .embeddings(Embeddings.array(vectors)).build())) {
            Duplicates found = index.findDuplicates(0.0001);
            assertThat(found.uniqueIds()).containsExactly("s0", "s1", "s2", "s3", "s4");
            assertThat(found.duplicateIds()).containsExactly("s5", "s6", "s7");
            assertThat(found.neighbors().get("s1")).extracting(Hit::sampleId).containsExactly("s5", "s6");
            assertThat(found.neighbors().get("s3")).extracting(Hit::sampleId).containsExactly("s7");

            List<Hit> unique = index.findUnique(3);
            assertThat(unique).extracting(Hit::sampleId).doesNotContain("s1", "s3", "s5", "s6", "s7")
                    .containsExactlyInAnyOrder("s0", "s2", "s4");
            assertThat(unique.get(0).score()).isGreaterThanOrEqualTo(unique.get(1).score());
        }
    }
}
