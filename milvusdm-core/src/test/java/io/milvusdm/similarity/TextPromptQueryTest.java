package io.milvusdm.similarity;

import io.milvusdm.similarity.dataset.Dataset;
import io.milvusdm.similarity.dataset.Sample;
import io.milvusdm.similarity.embed.EmbeddingModel;
import io.milvusdm.similarity.embed.EmbeddingModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Text prompts through the bundled all-MiniLM-L6-v2: a text dataset ranked by meaning, not by shared words. */
class TextPromptQueryTest {

    @TempDir
    Path dir;

    static Dataset texts() {
        String[][] rows = {
            {"dog", "A golden retriever fetching a stick in the park"},
            {"tax", "Quarterly tax filing deadlines for small businesses"},
            {"soup", "Recipe for a warming tomato and basil soup"},
            {"kitten", "A small kitten asleep on a windowsill"},
            {"match", "The football team won the final in extra time"},
        };
        Dataset.Builder builder = Dataset.builder("captions");
        for (String[] row : rows) {
            builder.add(new Sample(row[0], null, "{\"text\": \"" + row[1] + "\"}", Map.of(), Map.of()));
        }
        return builder.build();
    }

    @Test
    void prompts_find_the_caption_they_mean_and_the_record_brings_the_model_back() throws IOException {
        List<Hit> hits;
        try (EmbeddingModel minilm = EmbeddingModels.open("minilm");
             SimilarityIndex index = Similarity.compute(texts(), SimilarityOptions.builder("minilm_idx")
                     .model(minilm).store(dir.resolve("s.db")).build())) {
            assertThat(index.config().model()).isEqualTo(minilm.name());
            assertThat(index.config().dimension()).isEqualTo(minilm.dimension());
            hits = index.sortBySimilarity(Query.text("a puppy playing outside"), 2, false, null);
            assertThat(hits.get(0).sampleId()).isEqualTo("dog");
            assertThat(index.sortBySimilarity(Query.text("paying taxes"), 1, false, null))
                    .extracting(Hit::sampleId).containsExactly("tax");
            assertThat(index.sortBySimilarity(Query.text("something to eat for dinner"), 1, false, null))
                    .extracting(Hit::sampleId).containsExactly("soup");
        }
        // loaded without a model: the recorded one is opened for the first prompt
        try (SimilarityIndex loaded = Similarity.load("captions", "minilm_idx",
                SimilarityOptions.builder("").store(dir.resolve("s.db")).build())) {
            assertThat(loaded.supportsPrompts()).isTrue();
            assertThat(loaded.sortBySimilarity(Query.text("a puppy playing outside"), 2, false, null)).isEqualTo(hits);
        }
    }
}
