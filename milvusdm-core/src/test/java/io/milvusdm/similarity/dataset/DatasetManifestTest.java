package io.milvusdm.similarity.dataset;

import io.milvusdm.similarity.store.SimilarityStore;
import io.milvusdm.testing.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetManifestTest {

    @TempDir
    Path dir;

    @Test
    void the_example_manifest_loads_and_survives_the_store() throws IOException {
        Path manifest = TestEnvironment.projectRoot().resolve("examples/similarity/pets.jsonl");
        Dataset dataset = DatasetManifest.read(manifest, null);
        assertThat(dataset.name()).isEqualTo("pets");
        assertThat(dataset.size()).isGreaterThanOrEqualTo(3);
        Sample first = dataset.samples().get(0);
        assertThat(Path.of(first.filepath())).isAbsolute().startsWith(manifest.getParent());
        assertThat(dataset.patches("ground_truth")).isNotEmpty();

        SimilarityStore store = SimilarityStore.at(dir.resolve("s.db"));
        store.saveDataset(dataset);
        assertThat(store.loadDataset("pets").orElseThrow().samples()).isEqualTo(dataset.samples());
        assertThat(store.datasetNames()).containsExactly("pets");
    }

    @Test
    void errors_name_the_file_and_the_line() throws IOException {
        Path manifest = dir.resolve("bad.jsonl");
        Files.writeString(manifest, """
                {"id": "a"}
                # comment
                {"id": "b", "patches": {"gt": [{"id": "l1", "box": [0, 0, 1]}]}}
                """);
        assertThatThrownBy(() -> DatasetManifest.read(manifest, null))
                .hasMessage("Dataset manifest " + manifest + " line 3: sample 'b', patches.gt, patch 'l1': box must be"
                        + " [x, y, w, h]");
        Files.writeString(manifest, "{\"id\": \"a\"}\n{\"id\": \"a\"}\n");
        assertThatThrownBy(() -> DatasetManifest.read(manifest, "dup"))
                .hasMessageContaining("sample id 'a' appears twice");
        Files.writeString(manifest, "{\"filepath\": \"x.jpg\"}\n");
        assertThatThrownBy(() -> DatasetManifest.read(manifest, null)).hasMessageContaining("line 1: missing \"id\"");
    }
}
